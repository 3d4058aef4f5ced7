package io.promptwave.core.model;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
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
        BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(b -> b.getName().equals("direct")).findFirst().orElseThrow();
        long before = direct.getCount();
        System.gc();
        // the cleaner thread frees what the collection found: wait until it has (2 s at most)
        for (int i = 0; i < 400 && direct.getCount() >= before; i++) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        for (int i = 0; i < 200; i++) {
            ByteBuffer.allocateDirect(8).putDouble(0, 1e300);
        }
    }
}
