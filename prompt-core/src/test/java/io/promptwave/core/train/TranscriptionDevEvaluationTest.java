package io.promptwave.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.promptwave.core.decode.DecodingOptions;
import io.promptwave.core.model.BackboneConfig;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.text.Vocabulary;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the dev score measures: while pretraining, the better of greedy decoder and greedy CTC; when
 * adapting, the one decoding the adapted model is used with, whatever the CTC head reads.
 */
class TranscriptionDevEvaluationTest {
    private static final BackboneConfig TINY = BackboneConfig.builder().optDModel(64).optHeads(4).optEncoderLayers(2)
            .optDecoderLayers(1).optFeedForward(128).optFrontEndWidth(64).optDropout(0f).optCtcHead(true).build();

    @Test
    void pretrainingTakesTheBetterGreedyReadingAndAdaptingScoresItsOwnDecoding(@TempDir Path run) throws Exception {
        Vocabulary vocabulary = new Vocabulary(List.of("en"), 0);
        try (SpeechModel model = SpeechModel.create(TINY, vocabulary, 3)) {
            List<TrainingExample> data = TrainerTest.eightWords(vocabulary);
            // a few steps: the CTC head and the decoder read the words, each with its own errors
            TrainingConfig config = TrainingConfig.builder().optEpochs(12).optMaxBatchFrames(4000)
                    .optPeakLearningRate(3e-3f).optWarmupSteps(5).optSpecAugment(false).optPatience(0)
                    .optCheckpointSteps(1000).optLabelSmoothing(0f).build();
            new Trainer(model, config, run, TrainerTest.QUIET).run(data, List.of(), (m, cer) -> { });

            DevEvaluation.Score pretraining = TranscriptionDevEvaluation.forPretraining(model, data, 0, 4000)
                    .evaluate(null);
            double decoder = pretraining.figures().get("dev_cer");
            double ctc = pretraining.figures().get("dev_ctc_cer");
            assertNotEquals(decoder, ctc, "the two readings should differ for this test to tell them apart");
            assertEquals(Math.min(decoder, ctc), pretraining.score());

            DevEvaluation.Score greedy = TranscriptionDevEvaluation.withDecoding(model, data, 0, 4000,
                    DecodingOptions.GREEDY).evaluate(null);
            assertEquals(decoder, greedy.score());
            assertEquals(decoder, greedy.figures().get("dev_cer"));
            assertFalse(greedy.figures().containsKey("dev_ctc_cer"), greedy.figures().toString());

            DecodingOptions greedyCtc = DecodingOptions.builder().optCtcWeight(1).build();
            assertEquals(ctc, TranscriptionDevEvaluation.withDecoding(model, data, 0, 4000, greedyCtc)
                    .evaluate(null).score());

            // the first three of each kind when limited
            DevEvaluation.Score limited = TranscriptionDevEvaluation.withDecoding(model, data.subList(0, 3), 0, 4000,
                    DecodingOptions.GREEDY).evaluate(null);
            assertEquals(limited.score(), TranscriptionDevEvaluation.withDecoding(model, data, 3, 4000,
                    DecodingOptions.GREEDY).evaluate(null).score());
        }
    }
}
