package io.promptwave.core.eval;

import io.promptwave.features.FeatureSequence;
import io.promptwave.core.prompt.SoftPrompt;
import io.promptwave.core.slots.Slot;
import io.promptwave.core.slots.Understander;
import io.promptwave.core.slots.Understanding;
import io.promptwave.core.train.LengthBatcher;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Understands a set of utterances in length-sorted batches and scores them against their gold
 * intent and slots ({@link SlotMetrics}) and their transcripts (WER, CER): the scoring path behind
 * {@code promptwave eval --task slots} and the trainer's dev score for slot prompts.
 */
public final class SlotEvaluator {
    private final Understander understander;
    private final SoftPrompt prompt;
    private final LengthBatcher batcher;

    /**
     * An utterance to score.
     *
     * @param id its identifier
     * @param features normalised features
     * @param text the reference transcript
     * @param intent the reference intent
     * @param slots the reference slots
     */
    public record Utterance(String id, FeatureSequence features, String text, String intent, List<Slot> slots) {
    }

    /**
     * One utterance's outcome.
     *
     * @param utterance the reference
     * @param understanding what the model made of it
     */
    public record Result(Utterance utterance, Understanding understanding) {
    }

    /**
     * The outcome of a set.
     *
     * @param results per utterance, in input order
     * @param metrics intent accuracy and slot F1 scores
     * @param words word errors of the transcripts
     * @param characters character errors of the transcripts
     * @param decodeSeconds wall time spent decoding
     * @param audioSeconds audio decoded (10 ms per feature frame)
     */
    public record Report(List<Result> results, SlotMetrics metrics, ErrorCounts words, ErrorCounts characters,
            double decodeSeconds, double audioSeconds) {

        /** @return decoding time over audio time */
        public double realTimeFactor() {
            return decodeSeconds / Math.max(1e-9, audioSeconds);
        }
    }

    /**
     * @param understander the understander (its schema and decoding apply)
     * @param maxBatchFrames padded input frames per batch
     * @param prompt the prompt steering every utterance, or null for the bare base
     */
    public SlotEvaluator(Understander understander, int maxBatchFrames, SoftPrompt prompt) {
        this.understander = understander;
        this.prompt = prompt;
        this.batcher = new LengthBatcher(maxBatchFrames);
    }

    /**
     * @param utterances the set
     * @return the scores
     */
    public Report evaluate(List<Utterance> utterances) {
        Understanding[] understood = new Understanding[utterances.size()];
        int[] lengths = utterances.stream().mapToInt(u -> u.features().frames()).toArray();
        double audioSeconds = 0;
        long start = System.nanoTime();
        for (List<Integer> batch : batcher.batches(lengths, 0)) {
            List<FeatureSequence> features = new ArrayList<>();
            for (int i : batch) {
                features.add(utterances.get(i).features());
                audioSeconds += utterances.get(i).features().frames() / 100.0;
            }
            List<Understanding> out = understander.understand(features, Collections.nCopies(features.size(), prompt));
            for (int j = 0; j < batch.size(); j++) {
                understood[batch.get(j)] = out.get(j);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        SlotMetrics metrics = new SlotMetrics();
        ErrorCounts words = ErrorCounts.ZERO;
        ErrorCounts characters = ErrorCounts.ZERO;
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < utterances.size(); i++) {
            Utterance u = utterances.get(i);
            Understanding got = understood[i];
            List<Slot> predicted = got.slots().stream()
                    .map(s -> new Slot(s.type(), s.value(), s.start(), s.end())).toList();
            metrics.add(u.intent(), u.slots(), got.intent(), predicted);
            words = words.plus(ErrorRate.words(u.text(), got.text()));
            characters = characters.plus(ErrorRate.characters(u.text(), got.text()));
            results.add(new Result(u, got));
        }
        return new Report(results, metrics, words, characters, seconds, audioSeconds);
    }
}
