package io.promptwave.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptwave.core.artifact.SafetensorsFile;
import io.promptwave.core.model.BackboneConfig;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.prompt.PromptAddOn;
import io.promptwave.core.prompt.PromptConfig;
import io.promptwave.core.prompt.PromptFactory;
import io.promptwave.core.prompt.PromptMethod;
import io.promptwave.core.prompt.SoftPrompt;
import io.promptwave.core.text.Vocabulary;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training a prompt on a frozen base: the prompt learns, the base does not move. */
class PromptTrainingTest {
    private static final BackboneConfig TINY = BackboneConfig.builder().optDModel(64).optHeads(4).optEncoderLayers(2)
            .optDecoderLayers(1).optFeedForward(128).optFrontEndWidth(64).optDropout(0f).build();
    private static double loss(SpeechModel model, List<TrainingExample> data, SoftPrompt prompt, TrainingConfig config) {
        try (var work = model.newWorkManager()) {
            return BatchLoss.compute(model, work, data, java.util.Collections.nCopies(data.size(), prompt), config, false)
                    .value();
        }
    }

    /** Trains the model on the eight clean words; returns the settings prompts start from. */
    private static TrainingConfig trainedOnCleanWords(SpeechModel model, Vocabulary vocabulary, Path dir)
            throws Exception {
        TrainingConfig base = TrainingConfig.builder().optEpochs(40).optMaxBatchFrames(4000).optPeakLearningRate(3e-3f)
                .optWarmupSteps(10).optSpecAugment(false).optPatience(0).optCheckpointSteps(1000)
                .optLabelSmoothing(0f).build();
        new Trainer(model, base, dir.resolve("base"), TrainerTest.QUIET).run(TrainerTest.eightWords(vocabulary),
                List.of(), (m, cer) -> { });
        return base;
    }

    @Test
    void anInputAdapterOrAFeatureTransformLearnsANewChannelFarBetterThanTheSamePrefixWithoutIt(@TempDir Path dir)
            throws Exception {
        Vocabulary vocabulary = new Vocabulary(List.of("en"), 0);
        try (SpeechModel model = SpeechModel.create(TINY, vocabulary, 3)) {
            TrainingConfig adapt = trainedOnCleanWords(model, vocabulary, dir).toBuilder().optEpochs(100)
                    .optPeakLearningRate(2e-2f).build();
            List<TrainingExample> shifted = TrainerTest.eightWords(vocabulary, 1.5f);
            String before = model.fingerprint();
            double zeroShot = loss(model, shifted, null, adapt);
            // a one-position prefix reaching only cross-attention: alone, with an adapter of rank 4, with a
            // feature transform
            PromptConfig.Builder prefix = PromptConfig.builder(PromptMethod.DEEP).optLength(1)
                    .optStacks(java.util.EnumSet.of(io.promptwave.core.prompt.AttentionStack.CROSS));
            List<PromptConfig> configs = List.of(prefix.build(), prefix.optInputAdapterRank(4).build(),
                    prefix.optInputAdapterRank(0).optFeatureTransformDims(80).build());
            double[] trained = new double[configs.size()];
            for (int c = 0; c < configs.size(); c++) {
                try (SoftPrompt prompt = new PromptFactory(model).create(configs.get(c), List.of())) {
                    new Trainer(model, TrainingTarget.prompt(model, prompt), adapt, dir.resolve("variant" + c),
                            TrainerTest.QUIET).run(shifted, shifted, (m, cer) -> { });
                    trained[c] = loss(model, shifted, prompt, adapt);
                    if (c == 1) {
                        assertEquals(2L * 64 * 4, prompt.parameters().get("input_adapter.down").size()
                                + prompt.parameters().get("input_adapter.up").size());
                    }
                }
            }
            for (int c = 1; c < configs.size(); c++) {
                assertTrue(trained[c] < 0.5 * zeroShot && trained[c] < 0.5 * trained[0], "loss zero-shot " + zeroShot
                        + ", prefix alone " + trained[0] + ", " + configs.get(c).toConfig() + " " + trained[c]);
            }
            assertEquals(before, model.fingerprint(), "the backbone's weights changed");
        }
    }

    @Test
    void aPromptLearnsANewChannelAndTheBaseStaysByteIdentical(@TempDir Path dir) throws Exception {
        Vocabulary vocabulary = new Vocabulary(List.of("en"), 0);
        try (SpeechModel model = SpeechModel.create(TINY, vocabulary, 3)) {
            TrainingConfig base = trainedOnCleanWords(model, vocabulary, dir);
            List<TrainingExample> shifted = TrainerTest.eightWords(vocabulary, 1.5f);
            String before = model.fingerprint();
            TrainingConfig adapt = base.toBuilder().optEpochs(150).optPeakLearningRate(2e-2f).build();
            PromptConfig config = PromptConfig.builder(PromptMethod.DEEP).optLength(4).optOutputBias(true).build();
            try (SoftPrompt prompt = new PromptFactory(model).create(config, List.of())) {
                assertEquals("output bias", ((PromptAddOn) prompt).kind());
                double zeroShot = loss(model, shifted, null, adapt);
                double untrained = loss(model, shifted, prompt, adapt);
                Path run = dir.resolve("prompt");
                Trainer.Outcome outcome = new Trainer(model, TrainingTarget.prompt(model, prompt), adapt, run,
                        TrainerTest.QUIET)
                        .run(shifted, shifted, (m, cer) -> { });
                double trained = loss(model, shifted, prompt, adapt);
                assertTrue(outcome.finished());
                assertTrue(trained < 0.7 * zeroShot && trained < 0.5 * untrained, "loss zero-shot " + zeroShot + ", untrained "
                        + "prompt " + untrained + ", trained " + trained);
                assertEquals(before, model.fingerprint(), "the backbone's weights changed");
                // the checkpoint and the optimizer know only the prompt
                Set<String> saved = SafetensorsFile.open(run.resolve("checkpoint/weights.safetensors")).readAll().keySet();
                assertEquals(prompt.parameters().keySet(), saved);
                for (String name : SafetensorsFile.open(run.resolve("checkpoint/optimizer.safetensors")).readAll()
                        .keySet()) {
                    String param = name.substring(name.indexOf('/') + 1);
                    assertTrue(prompt.parameters().containsKey(param), name);
                }
            }
        }
    }
}
