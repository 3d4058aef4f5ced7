package io.promptwave.corpus.synth;

/** Hears how a generation advances; called from worker threads. */
public interface ProgressListener {
    /** A listener that ignores everything. */
    ProgressListener NONE = new ProgressListener() {
        @Override
        public void started(int total, int alreadyDone) {
        }

        @Override
        public void finished(int count) {
        }
    };

    /**
     * @param total candidates in the plan
     * @param alreadyDone candidates an earlier run finished
     */
    void started(int total, int alreadyDone);

    /** @param count candidates just finished (synthesised or rejected) */
    void finished(int count);
}
