package io.promptwave.cli;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C or SIGTERM while a model or prompt trains. Left alone, the JVM would exit with the training
 * thread inside PyTorch, whose static objects the exit destroys under it: a native crash report
 * ({@code hs_err_pid*.log}, twice in our own runs) and the step lost. While one of these is open, the
 * exit waits: the run is told to stop after its step ({@link #requested()}, which the progress
 * listener passes on to the trainer), saves a checkpoint, and the command finishes its output; then
 * {@link #holdIfExiting()} lets the exit go on while the command's thread waits outside native code.
 */
final class TrainingInterruption implements AutoCloseable {
    /** How long the exit waits for a step and, at an epoch's end, the dev evaluation. */
    private static final long PATIENCE_MINUTES = 10;

    private final PrintWriter err;
    private final String command;
    private final CountDownLatch commandDone = new CountDownLatch(1);
    private final Thread hook;
    private volatile boolean requested;

    /**
     * Installs the shutdown hook.
     *
     * @param err where the notice goes
     * @param command the command's name, for the notice
     */
    TrainingInterruption(PrintWriter err, String command) {
        this.err = err;
        this.command = command;
        this.hook = new Thread(this::stopAndWait, "promptwave-training-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** @return whether the process has been asked to end */
    boolean requested() {
        return requested;
    }

    private void stopAndWait() {
        requested = true;
        err.println(command + ": stopping after this step, or after the dev evaluation under way, to save a checkpoint "
                + "(kill -9 stops at once and loses it)");
        err.flush();
        try {
            if (!commandDone.await(PATIENCE_MINUTES, TimeUnit.MINUTES)) {
                err.println(command + ": no checkpoint within " + PATIENCE_MINUTES + " minutes; exiting without one");
                err.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Ends the watch: the exit, if one is waiting, goes on. Called on every way out of the run, so that a
     * failure while stopping still reaches the user.
     */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            requested = true;
        }
        commandDone.countDown();
    }

    /**
     * A failure while the exit waits is told here: the exit may not leave time for the usual report.
     *
     * @param e what went wrong in the run or in saving its checkpoint
     */
    void reportIfExiting(Exception e) {
        if (requested) {
            err.println(command + ": failed while stopping: " + e.getMessage());
            err.flush();
        }
    }

    /**
     * Called when the command has finished its work: after a stop request the JVM is exiting, and this
     * thread then waits here, in Java, for the exit, instead of going on (the grid command runs adapt
     * in-process and would start its next native work) to work the exit would cut short inside PyTorch.
     */
    void holdIfExiting() {
        if (!requested) {
            return;
        }
        close();
        err.flush();
        while (true) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                // the exit ends this thread; nothing else may wake it to more work
            }
        }
    }
}
