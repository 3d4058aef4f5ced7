package io.promptwave.core.model;

import java.nio.ByteBuffer;

/** What can happen between a forward and a backward pass in training, made to happen now. */
public final class FreedMemory {
    private FreedMemory() {
    }

    /**
     * Runs the garbage collector, lets the cleaner free the direct buffers it found, and fills fresh
     * direct buffers (likely the freed memory again) with a huge number: a tensor still reading freed
     * memory then reads garbage.
     */
    public static void collectAndReuse() {
        System.gc();
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (int i = 0; i < 200; i++) {
            ByteBuffer.allocateDirect(8).putDouble(0, 1e300);
        }
    }
}
