package io.promptwave.core.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.promptwave.features.FeatureSequence;
import io.promptwave.core.model.Backbone;
import io.promptwave.core.model.BackboneConfig;
import io.promptwave.core.model.EngineUnavailableException;
import io.promptwave.core.model.PromptHooks;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.text.CharNgramModel;
import io.promptwave.core.text.Vocabulary;
import io.promptwave.core.train.PaddedBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BeamSearchDecoderTest {
    private static final BackboneConfig TINY = BackboneConfig.builder().optDModel(32).optHeads(4).optEncoderLayers(2)
            .optDecoderLayers(2).optFeedForward(64).optFrontEndWidth(48).optDropout(0f).build();

    private static List<FeatureSequence> noise(long seed, int... frames) {
        Random random = new Random(seed);
        List<FeatureSequence> out = new ArrayList<>();
        for (int n : frames) {
            float[] v = new float[n * 80];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) random.nextGaussian();
            }
            out.add(FeatureSequence.of(v, n, 80, 100, "noise" + n));
        }
        return out;
    }

    private static List<Hypothesis> decode(SpeechModel model, TokenDecoder decoder, List<FeatureSequence> utterances) {
        int[] prefix = {Vocabulary.ASR, model.vocabulary().language("en")};
        try (NDManager work = model.newWorkManager()) {
            PaddedBatch batch = PaddedBatch.of(work, utterances);
            Backbone.Encoded encoded = model.backbone().encode(model.store(), batch.features(), batch.lengths(),
                    PromptHooks.NONE, false);
            return decoder.decode(work, encoded, CtcPosteriors.of(model, encoded), prefix, PromptHooks.NONE);
        }
    }

    @Test
    void beamSearchNeverScoresBelowGreedy() throws EngineUnavailableException {
        try (SpeechModel model = SpeechModel.create(TINY, new Vocabulary(List.of("en"), 0), 21)) {
            List<FeatureSequence> utterances = noise(2, 30, 45, 61, 38);
            DecodingOptions raw = DecodingOptions.builder().optBeamSize(4).optLengthNormalization(0).build();
            List<Hypothesis> greedy = decode(model, new GreedyDecoder(model), utterances);
            List<Hypothesis> beam = decode(model, new BeamSearchDecoder(model, raw), utterances);
            int better = 0;
            for (int i = 0; i < utterances.size(); i++) {
                assertTrue(beam.get(i).score() >= greedy.get(i).score() - 1e-4,
                        "utterance " + i + ": beam " + beam.get(i).score() + " < greedy " + greedy.get(i).score());
                better += beam.get(i).score() > greedy.get(i).score() + 1e-4 ? 1 : 0;
            }
            assertTrue(better > 0, "a beam of 4 finds a better hypothesis than greedy on some utterance");
        }
    }

    @Test
    void aBatchDecodesAsEachUtteranceAloneWithCtcScores() throws EngineUnavailableException {
        try (SpeechModel model = SpeechModel.create(TINY, new Vocabulary(List.of("en"), 0), 4)) {
            List<FeatureSequence> utterances = noise(9, 52, 27, 40);
            BeamSearchDecoder decoder = new BeamSearchDecoder(model,
                    DecodingOptions.builder().optBeamSize(3).optCtcWeight(0.4).build());
            List<Hypothesis> together = decode(model, decoder, utterances);
            for (int i = 0; i < utterances.size(); i++) {
                Hypothesis alone = decode(model, decoder, List.of(utterances.get(i))).get(0);
                assertArrayEquals(alone.tokens(), together.get(i).tokens(), "utterance " + i);
                assertArrayEquals(alone.logProbs(), together.get(i).logProbs(), 1e-4f);
                int limit = model.backbone().audioFrontEnd().outputLength(utterances.get(i).frames()) + 4;
                assertTrue(alone.tokens().length <= limit, alone.tokens().length + " tokens over the limit " + limit);
            }
        }
    }

    @Test
    void aFusedLanguageModelSteersTheBeamTowardsItsText() throws EngineUnavailableException {
        CharNgramModel lm = CharNgramModel.fit(List.of("a banana", "an ant", "a nab"), 4, "en");
        try (SpeechModel model = SpeechModel.create(TINY, new Vocabulary(List.of("en"), 0), 21)) {
            List<FeatureSequence> utterances = noise(5, 40, 55);
            DecodingOptions plain = DecodingOptions.builder().optBeamSize(64).optLengthNormalization(0).build();
            DecodingOptions unweighted = DecodingOptions.builder().optBeamSize(64).optLengthNormalization(0)
                    .optLanguageModel(lm, 0).build();
            DecodingOptions fused = DecodingOptions.builder().optBeamSize(64).optLengthNormalization(0)
                    .optLanguageModel(lm, 2).build();
            List<Hypothesis> without = decode(model, new BeamSearchDecoder(model, plain), utterances);
            List<Hypothesis> zero = decode(model, new BeamSearchDecoder(model, unweighted), utterances);
            List<Hypothesis> with = decode(model, new BeamSearchDecoder(model, fused), utterances);
            for (int i = 0; i < utterances.size(); i++) {
                assertArrayEquals(without.get(i).tokens(), zero.get(i).tokens(), "weight 0 changes nothing");
                String a = model.vocabulary().decode(without.get(i).tokens());
                String b = model.vocabulary().decode(with.get(i).tokens());
                double perByteWithout = lm.logProb(a) / (a.length() + 1);
                double perByteWith = lm.logProb(b) / (b.length() + 1);
                assertTrue(perByteWith > perByteWithout + 1, "utterance " + i + ": '" + b + "' (" + perByteWith
                        + " a byte) is not more like the text than '" + a + "' (" + perByteWithout + ")");
            }
        }
    }

    @Test
    void onlyTranscriptsInTheLanguageModelsLanguageAreFused() throws EngineUnavailableException {
        CharNgramModel lm = CharNgramModel.fit(List.of("a banana", "an ant", "a nab"), 4, "en");
        try (SpeechModel model = SpeechModel.create(TINY, new Vocabulary(List.of("en", "it"), 0), 21)) {
            List<FeatureSequence> utterances = noise(5, 40, 55);
            DecodingOptions plain = DecodingOptions.builder().optBeamSize(8).optLengthNormalization(0).build();
            DecodingOptions fused = DecodingOptions.builder().optBeamSize(8).optLengthNormalization(0)
                    .optLanguageModel(lm, 2).build();
            assertEquals(new Transcriber(model, plain).transcribe(utterances, "it").stream().map(Transcript::text)
                    .toList(), new Transcriber(model, fused).transcribe(utterances, "it").stream()
                    .map(Transcript::text).toList());
            // while in English the same options do change what is read
            assertNotEquals(new Transcriber(model, plain).transcribe(utterances, "en").stream().map(Transcript::text)
                    .toList(), new Transcriber(model, fused).transcribe(utterances, "en").stream()
                    .map(Transcript::text).toList());
            assertEquals("beam 8, CTC weight 0.00, length norm 0.00, 4-gram LM weight 2.00", fused.describe());
        }
    }

    @Test
    void greedySearchesKeepTheirMeaningWhenTheModelHasALanguageModel() throws EngineUnavailableException {
        // the shipped base records an LM weight; --beam 1 --ctc-weight 0 or 1 must still be plain greedy
        CharNgramModel lm = CharNgramModel.fit(List.of("a banana"), 3, "en");
        try (SpeechModel model = SpeechModel.create(TINY, new Vocabulary(List.of("en"), 0), 21)) {
            DecodingOptions greedy = DecodingOptions.builder().optLanguageModel(lm, 0.4).build();
            DecodingOptions greedyCtc = DecodingOptions.builder().optCtcWeight(1).optLanguageModel(lm, 0.4).build();
            assertInstanceOf(GreedyDecoder.class, TokenDecoder.of(model, greedy));
            assertInstanceOf(CtcGreedyDecoder.class, TokenDecoder.of(model, greedyCtc));
            assertEquals("greedy", greedy.describe());
            assertEquals("greedy CTC", greedyCtc.describe());
            // a beam of 1 between the two is beam search, and fuses it
            assertInstanceOf(BeamSearchDecoder.class, TokenDecoder.of(model,
                    DecodingOptions.builder().optCtcWeight(0.5).optLanguageModel(lm, 0.4).build()));
        }
    }

    @Test
    void aLanguageModelWeightNeedsALanguageModel() {
        assertEquals("a language model weight of 0.5 needs a language model, and the model has none",
                assertThrows(IllegalArgumentException.class, () -> DecodingOptions.builder()
                        .optLanguageModel(null, 0.5).build()).getMessage());
        CharNgramModel lm = CharNgramModel.fit(List.of("a"), 2, "en");
        assertEquals("language model weight must be between 0 and 2, got 3.0",
                assertThrows(IllegalArgumentException.class, () -> DecodingOptions.builder()
                        .optLanguageModel(lm, 3).build()).getMessage());
    }

    @Test
    void ctcScoresNeedACtcHead() throws EngineUnavailableException {
        BackboneConfig noCtc = BackboneConfig.builder().optDModel(32).optHeads(4).optEncoderLayers(1)
                .optDecoderLayers(1).optFeedForward(64).optFrontEndWidth(48).optCtcHead(false).build();
        try (SpeechModel model = SpeechModel.create(noCtc, new Vocabulary(List.of("en"), 0), 1)) {
            DecodingOptions joint = DecodingOptions.builder().optBeamSize(2).optCtcWeight(0.3).build();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new BeamSearchDecoder(model, joint));
            assertEquals("CTC prefix scores need a model with a CTC head; this one has none", e.getMessage());
        }
    }

    @Test
    void optionsOutOfRangeAreRefused() {
        assertEquals("beam size must be between 1 and 64, got 0",
                assertThrows(IllegalArgumentException.class, () -> DecodingOptions.builder().optBeamSize(0).build())
                        .getMessage());
        assertEquals("CTC weight must be between 0 and 1, got 1.5",
                assertThrows(IllegalArgumentException.class, () -> DecodingOptions.builder().optCtcWeight(1.5).build())
                        .getMessage());
    }

    /** Only the bytes 'a' and 'b', exactly three of them, then the end: the state counts the tokens written. */
    private static OutputSyntax threeOfAb(Vocabulary vocabulary) {
        int a = vocabulary.encode("a")[0];
        int b = vocabulary.encode("b")[0];
        return new OutputSyntax() {
            @Override
            public boolean allows(int state, int token) {
                return state < 3 ? token == a || token == b : token == Vocabulary.EOS;
            }

            @Override
            public boolean scored(int state, int token) {
                return true;
            }

            @Override
            public int next(int state, int token) {
                return state + 1;
            }
        };
    }

    @Test
    void bothSearchesWriteOnlyWhatTheSyntaxAllows() throws EngineUnavailableException {
        try (SpeechModel model = SpeechModel.create(TINY, new Vocabulary(List.of("en"), 0), 21)) {
            List<FeatureSequence> utterances = noise(4, 30, 52);
            OutputSyntax syntax = threeOfAb(model.vocabulary());
            // unconstrained, an untrained model writes to its length limit, and not only 'a' and 'b'
            Hypothesis free = decode(model, new GreedyDecoder(model), utterances).get(0);
            assertTrue(free.tokens().length > 3);
            List<TokenDecoder> decoders = List.of(new GreedyDecoder(model, syntax), new BeamSearchDecoder(model,
                    DecodingOptions.builder().optBeamSize(3).optCtcWeight(0.3).build(), syntax));
            for (TokenDecoder decoder : decoders) {
                for (Hypothesis h : decode(model, decoder, utterances)) {
                    String text = model.vocabulary().decode(h.tokens());
                    assertTrue(text.matches("[ab]{3}"), decoder.getClass().getSimpleName() + " wrote '" + text + "'");
                    for (float p : h.logProbs()) {
                        assertTrue(p < 0 && Float.isFinite(p), "log-probability " + p);
                    }
                    // the end was forced, and scored: a finished hypothesis, not one cut at the length limit
                    assertTrue(h.endLogProb() < 0, "end log-probability " + h.endLogProb());
                }
            }
        }
    }
}
