package io.promptwave.core.train;

import io.promptwave.core.prompt.SoftPrompt;
import java.util.Map;

/**
 * How the trainer judges the model on dev data after each epoch: the lowest {@link Score#score()}
 * so far marks the model (or prompt) that is kept, and early stopping counts epochs without a new
 * lowest. Transcription tasks use {@link TranscriptionDevEvaluation}; other tasks bring their own.
 */
@FunctionalInterface
public interface DevEvaluation {

    /**
     * @param prompt the prompt being trained, steering every dev utterance (null when the weights train)
     * @return the scores
     */
    Score evaluate(SoftPrompt prompt);

    /**
     * @param score what decides, lower is better (an error rate)
     * @param figures every figure worth logging, by the name the metrics log uses (e.g. {@code dev_cer})
     */
    record Score(double score, Map<String, Double> figures) {
        /** Copies the figures. */
        public Score {
            figures = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(figures));
        }
    }
}
