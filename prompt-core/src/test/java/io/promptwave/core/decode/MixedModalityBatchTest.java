package io.promptwave.core.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptwave.core.PromptFixtures;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.prompt.PromptConfig;
import io.promptwave.core.prompt.PromptFactory;
import io.promptwave.core.prompt.PromptMethod;
import io.promptwave.core.prompt.SoftPrompt;
import io.promptwave.core.text.CharNgramModel;
import io.promptwave.core.text.TextForm;
import io.promptwave.core.text.Vocabulary;
import io.promptwave.features.FeatureSequence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Speech and text-line rows, with different prompts, in one batch: each row gets what it gets alone. */
class MixedModalityBatchTest {
    private static final int LINE_DIMS = 24;

    /** Gaussian patch columns of a line, as many columns as given. */
    private static FeatureSequence line(Random random, int columns) {
        float[] v = new float[columns * LINE_DIMS];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return FeatureSequence.of(v, columns, LINE_DIMS, 0.5, "line-" + columns);
    }

    /** Line and audio rows interleaved: lines at even positions, so the batch starts with a line. */
    private static List<FeatureSequence> interleaved() {
        List<FeatureSequence> audio = PromptFixtures.utterances(3, 61, 44, 90, 52);
        Random random = new Random(8);
        List<FeatureSequence> rows = new ArrayList<>();
        int[] columns = {37, 120, 18, 64};
        for (int i = 0; i < audio.size(); i++) {
            rows.add(line(random, columns[i]));
            rows.add(audio.get(i));
        }
        return rows;
    }

    private static boolean isLine(int row) {
        return row % 2 == 0;
    }

    private static List<SoftPrompt> prompts(SpeechModel model) {
        PromptFactory factory = new PromptFactory(model);
        List<SoftPrompt> out = new ArrayList<>();
        for (PromptConfig c : List.of(PromptConfig.builder(PromptMethod.ENC_DEC).optLength(3).optSeed(2).build(),
                PromptConfig.builder(PromptMethod.DEEP).optLength(2).build(),
                PromptConfig.builder(PromptMethod.ULPT).optLength(4).optRank(2).build(),
                PromptConfig.builder(PromptMethod.MOE).optLength(2).optExperts(3).optTopK(2).build())) {
            out.add(factory.create(c, List.of()));
        }
        return out;
    }

