package io.promptwave.core.eval;

import io.promptwave.core.prompt.SoftPrompt;
import io.promptwave.core.slots.Understander;
import io.promptwave.core.train.DevEvaluation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dev score of slot filling for the trainer: the mean of the intent error and {@code 1 - SLU-F1},
 * with exact slot F1 and the transcripts' CER and WER logged beside it.
 */
public final class SlotDevEvaluation implements DevEvaluation {
    private final Understander understander;
    private final List<SlotEvaluator.Utterance> dev;
    private final int maxBatchFrames;

    /**
     * @param understander the model, schema and decoding to score with
     * @param dev the dev utterances
     * @param maxBatchFrames padded input frames per batch
     */
    public SlotDevEvaluation(Understander understander, List<SlotEvaluator.Utterance> dev, int maxBatchFrames) {
        this.understander = understander;
        this.dev = List.copyOf(dev);
        this.maxBatchFrames = maxBatchFrames;
    }

    @Override
    public Score evaluate(SoftPrompt prompt) {
        SlotEvaluator.Report report = new SlotEvaluator(understander, maxBatchFrames, prompt).evaluate(dev);
        SlotMetrics m = report.metrics();
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("dev_intent_accuracy", m.intentAccuracy());
        figures.put("dev_slu_f1", m.sluF1());
        figures.put("dev_slot_f1", m.exact().f1());
        figures.put("dev_cer", report.characters().rate());
        figures.put("dev_wer", report.words().rate());
        return new Score(1 - (m.intentAccuracy() + m.sluF1()) / 2, figures);
    }
}
