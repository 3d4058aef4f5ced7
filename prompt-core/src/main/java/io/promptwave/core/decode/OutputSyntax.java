package io.promptwave.core.decode;

/**
 * A small state machine over the decoder's output that the search consults at every step: which
 * tokens may come next ({@link #allows}), and which of them are transcript text for the CTC head
 * ({@link #scored}).
 *
 * <p>Why both: when the decoder writes more than a transcript (slot tags, for instance), the CTC
 * head, trained on plain transcripts, must score only the transcript's tokens; and a small model
 * writing markup forgets to close a tag or invents a label, which a syntax rules out for nothing
 * (constrained decoding: the output is always well formed). Implementations are stateless and
 * thread-safe; the state is an int each hypothesis carries.
 */
public interface OutputSyntax {
    /** Any token may come, and every token is transcript text: plain speech recognition. */
    OutputSyntax ALL = new OutputSyntax() {
        @Override
        public boolean scored(int state, int token) {
            return true;
        }

        @Override
        public int next(int state, int token) {
            return state;
        }

        @Override
        public void refuse(float[] scores, int offset, int vocab, int state) {
            // refuses nothing: no scan of the vocabulary at every step of plain transcription
        }
    };

    /**
     * The searches stop a row at its number of encoder frames plus a few tokens; output that adds
     * text the audio does not say (an intent name after the words, say) needs room beyond that.
     *
     * @return how many tokens beyond the searches' limit the output may take
     */
    default int extraLength() {
        return 0;
    }

    /** @return the state before the first output token */
    default int initial() {
        return 0;
    }

    /**
     * @param state the state before {@code token}
     * @param token an output token, {@code <eos>} included
     * @return whether the output may go on with it (the search never picks a token refused here)
     */
    default boolean allows(int state, int token) {
        return true;
    }

    /**
     * Sets the score of every token this state refuses to negative infinity, so no search picks it. A
     * syntax that refuses nothing overrides this with a no-op: the searches call it at every step.
     *
     * @param scores one row's scores per token, at {@code offset}
     * @param offset where the row starts
     * @param vocab the row's length
     * @param state the row's state
     */
    default void refuse(float[] scores, int offset, int vocab, int state) {
        for (int token = 0; token < vocab; token++) {
            if (!allows(state, token)) {
                scores[offset + token] = Float.NEGATIVE_INFINITY;
            }
        }
    }

    /**
     * @param state the state before {@code token}
     * @param token an output token
     * @return whether the CTC head scores it as transcript text
     */
    boolean scored(int state, int token);

    /**
     * @param state the state before {@code token}
     * @param token an output token
     * @return the state after it
     */
    int next(int state, int token);
}
