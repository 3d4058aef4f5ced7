package io.promptwave.core.prompt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.promptwave.features.FeatureSequence;
import io.promptwave.core.PromptFixtures;
import io.promptwave.core.artifact.Tensor;
import io.promptwave.core.decode.DecodingOptions;
import io.promptwave.core.decode.Transcriber;
import io.promptwave.core.decode.Transcript;
import io.promptwave.core.model.Backbone;
import io.promptwave.core.model.BackboneConfig;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.text.Vocabulary;
import io.promptwave.core.train.PaddedBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Rows of one batch with different prompts compute what each computes alone. */
class PromptAssemblerTest {
    static final BackboneConfig TINY = PromptFixtures.TINY;

    static List<FeatureSequence> utterances(long seed, int... frames) {
        return PromptFixtures.utterances(seed, frames);
    }

    /** One prompt of every method (different lengths), from stored tensors like a served prompt. */
    static List<SoftPrompt> everyMethod(SpeechModel model) {
        PromptFactory factory = new PromptFactory(model);
        List<PromptConfig> configs = List.of(
                PromptConfig.builder(PromptMethod.ENC_DEC).optLength(3).optSeed(2).build(),
                PromptConfig.builder(PromptMethod.ENC).optLength(5).optInit(PromptInit.RANDOM).build(),
                PromptConfig.builder(PromptMethod.DEC).optLength(2).optInit(PromptInit.TEXT).optInitText("<asr> hi").build(),
                PromptConfig.builder(PromptMethod.DEEP).optLength(2).build(),
                PromptConfig.builder(PromptMethod.DEEP).optLength(4).optStacks(EnumSet.of(AttentionStack.CROSS)).build(),
                PromptConfig.builder(PromptMethod.ULPT).optLength(4).optRank(2).build(),
                PromptConfig.builder(PromptMethod.MOE).optLength(2).optExperts(3).optTopK(2).build(),
                PromptConfig.builder(PromptMethod.ENC).optLength(2).optOutputBias(true).build(),
                PromptConfig.builder(PromptMethod.DEEP).optLength(3).optInputAdapterRank(4).build(),
                PromptConfig.builder(PromptMethod.ENC).optLength(2).optFeatureTransformDims(80).build());
        List<SoftPrompt> out = new ArrayList<>();
        for (PromptConfig c : configs) {
            try (SoftPrompt trained = factory.create(c, List.of())) {
                var tensors = new java.util.LinkedHashMap<>(trained.storedTensors());
                if (c.outputBias()) {
                    tensors.put(OutputBiasPrompt.STORED, gaussian(model.vocabulary().size(), 3));
                }
                if (c.inputAdapterRank() > 0) {
                    // a trained adapter's up projection is no longer zero
                    int width = TINY.dModel();
                    float[] up = gaussian(c.inputAdapterRank() * width, 4).values();
                    tensors.put(InputAdapterPrompt.UP, new Tensor(up, c.inputAdapterRank(), width));
                }
                if (c.featureTransformDims() > 0) {
                    // a trained transform: every bin mixes with every other, and shifts
                    int dims = c.featureTransformDims();
                    float[] matrix = gaussian(dims * dims, 5).values();
                    for (int i = 0; i < matrix.length; i++) {
                        matrix[i] *= 0.1f;
                    }
                    tensors.put(FeatureTransformPrompt.MATRIX, new Tensor(matrix, dims, dims));
                    tensors.put(FeatureTransformPrompt.SHIFT, gaussian(dims, 6));
                }
                out.add(factory.fromStored(c, tensors));
            }
        }
        return out;
    }

    private static Tensor gaussian(int n, long seed) {
        Random random = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return new Tensor(v, n);
    }

