package io.promptwave.core.decode;

import java.util.List;

/**
 * What recognising one utterance gives.
 *
 * @param text the transcript
 * @param confidence the utterance's geometric-mean token probability, in [0, 1]
 * @param tokenLogProbs natural-log probability of each output token
 * @param words the words with times (from CTC alignment) and confidences
 */
public record Transcript(String text, double confidence, float[] tokenLogProbs, List<Word> words) {
}
