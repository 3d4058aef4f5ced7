package io.promptwave.core.slots;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptwave.features.FeatureSequence;
import io.promptwave.core.PromptFixtures;
import io.promptwave.core.decode.DecodingOptions;
import io.promptwave.core.eval.SlotDevEvaluation;
import io.promptwave.core.eval.SlotEvaluator;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.prompt.SoftPrompt;
import io.promptwave.core.text.Vocabulary;
import io.promptwave.core.train.Trainer;
import io.promptwave.core.train.TrainingConfig;
import io.promptwave.core.train.TrainingExample;
import io.promptwave.core.train.TrainingListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny model learns four spoken commands by heart through the {@code <slots>} task (the trainer
 * judging it by {@link SlotDevEvaluation}), and the understander reads them back: transcript, intent,
 * slots with spans and times, with greedy search and with beam search scored by the CTC head. A second
 * tiny model learns the same commands with the intent written after the words.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnderstanderTest {
    private static final SlotSchema SCHEMA = SlotFormatTest.SMART_HOME;
    private static final SlotSchema INTENT_LAST = SCHEMA.withIntentPosition(IntentPosition.LAST);
    private static final List<SlotEvaluator.Utterance> COMMANDS = new ArrayList<>();
    private static final TrainingListener QUIET = new TrainingListener() {
        @Override
        public void onStep(StepReport report) {
        }

        @Override
        public void onEpoch(EpochReport report) {
        }
    };

    private SpeechModel model;
    private Trainer.Outcome outcome;
    private SpeechModel lastModel;
    private Trainer.Outcome lastOutcome;

    @BeforeAll
    void learnFourCommands(@TempDir Path run) throws Exception {
        List<FeatureSequence> features = PromptFixtures.utterances(21, 120, 130, 150, 140);
        add(features.get(0), "wake me at six", "alarm_set", new Slot("time", "six", 11, 14));
        add(features.get(1), "play jazz", "music_play", new Slot("genre", "jazz", 5, 9));
        add(features.get(2), "lights off in the kitchen", "iot_lights_off", new Slot("house_place", "kitchen", 18, 25));
        add(features.get(3), "what alarms do i have", "alarm_query");
        model = SpeechModel.create(PromptFixtures.TINY, new Vocabulary(List.of("en"), 0), 3);
        outcome = learn(model, SCHEMA, run.resolve("first"));
        lastModel = SpeechModel.create(PromptFixtures.TINY, new Vocabulary(List.of("en"), 0), 3);
        lastOutcome = learn(lastModel, INTENT_LAST, run.resolve("last"));
    }

    /** Trains the model on the commands serialised for the schema's intent position. */
    private static Trainer.Outcome learn(SpeechModel learner, SlotSchema schema, Path run) throws Exception {
        Vocabulary vocabulary = learner.vocabulary();
        List<TrainingExample> examples = new ArrayList<>();
        for (SlotEvaluator.Utterance u : COMMANDS) {
            examples.add(new TrainingExample(u.id(), u.features(), new int[] {Vocabulary.SLOTS, vocabulary.language("en")},
                    vocabulary.encode(SlotFormat.serialize(u.text(), u.intent(), u.slots(), schema.intentPosition())),
                    vocabulary.encode(u.text())));
        }
        TrainingConfig config = TrainingConfig.builder().optEpochs(150).optMaxBatchFrames(4000)
                .optPeakLearningRate(3e-3f).optWarmupSteps(10).optSpecAugment(false).optPatience(0)
                .optCheckpointSteps(1000).optLabelSmoothing(0f).optCtcWeight(0.3f).build();
        SlotDevEvaluation dev = new SlotDevEvaluation(new Understander(learner, schema, DecodingOptions.GREEDY),
                COMMANDS, 4000);
        return new Trainer(learner, config, run, QUIET).run(examples, dev, (m, score) -> { });
    }

    private static void add(FeatureSequence f, String text, String intent, Slot... slots) {
        COMMANDS.add(new SlotEvaluator.Utterance("c" + COMMANDS.size(), f, text, intent, List.of(slots)));
    }

    @Test
    void theTrainerKeepsTheModelWithThePerfectDevScore() {
        assertEquals(0.0, outcome.bestDevScore(), 1e-9);
        assertEquals(0.0, lastOutcome.bestDevScore(), 1e-9, "intent last");
    }

    @Test
    void greedyAndCtcScoredBeamReadEveryCommandBack() {
        DecodingOptions beam = DecodingOptions.builder().optBeamSize(3).optCtcWeight(0.3).build();
        // held to well-formed tags or not, after one intent or several, a model that learnt the commands
        // reads them back the same
        for (boolean wellFormed : new boolean[] {false, true}) {
            for (DecodingOptions options : List.of(DecodingOptions.GREEDY, beam)) {
                for (int candidates : new int[] {1, 3}) {
                    assertReadsEveryCommandBack(model, SCHEMA, SlotDecoding.builder().optSearch(options)
                            .optWellFormed(wellFormed).optIntentCandidates(candidates).build());
                }
                // intent last, every intent is ranked after the words: there are no candidates to try
                assertReadsEveryCommandBack(lastModel, INTENT_LAST, SlotDecoding.builder().optSearch(options)
                        .optWellFormed(wellFormed).build());
            }
        }
    }

    @Test
    void intentLastHasNoCandidatesToTry() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Understander(lastModel,
                INTENT_LAST, SlotDecoding.builder().optIntentCandidates(3).build()));
        assertEquals("intent candidates are for output that names the intent before the words; schema smart-home"
                + " names it after them, where every intent is ranked anyway: use 1 candidate, not 3", e.getMessage());
    }

    private void assertReadsEveryCommandBack(SpeechModel learnt, SlotSchema schema, SlotDecoding decoding) {
        List<FeatureSequence> features = COMMANDS.stream().map(SlotEvaluator.Utterance::features).toList();
        List<Understanding> got = new Understander(learnt, schema, decoding).understand(features,
                Collections.nCopies(features.size(), null));
        for (int i = 0; i < COMMANDS.size(); i++) {
            SlotEvaluator.Utterance want = COMMANDS.get(i);
            Understanding u = got.get(i);
            String where = "intent " + schema.intentPosition().configName() + ", " + decoding.describe() + ": "
                    + want.text();
            assertEquals(want.text(), u.text(), where);
            assertEquals(want.intent(), u.intent(), where);
            assertEquals(List.of(), u.problems(), where);
            assertEquals(want.slots().size(), u.slots().size(), where);
            for (int s = 0; s < want.slots().size(); s++) {
                Slot w = want.slots().get(s);
                Understanding.FilledSlot f = u.slots().get(s);
                assertEquals(w, new Slot(f.type(), f.value(), f.start(), f.end()), where);
                // one encoder frame is 40 ms; the slot lies inside the utterance
                double seconds = want.features().frames() / 100.0;
                assertTrue(f.audioStart() >= 0 && f.audioStart() < f.audioEnd() && f.audioEnd() <= seconds + 0.04,
                        where + ": " + f);
                assertTrue(f.confidence() > 0.5 && f.confidence() <= 1, where + ": " + f);
            }
            double total = u.intentRanking().stream().mapToDouble(Understanding.IntentScore::confidence).sum();
            assertEquals(1.0, total, 1e-9, where);
            assertEquals(SCHEMA.intents().size(), u.intentRanking().size());
            assertEquals(u.intent(), u.intentRanking().get(0).name());
            assertEquals(u.intentConfidence(), u.intentRanking().get(0).confidence());
            assertTrue(u.intentConfidence() > 0.9, where + ": " + u.intentConfidence());
        }
    }

    @Test
    void severalIntentCandidatesShareTheirMassByTheProbabilityOfTheirWholeOutput() {
        // intent 1 is second before decoding, but the words after it are e^3 times as probable
        double[] ranking = Understander.jointRanking(new double[] {0.5, 0.4, 0.1}, new int[] {0, 1},
                new double[] {-5, -2, Double.NaN});
        double second = 0.4 * Math.exp(-2) / (0.4 * Math.exp(-2) + 0.5 * Math.exp(-5));
        assertEquals(0.9 * second, ranking[1], 1e-12);
        assertEquals(0.9 * (1 - second), ranking[0], 1e-12);
        assertEquals(0.1, ranking[2], 1e-12, "an intent not tried keeps its probability");
        assertEquals(0.8473, ranking[1], 1e-4, "worked by hand");
        double[] prior = {0.7, 0.3};
        assertArrayEquals(new double[] {0.7, 0.3}, Understander.jointRanking(prior, new int[] {0},
                new double[] {-1, 0}), "one candidate: the ranking is the prior");
    }

    @Test
    void twoCandidatesRerankTheFirstTwoIntentsAndKeepTheirMass() {
        List<FeatureSequence> features = COMMANDS.stream().map(SlotEvaluator.Utterance::features).toList();
        List<SoftPrompt> none = Collections.nCopies(features.size(), null);
        List<Understanding> one = new Understander(model, SCHEMA, DecodingOptions.GREEDY).understand(features, none);
        List<Understanding> two = new Understander(model, SCHEMA, SlotDecoding.builder().optIntentCandidates(2)
                .build()).understand(features, none);
        boolean reranked = false;
        for (int i = 0; i < features.size(); i++) {
            List<Understanding.IntentScore> first = one.get(i).intentRanking();
            Map<String, Double> after = new java.util.HashMap<>();
            two.get(i).intentRanking().forEach(r -> after.put(r.name(), r.confidence()));
            String a = first.get(0).name();
            String b = first.get(1).name();
            assertTrue(List.of(a, b).contains(two.get(i).intent()), "the winner is one of the two tried");
            assertEquals(first.get(0).confidence() + first.get(1).confidence(), after.get(a) + after.get(b), 1e-9);
            for (Understanding.IntentScore r : first.subList(2, first.size())) {
                assertEquals(r.confidence(), after.get(r.name()), 1e-12, "an intent not tried keeps its share");
            }
            reranked |= Math.abs(after.get(a) - first.get(0).confidence()) > 1e-9;
        }
        assertTrue(reranked, "the whole outputs moved no intent's probability");
    }

    @Test
    void refusesAnIntentCandidateCountOutOfRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SlotDecoding.builder().optIntentCandidates(0).build());
        assertEquals("intent candidates must be between 1 and 16, got 0", e.getMessage());
        assertEquals("beam 3, CTC weight 0.30, length norm 1.00, well-formed tags, up to 3 intent candidates",
                SlotDecoding.builder().optSearch(DecodingOptions.builder().optBeamSize(3).optCtcWeight(0.3).build())
                        .optWellFormed(true).optIntentCandidates(3).build().describe());
    }

    @Test
    void scoresTheSetAsPerfect() {
        SlotEvaluator.Report report = new SlotEvaluator(new Understander(model, SCHEMA, DecodingOptions.GREEDY), 4000,
                null).evaluate(COMMANDS);
        assertEquals(1.0, report.metrics().intentAccuracy());
        assertEquals(1.0, report.metrics().sluF1(), 1e-12);
        assertEquals(1.0, report.metrics().exact().f1(), 1e-12);
        assertEquals(0, report.characters().errors());
    }

    @Test
    void theCtcHeadAloneCannotWriteTags() {
        DecodingOptions ctcOnly = DecodingOptions.builder().optCtcWeight(1).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Understander(model, SCHEMA, ctcOnly));
        assertTrue(e.getMessage().contains("CTC weight must be below 1"), e.getMessage());
        IllegalArgumentException language = assertThrows(IllegalArgumentException.class,
                () -> new Understander(model, new SlotSchema("x", "it", List.of("a_b"), List.of()), DecodingOptions.GREEDY));
        assertTrue(language.getMessage().contains("no language 'it'"), language.getMessage());
    }
}
