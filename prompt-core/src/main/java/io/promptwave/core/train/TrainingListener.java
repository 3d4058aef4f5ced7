package io.promptwave.core.train;

/** Hears a training run's progress; the CLI draws a progress bar from it. Calls come from the training thread. */
public interface TrainingListener {

    /**
     * After each update.
     *
     * @param report the step's figures
     */
    void onStep(StepReport report);

    /**
     * After each epoch's dev evaluation.
     *
     * @param report the epoch's figures
     */
    void onEpoch(EpochReport report);

    /** @param message a line worth telling the user */
    default void onMessage(String message) {
    }

    /**
     * Asked after every update and every epoch: true makes the run save a checkpoint and return at
     * once, unfinished, as a time budget does (the CLI answers true once the user pressed Ctrl-C).
     *
     * @return whether the run should stop now
     */
    default boolean stopRequested() {
        return false;
    }

    /**
     * @param epoch 1-based epoch
     * @param step 1-based update count over the whole run
     * @param batchInEpoch 1-based batch within the epoch
     * @param batchesInEpoch batches in the epoch
     * @param loss the combined loss
     * @param ctcLoss CTC loss per label (NaN without CTC rows)
     * @param attentionLoss label-smoothed cross-entropy per token
     * @param learningRate this step's rate
     * @param gradientNorm global gradient norm before clipping
     * @param framesPerSecond input frames trained per wall second, this run so far
     * @param elapsedSeconds wall time of the whole run, earlier runs included
     */
    record StepReport(int epoch, long step, int batchInEpoch, int batchesInEpoch, double loss, double ctcLoss,
            double attentionLoss, double learningRate, double gradientNorm, double framesPerSecond,
            double elapsedSeconds) {
    }

    /**
     * @param epoch 1-based epoch
     * @param step updates so far
     * @param dev the dev score and its figures (speech: dev_cer, dev_wer, dev_ctc_cer, dev_ctc_wer when
     *     scored for pretraining; text lines:
     *     dev_ocr_cer, dev_ctc_ocr_cer; a dev set of lines alone has no dev_cer)
     * @param best whether the score is the best so far (the model was saved)
     * @param elapsedSeconds wall time of the whole run
     */
    record EpochReport(int epoch, long step, DevEvaluation.Score dev, boolean best, double elapsedSeconds) {
    }
}