    private static float[] logits(SpeechModel model, List<FeatureSequence> rows, List<SoftPrompt> prompts) {
        try (NDManager work = model.newWorkManager()) {
            Backbone backbone = model.backbone();
            PaddedBatch batch = PaddedBatch.of(work, rows);
            Backbone.Embedded input = FeatureTransformPrompt.embed(model, batch, prompts, false);
            PromptAssembler.Assembled assembled = PromptAssembler.assemble(input, prompts, false);
            Backbone.Encoded encoded = backbone.encode(model.store(), input, assembled.hooks(), false);
            long[] tokens = new long[rows.size() * 4];
            for (int r = 0; r < rows.size(); r++) {
                // the third token depends on the utterance, not on its place in the batch
                long[] row = {Vocabulary.ASR, model.vocabulary().language("en"), 100 + rows.get(r).frames() % 50, 120};
                System.arraycopy(row, 0, tokens, r * 4, 4);
            }
            NDArray ids = work.create(tokens, new Shape(rows.size(), 4));
            return backbone.decoderLogits(model.store(), encoded, ids, work.ones(ids.getShape(), DataType.BOOLEAN),
                    assembled.hooks(), false).toFloatArray();
        }
    }

    @Test
    void eachRowOfAMixedBatchEqualsTheRowAlone() throws Exception {
        try (SpeechModel model = SpeechModel.create(TINY, new Vocabulary(List.of("en"), 0), 5)) {
            List<SoftPrompt> prompts = everyMethod(model);
            try {
                List<SoftPrompt> rowPrompts = new ArrayList<>(prompts);
                rowPrompts.add(null);
                rowPrompts.add(prompts.get(0));
                int[] frames = {50, 83, 61, 97, 40, 72, 66, 58, 77, 90, 54, 45};
                List<FeatureSequence> rows = utterances(9, frames);
                float[] mixed = logits(model, rows, rowPrompts);
                int perRow = mixed.length / rows.size();
                double steered = 0;
                float[] bare = logits(model, rows.subList(0, 1), java.util.Collections.singletonList(null));
                for (int r = 0; r < rows.size(); r++) {
                    float[] alone = logits(model, rows.subList(r, r + 1), java.util.Collections.singletonList(rowPrompts.get(r)));
                    for (int i = 0; i < perRow; i++) {
                        assertEquals(alone[i], mixed[r * perRow + i], 1e-4, "row " + r + " (" + rowPrompts.get(r)
                                + ") logit " + i);
                    }
                }
                // and the prompts are live: row 0 with its prompt differs from row 0 bare
                for (int i = 0; i < perRow; i++) {
                    steered = Math.max(steered, Math.abs(bare[i] - mixed[i]));
                }
                assertTrue(steered > 1e-2, "the prompt moved row 0's logits by only " + steered);

                Transcriber greedy = new Transcriber(model, DecodingOptions.GREEDY);
                List<Transcript> together = greedy.transcribe(rows, "en", rowPrompts);
                for (int r = 0; r < rows.size(); r++) {
                    Transcript alone = greedy.transcribe(rows.subList(r, r + 1), "en",
                            java.util.Collections.singletonList(rowPrompts.get(r))).get(0);
                    assertEquals(alone.text(), together.get(r).text(), "row " + r);
                }
            } finally {
                prompts.forEach(SoftPrompt::close);
            }
        }
    }

    @Test
    void beamSearchWithCtcAlsoDecodesMixedRowsAsAlone() throws Exception {
        try (SpeechModel model = SpeechModel.create(TINY, new Vocabulary(List.of("en"), 0), 6)) {
            List<SoftPrompt> prompts = everyMethod(model);
            try {
                List<FeatureSequence> rows = utterances(4, 44, 70, 52, 81, 63, 38, 77, 59, 66, 48);
                Transcriber beam = new Transcriber(model, DecodingOptions.builder().optBeamSize(3).optCtcWeight(0.3)
                        .build());
                List<Transcript> together = beam.transcribe(rows, "en", prompts);
                for (int r = 0; r < rows.size(); r++) {
                    Transcript alone = beam.transcribe(rows.subList(r, r + 1), "en", List.of(prompts.get(r))).get(0);
                    assertEquals(alone.text(), together.get(r).text(), "row " + r + " " + prompts.get(r).method());
                }
            } finally {
                prompts.forEach(SoftPrompt::close);
            }
        }
    }