    /** Row r's prompt: the methods in turn, and no prompt for every third row. */
    private static List<SoftPrompt> rowPrompts(List<SoftPrompt> prompts, int rows) {
        List<SoftPrompt> out = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            out.add(r % 3 == 2 ? null : prompts.get(r % prompts.size()));
        }
        return out;
    }

    private static void assertEachRowAsAlone(Transcriber transcriber, List<FeatureSequence> rows,
            List<SoftPrompt> rowPrompts) {
        List<List<Transcript>> together = transcriber.recognize(rows, "en", rowPrompts, 1);
        int linesWithWords = 0;
        for (int r = 0; r < rows.size(); r++) {
            List<SoftPrompt> prompt = Collections.singletonList(rowPrompts.get(r));
            Transcript alone = isLine(r)
                    ? transcriber.read(rows.subList(r, r + 1), "en", prompt).get(0)
                    : transcriber.transcribe(rows.subList(r, r + 1), "en", prompt).get(0);
            Transcript mixed = together.get(r).get(0);
            assertEquals(alone.text(), mixed.text(), "row " + r);
            assertArrayEquals(alone.tokenLogProbs(), mixed.tokenLogProbs(), 1e-4f, "row " + r);
            if (isLine(r) && !mixed.words().isEmpty()) {
                // a line's columns are not seconds
                assertTrue(mixed.words().stream().allMatch(w -> Double.isNaN(w.start())), "row " + r);
                linesWithWords++;
            }
        }
        assertTrue(linesWithWords > 0, "no line row decoded a word: the time check saw nothing");
    }

    /** What a test does with a tiny two-modality model and the interleaved rows, each with its prompt. */
    private interface MixedBatchCheck {
        void check(SpeechModel model, List<FeatureSequence> rows, List<SoftPrompt> rowPrompts);
    }

    private static void withMixedBatch(int seed, MixedBatchCheck check) throws Exception {
        try (SpeechModel speech = SpeechModel.create(PromptFixtures.TINY, new Vocabulary(List.of("en"), 0), seed);
                SpeechModel model = speech.withImageFrontEnd(LINE_DIMS, 40, seed + 10)) {
            List<SoftPrompt> prompts = prompts(model);
            try {
                List<FeatureSequence> rows = interleaved();
                check.check(model, rows, rowPrompts(prompts, rows.size()));
            } finally {
                prompts.forEach(SoftPrompt::close);
            }
        }
    }

    @Test
    void greedyRowsOfBothModalitiesDecodeAsAlone() throws Exception {
        withMixedBatch(5, (model, rows, rowPrompts) ->
                assertEachRowAsAlone(new Transcriber(model, DecodingOptions.GREEDY), rows, rowPrompts));
    }

    @Test
    void beamSearchFusesTheLanguageModelOnSpeechRowsOnly() throws Exception {
        withMixedBatch(6, (model, rows, rowPrompts) -> {
            CharNgramModel lm = CharNgramModel.fit(List.of("the cat sat on the mat", "set an alarm for six",
                    "turn the lights off", "what is the weather"), 3, "en");
            DecodingOptions beam = DecodingOptions.builder().optBeamSize(3).optCtcWeight(0.3).build();
            DecodingOptions fused = DecodingOptions.builder().optBeamSize(3).optCtcWeight(0.3)
                    .optLanguageModel(lm, 2.0).build();
            assertEachRowAsAlone(new Transcriber(model, fused), rows, rowPrompts);

            // alternatives too: each row's n-best list is the one it gets alone
            Transcriber wide = new Transcriber(model, fused);
            List<List<Transcript>> three = wide.recognize(rows, "en", rowPrompts, 3);
            for (int r = 0; r < rows.size(); r++) {
                List<List<Transcript>> alone = wide.recognize(rows.subList(r, r + 1), "en",
                        Collections.singletonList(rowPrompts.get(r)), 3);
                assertEquals(alone.get(0).stream().map(Transcript::text).toList(),
                        three.get(r).stream().map(Transcript::text).toList(), "row " + r);
            }

            // the language model is live on speech rows and absent from line rows
            List<List<Transcript>> with = new Transcriber(model, fused).recognize(rows, "en", rowPrompts, 1);
            List<List<Transcript>> without = new Transcriber(model, beam).recognize(rows, "en", rowPrompts, 1);
            boolean speechMoved = false;
            for (int r = 0; r < rows.size(); r++) {
                String a = with.get(r).get(0).text();
                String b = without.get(r).get(0).text();
                if (isLine(r)) {
                    assertEquals(b, a, "line row " + r + " must not see the language model");
                } else {
                    speechMoved |= !a.equals(b);
                }
            }
            assertTrue(speechMoved, "the language model changed no speech row");
        });
    }

    @Test
    void aWrittenFormLanguageModelScoresLineRowsOnly() throws Exception {
        withMixedBatch(6, (model, rows, rowPrompts) -> {
            CharNgramModel lm = CharNgramModel.fit(List.of("The cat sat on the mat.", "Set an alarm for 6.",
                    "Turn the lights off!", "What is the weather?"), 3, "en", TextForm.WRITTEN);
            DecodingOptions beam = DecodingOptions.builder().optBeamSize(3).optCtcWeight(0.3).build();
            DecodingOptions fused = DecodingOptions.builder().optBeamSize(3).optCtcWeight(0.3)
                    .optLanguageModel(lm, 2.0).build();
            assertEachRowAsAlone(new Transcriber(model, fused), rows, rowPrompts);
            List<List<Transcript>> with = new Transcriber(model, fused).recognize(rows, "en", rowPrompts, 1);
            List<List<Transcript>> without = new Transcriber(model, beam).recognize(rows, "en", rowPrompts, 1);
            boolean linesMoved = false;
            for (int r = 0; r < rows.size(); r++) {
                String a = with.get(r).get(0).text();
                String b = without.get(r).get(0).text();
                if (isLine(r)) {
                    linesMoved |= !a.equals(b);
                } else {
                    assertEquals(b, a, "speech row " + r + " must not see a model of printed text");
                }
            }
            assertTrue(linesMoved, "the language model changed no line row");
        });
    }

    @Test
    void aLineRowIsReadNotTranscribed() throws Exception {
        try (SpeechModel speech = SpeechModel.create(PromptFixtures.TINY, new Vocabulary(List.of("en"), 0), 7);
                SpeechModel model = speech.withImageFrontEnd(LINE_DIMS, 40, 5)) {
            Transcriber greedy = new Transcriber(model, DecodingOptions.GREEDY);
            List<FeatureSequence> rows = interleaved().subList(0, 4);
            List<List<Transcript>> mixed = greedy.recognize(rows, "en", Collections.nCopies(4, null), 1);
            // the same line decoded under the speech task differs: the task token steers the decoder
            Transcript asSpeech = greedy.transcribe(rows.subList(0, 1), "en").get(0);
            assertNotEquals(Arrays.toString(asSpeech.tokenLogProbs()),
                    Arrays.toString(mixed.get(0).get(0).tokenLogProbs()));
            FeatureSequence odd = FeatureSequence.of(new float[10 * 7], 10, 7, 100, "seven-dims");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> greedy.recognize(List.of(rows.get(1), odd), "en", Collections.nCopies(2, null), 1));
            assertEquals("features of 7 values per frame fit no front-end of this model (audio reads 80, images 24)",
                    e.getMessage());
        }
    }
}
