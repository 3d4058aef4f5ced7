package io.promptwave.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The transcripts a language model must not learn (those of the dev and test sets it will be scored
 * on), and the test of whether a sentence of its text repeats one. Exactly equal sentences are always
 * held out. Text drawn from quotations repeats itself in other words too: a test sentence is the tail
 * of a longer quotation, or a quotation cut at another place. With an overlap of {@code n} words, a
 * sentence that shares any run of {@code n} words with a held transcript, or holds a whole held
 * transcript shorter than that, is held out as well.
 */
final class HeldOutSentences {
    private final Set<String> whole = new HashSet<>();
    private final int overlap;
    private final Set<String> runs = new HashSet<>();
    private final List<String> shortTranscripts = new ArrayList<>();

    /**
     * @param transcripts the held transcripts (surrounding blanks are ignored)
     * @param overlap the run of shared words that holds a sentence out; 0 for exact repeats only
     * @throws IllegalArgumentException when the overlap is negative or 1 (one shared word would hold out
     *     nearly every sentence)
     */
    HeldOutSentences(Collection<String> transcripts, int overlap) {
        if (overlap < 0 || overlap == 1) {
            throw new IllegalArgumentException("an overlap must be 0 (exact repeats only) or at least 2 words, got "
                    + overlap);
        }
        this.overlap = overlap;
        for (String t : transcripts) {
            String s = t.strip();
            if (s.isEmpty()) {
                continue;
            }
            whole.add(s);
            if (overlap > 0) {
                List<String> words = List.of(s.split("\\s+"));
                if (words.size() < overlap) {
                    shortTranscripts.add(" " + String.join(" ", words) + " ");
                } else {
                    runs.addAll(runsOf(words));
                }
            }
        }
    }

    /**
     * @param sentence a sentence of the language model's text
     * @return whether it is a held transcript itself
     */
    boolean repeats(String sentence) {
        return whole.contains(sentence.strip());
    }

    /**
     * @param sentence a sentence of the language model's text that does not {@link #repeats repeat} one
     * @return whether it shares a run of the overlap's words with a held transcript, or holds a short one whole
     */
    boolean overlaps(String sentence) {
        if (overlap == 0) {
            return false;
        }
        List<String> words = List.of(sentence.strip().split("\\s+"));
        for (String run : runsOf(words)) {
            if (runs.contains(run)) {
                return true;
            }
        }
        String padded = " " + String.join(" ", words) + " ";
        for (String s : shortTranscripts) {
            if (padded.contains(s)) {
                return true;
            }
        }
        return false;
    }

    private List<String> runsOf(List<String> words) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i + overlap <= words.size(); i++) {
            out.add(String.join(" ", words.subList(i, i + overlap)));
        }
        return out;
    }
}
