package io.promptwave.core.train;

import io.promptwave.core.decode.DecodingOptions;
import io.promptwave.core.decode.Transcriber;
import io.promptwave.core.eval.TranscriptionEvaluator;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.prompt.SoftPrompt;
import io.promptwave.core.text.Vocabulary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dev score of transcription: CER and WER by greedy search on the decoder and, when the model
 * has one, on the CTC head. The score is the lower of the two CERs: early on the CTC head reads the
 * audio while the decoder still babbles. Only {@code <asr> <lang>} examples are scored.
 */
public final class TranscriptionDevEvaluation implements DevEvaluation {
    /** Greedy decoding on the CTC head: the dev score that shows the encoder long before the decoder aligns. */
    private static final DecodingOptions CTC_GREEDY = DecodingOptions.builder().optCtcWeight(1).build();

    private final SpeechModel model;
    private final List<TranscriptionEvaluator.Utterance> utterances = new ArrayList<>();
    private final int maxBatchFrames;

    /**
     * @param model the model being trained
     * @param dev dev examples; the first {@code limit} transcription examples are scored
     * @param limit how many (0: all)
     * @param maxBatchFrames padded input frames per decoding batch
     */
    public TranscriptionDevEvaluation(SpeechModel model, List<TrainingExample> dev, int limit, int maxBatchFrames) {
        this.model = model;
        this.maxBatchFrames = maxBatchFrames;
        Vocabulary vocabulary = model.vocabulary();
        List<TrainingExample> subset = limit > 0 && dev.size() > limit ? dev.subList(0, limit) : dev;
        for (TrainingExample e : subset) {
            String language = e.prefix().length == 2 && e.prefix()[0] == Vocabulary.ASR
                    ? vocabulary.languageOf(e.prefix()[1]) : null;
            if (language != null) {
                utterances.add(new TranscriptionEvaluator.Utterance(e.id(), e.features(), language,
                        vocabulary.decode(e.labels())));
            }
        }
    }

    @Override
    public Score evaluate(SoftPrompt prompt) {
        Map<String, Double> figures = new LinkedHashMap<>();
        double[] attention = rates(DecodingOptions.GREEDY, prompt);
        figures.put("dev_cer", attention[0]);
        figures.put("dev_wer", attention[1]);
        double score = attention[0];
        if (model.backbone().hasCtcHead()) {
            double[] ctc = rates(CTC_GREEDY, prompt);
            figures.put("dev_ctc_cer", ctc[0]);
            figures.put("dev_ctc_wer", ctc[1]);
            score = Math.min(score, ctc[0]);
        }
        return new Score(score, figures);
    }

    private double[] rates(DecodingOptions decoding, SoftPrompt prompt) {
        TranscriptionEvaluator.Report report = new TranscriptionEvaluator(new Transcriber(model, decoding),
                maxBatchFrames, prompt).evaluate(utterances);
        return new double[] {report.characters().rate(), report.words().rate()};
    }
}
