package io.promptwave.core.eval;

import io.promptwave.features.FeatureSequence;
import io.promptwave.core.decode.Transcriber;
import io.promptwave.core.prompt.SoftPrompt;
import io.promptwave.core.decode.Transcript;
import io.promptwave.core.train.LengthBatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Transcribes a set of utterances in length-sorted batches (one language per batch) and scores each
 * against its reference: the one scoring path behind {@code promptwave eval} and the trainer's dev
 * evaluation.
 */
public final class TranscriptionEvaluator {
    private final Task task;
    private final SoftPrompt prompt;
    private final LengthBatcher batcher;

    /**
     * An utterance to score.
     *
     * @param id its identifier
     * @param features normalised features
     * @param language language code of the {@code <asr>} task
     * @param reference the reference transcript
     */
    public record Utterance(String id, FeatureSequence features, String language, String reference) {
    }

    /**
     * One utterance's outcome.
     *
     * @param id its identifier
     * @param reference the reference
     * @param hypothesis the transcript
     * @param words word errors
     * @param characters character errors
     */
    public record Result(String id, String reference, String hypothesis, ErrorCounts words, ErrorCounts characters) {
    }

    /**
     * The outcome of a set, results in input order.
     *
     * @param results per utterance
     * @param words total word errors
     * @param characters total character errors
     * @param decodeSeconds wall time spent transcribing
     * @param audioSeconds audio transcribed (10 ms per feature frame)
     */
    public record Report(List<Result> results, ErrorCounts words, ErrorCounts characters, double decodeSeconds,
            double audioSeconds) {

        /** @return character errors of the texts as written, case and punctuation included */
        public ErrorCounts exactCharacters() {
            ErrorCounts total = ErrorCounts.ZERO;
            for (Result r : results) {
                total = total.plus(ErrorRate.exactCharacters(r.reference(), r.hypothesis()));
            }
            return total;
        }

        /** @return decoding time over audio time */
        public double realTimeFactor() {
            return decodeSeconds / Math.max(1e-9, audioSeconds);
        }
    }

    /**
     * @param transcriber the transcriber (its decoding options apply)
     * @param maxBatchFrames padded input frames per decoding batch
     */
    public TranscriptionEvaluator(Transcriber transcriber, int maxBatchFrames) {
        this(transcriber, maxBatchFrames, null);
    }

    /**
     * @param transcriber the transcriber (its decoding options apply)
     * @param maxBatchFrames padded input frames per decoding batch
     * @param prompt the prompt steering every utterance, or null for the bare base
     */
    public TranscriptionEvaluator(Transcriber transcriber, int maxBatchFrames, SoftPrompt prompt) {
        this(transcriber::transcribe, maxBatchFrames, prompt);
    }

    private TranscriptionEvaluator(Task task, int maxBatchFrames, SoftPrompt prompt) {
        this.task = task;
        this.batcher = new LengthBatcher(maxBatchFrames);
        this.prompt = prompt;
    }

    /**
     * An evaluator of text-line reading: the {@code <ocr>} task on line features, references as
     * written ({@link Report#exactCharacters()} keeps case and punctuation).
     *
     * @param transcriber the transcriber of a model with an image front-end
     * @param maxBatchFrames padded patch columns per decoding batch
     * @param prompt the prompt steering every line, or null for the bare base
     * @return the evaluator
     */
    public static TranscriptionEvaluator reading(Transcriber transcriber, int maxBatchFrames, SoftPrompt prompt) {
        return new TranscriptionEvaluator(transcriber::read, maxBatchFrames, prompt);
    }

    /** Decodes one batch of one language. */
    @FunctionalInterface
    private interface Task {
        List<Transcript> decode(List<FeatureSequence> features, String language, List<SoftPrompt> prompts);
    }

    /**
     * @param utterances the set
     * @return the scores
     */
    public Report evaluate(List<Utterance> utterances) {
        Map<String, List<Integer>> byLanguage = new TreeMap<>();
        for (int i = 0; i < utterances.size(); i++) {
            byLanguage.computeIfAbsent(utterances.get(i).language(), l -> new ArrayList<>()).add(i);
        }
        String[] hypotheses = new String[utterances.size()];
        double audioSeconds = 0;
        long start = System.nanoTime();
        for (Map.Entry<String, List<Integer>> language : byLanguage.entrySet()) {
            List<Integer> members = language.getValue();
            int[] lengths = members.stream().mapToInt(i -> utterances.get(i).features().frames()).toArray();
            for (List<Integer> batch : batcher.batches(lengths, 0)) {
                List<FeatureSequence> features = new ArrayList<>();
                for (int j : batch) {
                    FeatureSequence f = utterances.get(members.get(j)).features();
                    features.add(f);
                    audioSeconds += f.frames() / 100.0;
                }
                List<Transcript> transcripts = task.decode(features, language.getKey(),
                        java.util.Collections.nCopies(features.size(), prompt));
                for (int j = 0; j < batch.size(); j++) {
                    hypotheses[members.get(batch.get(j))] = transcripts.get(j).text();
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Result> results = new ArrayList<>();
        ErrorCounts words = ErrorCounts.ZERO;
        ErrorCounts characters = ErrorCounts.ZERO;
        for (int i = 0; i < utterances.size(); i++) {
            Utterance u = utterances.get(i);
            ErrorCounts w = ErrorRate.words(u.reference(), hypotheses[i]);
            ErrorCounts c = ErrorRate.characters(u.reference(), hypotheses[i]);
            results.add(new Result(u.id(), u.reference(), hypotheses[i], w, c));
            words = words.plus(w);
            characters = characters.plus(c);
        }
        return new Report(results, words, characters, seconds, audioSeconds);
    }
}
