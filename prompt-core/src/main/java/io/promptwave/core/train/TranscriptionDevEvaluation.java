package io.promptwave.core.train;

import io.promptwave.core.decode.DecodingOptions;
import io.promptwave.core.decode.Transcriber;
import io.promptwave.core.eval.ErrorCounts;
import io.promptwave.core.eval.TranscriptionEvaluator;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.prompt.SoftPrompt;
import io.promptwave.core.text.Vocabulary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The dev score of transcription and reading: CER and WER of the dev examples, decoded one of two
 * ways (below). {@code <asr> <lang>} examples are transcribed (CER after
 * normalisation), {@code <ocr> <lang>} text lines read (CER as written, capitals and punctuation
 * counted); with both, a decoding's CER pools their character errors.
 *
 * <p>Two ways to score: {@link #forPretraining} takes the lower CER of greedy search on the
 * decoder and, when the model has one, on the CTC head, since
 * early in training from scratch the CTC head reads the input while the decoder still babbles.
 * {@link #withDecoding} scores the one decoding the trained model will be used with (adapting a base:
 * its recommended decoding), so the epoch kept is the one that transcribes best that way; a prompt
 * chosen on the CTC head's greedy CER could leave the decoder babbling.
 */
public final class TranscriptionDevEvaluation implements DevEvaluation {
    /** Greedy decoding on the CTC head: the dev score that shows the encoder long before the decoder aligns. */
    private static final DecodingOptions CTC_GREEDY = DecodingOptions.builder().optCtcWeight(1).build();

    private final SpeechModel model;
    private final List<TranscriptionEvaluator.Utterance> utterances = new ArrayList<>();
    private final List<TranscriptionEvaluator.Utterance> lines = new ArrayList<>();
    private final int maxBatchFrames;
    /** The decoding scored, or null for the lower of greedy decoder and greedy CTC. */
    private final DecodingOptions decoding;

    /**
     * The score while training from scratch or pretraining: the lower CER of greedy search on the
     * decoder and on the CTC head.
     *
     * @param model the model being trained
     * @param dev dev examples; the first {@code limit} transcription examples and the first {@code limit}
     *     reading examples are scored
     * @param limit how many of each (0: all)
     * @param maxBatchFrames padded input frames per decoding batch
     * @return the evaluation
     */
    public static TranscriptionDevEvaluation forPretraining(SpeechModel model, List<TrainingExample> dev, int limit,
            int maxBatchFrames) {
        return new TranscriptionDevEvaluation(model, dev, limit, maxBatchFrames, null);
    }

    /**
     * The score of one decoding: the CER the trained model will show when decoded that way.
     *
     * @param model the model being trained
     * @param dev dev examples, as for {@link #forPretraining}
     * @param limit how many of each kind (0: all)
     * @param maxBatchFrames padded input frames per decoding batch
     * @param decoding the decoding scored (search, CTC and language-model weights)
     * @return the evaluation
     */
    public static TranscriptionDevEvaluation withDecoding(SpeechModel model, List<TrainingExample> dev, int limit,
            int maxBatchFrames, DecodingOptions decoding) {
        return new TranscriptionDevEvaluation(model, dev, limit, maxBatchFrames,
                Objects.requireNonNull(decoding, "decoding"));
    }

    private TranscriptionDevEvaluation(SpeechModel model, List<TrainingExample> dev, int limit, int maxBatchFrames,
            DecodingOptions decoding) {
        this.model = model;
        this.maxBatchFrames = maxBatchFrames;
        this.decoding = decoding;
        Vocabulary vocabulary = model.vocabulary();
        for (TrainingExample e : dev) {
            if (e.prefix().length != 2 || (e.prefix()[0] != Vocabulary.ASR && e.prefix()[0] != Vocabulary.OCR)) {
                continue;
            }
            List<TranscriptionEvaluator.Utterance> set = e.prefix()[0] == Vocabulary.ASR ? utterances : lines;
            if (limit <= 0 || set.size() < limit) {
                set.add(new TranscriptionEvaluator.Utterance(e.id(), e.features(), vocabulary.languageOf(e.prefix()[1]),
                        vocabulary.decode(e.labels())));
            }
        }
    }

    @Override
    public Score evaluate(SoftPrompt prompt) {
        Map<String, Double> figures = new LinkedHashMap<>();
        if (decoding != null) {
            return new Score(pooledRate(decoding, prompt, "dev_", figures), figures);
        }
        double score = pooledRate(DecodingOptions.GREEDY, prompt, "dev_", figures);
        if (model.backbone().hasCtcHead()) {
            score = Math.min(score, pooledRate(CTC_GREEDY, prompt, "dev_ctc_", figures));
        }
        return new Score(score, figures);
    }

    /** Scores both sets with one decoding, records their figures, returns the pooled CER. */
    private double pooledRate(DecodingOptions decoding, SoftPrompt prompt, String name, Map<String, Double> figures) {
        Transcriber transcriber = new Transcriber(model, decoding);
        ErrorCounts characters = ErrorCounts.ZERO;
        if (!utterances.isEmpty()) {
            TranscriptionEvaluator.Report report = new TranscriptionEvaluator(transcriber, maxBatchFrames, prompt)
                    .evaluate(utterances);
            figures.put(name + "cer", report.characters().rate());
            figures.put(name + "wer", report.words().rate());
            characters = characters.plus(report.characters());
        }
        if (!lines.isEmpty()) {
            TranscriptionEvaluator.Report report = TranscriptionEvaluator.reading(transcriber, maxBatchFrames, prompt)
                    .evaluate(lines);
            figures.put(name + "ocr_cer", report.exactCharacters().rate());
            characters = characters.plus(report.exactCharacters());
        }
        return characters.rate();
    }
}
