package io.promptwave.server.scheduler;

/** Told about every batch the scheduler runs (metrics). Called on the worker thread; must be quick. */
public interface BatchListener {

    /**
     * @param rows rows in the batch
     * @param computeNanos time of the forward pass
     * @param audioSeconds audio the batch covered
     */
    void batchRan(int rows, long computeNanos, double audioSeconds);

    /**
     * @param tenant the row's prompt name ("" for the bare base)
     * @param queueNanos how long it waited
     */
    void rowStarted(String tenant, long queueNanos);
}