    @Test
    void beamRowsSharingTheirUtterancesMemoryEqualRowsWithCopiesOfIt() throws Exception {
        // beam search decodes g rows per utterance against one copy of its encoder memory
        // (Backbone.startDecoding with a group); each row must get what it got with a copy of its own
        int g = 3;
        try (SpeechModel model = SpeechModel.create(TINY, new Vocabulary(List.of("en"), 0), 8);
                NDManager work = model.newWorkManager()) {
            List<SoftPrompt> prompts = everyMethod(model);
            try {
                Backbone backbone = model.backbone();
                List<FeatureSequence> rows = utterances(6, 44, 70, 52, 81, 63, 38, 77, 59, 66, 48);
                PaddedBatch batch = PaddedBatch.of(work, rows);
                Backbone.Embedded input = FeatureTransformPrompt.embed(model, batch, prompts, false);
                PromptAssembler.Assembled assembled = PromptAssembler.assemble(input, prompts, false);
                Backbone.Encoded encoded = backbone.encode(model.store(), input, assembled.hooks(), false);
                long[] repeat = new long[rows.size() * g];
                for (int i = 0; i < repeat.length; i++) {
                    repeat[i] = i / g;
                }
                Backbone.DecoderState copies = backbone.startDecoding(model.store(), encoded.selectRows(repeat),
                        assembled.hooks().selectRows(work.create(repeat)));
                Backbone.DecoderState shared = backbone.startDecoding(model.store(), encoded, assembled.hooks(), g);
                Random random = new Random(4);
                int n = repeat.length;
                for (int step = 0; step < 4; step++) {
                    long[] tokens = new long[n];
                    for (int i = 0; i < n; i++) {
                        tokens[i] = 8 + random.nextInt(200);
                    }
                    float[] a = backbone.step(model.store(), copies, work.create(tokens, new Shape(n, 1))).toFloatArray();
                    float[] b = backbone.step(model.store(), shared, work.create(tokens, new Shape(n, 1))).toFloatArray();
                    assertEquals(a.length, b.length);
                    for (int i = 0; i < a.length; i++) {
                        assertEquals(a[i], b[i], 1e-4, "step " + step + " logit " + i);
                    }
                    // reorder within each utterance's rows, then let utterances 1 and 4 finish and leave
                    List<Long> keep = new ArrayList<>();
                    for (int u = 0; u < n / g; u++) {
                        if (step == 1 && (u == 1 || u == 4)) {
                            continue;
                        }
                        for (int j = 0; j < g; j++) {
                            keep.add((long) u * g + (j + step) % g);
                        }
                    }
                    long[] kept = keep.stream().mapToLong(Long::longValue).toArray();
                    copies.select(work.create(kept));
                    shared.select(work.create(kept));
                    n = kept.length;
                }
                assertEquals((rows.size() - 2) * g, n);
            } finally {
                prompts.forEach(SoftPrompt::close);
            }
        }
    }

    @Test
    void aMixtureRoutesByTheInputAndCountsItsChoices() throws Exception {
        try (SpeechModel model = SpeechModel.create(TINY, new Vocabulary(List.of("en"), 0), 5);
                SoftPrompt moe = new PromptFactory(model).create(PromptConfig.builder(PromptMethod.MOE).optLength(2)
                        .optExperts(4).build(), List.of())) {
            List<FeatureSequence> rows = utterances(2, 40, 60, 80, 50, 70, 90);
            try (NDManager work = model.newWorkManager()) {
                PaddedBatch batch = PaddedBatch.of(work, rows);
                Backbone.Embedded input = model.backbone().embed(model.store(), batch.features(), batch.lengths(), false);
                PromptParts parts = moe.parts(input, true);
                assertArrayEquals(new long[] {6, 2, 32}, parts.encoderInput().getShape().getShape());
                assertTrue(parts.auxiliaryLoss().getFloat() > 0, "a load-balancing loss");
            }
            long[] usage = ((MixturePrompt) moe).usage();
            assertEquals(6, Arrays.stream(usage).sum(), Arrays.toString(usage));
        }
    }
}
