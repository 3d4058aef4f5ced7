package io.promptwave.cli;

import io.promptwave.core.artifact.ModelFormatException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Ctrl-C or SIGTERM while a model or prompt trains. Left alone, the JVM would exit with the training
 * thread inside PyTorch, whose static objects the exit destroys under it: a native crash report
 * ({@code hs_err_pid*.log}, twice in our own runs) and the step lost. During {@link #during} the exit
 * waits: the run is told to stop after its step (the supplier it gets, which the progress listener
 * passes on to the trainer), saves a checkpoint, and the command finishes its output; then the exit
 * goes on while the command's thread waits outside native code.
 */
final class TrainingInterruption {
    /** How long the exit waits for a step and, at an epoch's end, the dev evaluation. */
    private static final long PATIENCE_MINUTES = 10;

    private final PrintWriter err;
    private final String command;
    private final CountDownLatch commandDone = new CountDownLatch(1);
    private final Thread hook;
    private volatile boolean requested;

    /** A training run and the output that reports it. */
    @FunctionalInterface
    interface Run {
        /**
         * @param stop true once the run should stop at its next step: for the trainer's listener
         * @throws IOException when reading data or saving fails
         * @throws ModelFormatException when a model or checkpoint cannot be read
         */
        void train(BooleanSupplier stop) throws IOException, ModelFormatException;
    }

    /**
     * Runs {@code run} with Ctrl-C and SIGTERM turned into a stop at its next step. After such a stop
     * this never returns: the JVM exits (130 or 143) once the run's output is written, a failure on the
     * way told first.
     *
     * @param err where the notices go
     * @param command the command's name, for the notices
     * @param run the training and its report
     * @throws IOException when the run fails to read or save
     * @throws ModelFormatException when the run finds a model or checkpoint unreadable
     */
    static void during(PrintWriter err, String command, Run run) throws IOException, ModelFormatException {
        TrainingInterruption interruption = new TrainingInterruption(err, command);
        try {
            run.train(interruption::requested);
            interruption.holdIfExiting();
        } catch (IOException | ModelFormatException | RuntimeException e) {
            interruption.reportIfExiting(e);
            throw e;
        } finally {
            interruption.release();
        }
    }

    /** Installs the shutdown hook. */
    private TrainingInterruption(PrintWriter err, String command) {
        this.err = err;
        this.command = command;
        this.hook = new Thread(this::stopAndWait, "promptwave-training-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** @return whether the process has been asked to end */
    private boolean requested() {
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

    /** Ends the watch: the exit, if one is waiting, goes on. */
    private void release() {
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
    private void reportIfExiting(Exception e) {
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
    private void holdIfExiting() {
        if (!requested) {
            return;
        }
        release();
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
