package io.promptwave.core.decode;

/**
 * Which output tokens the CTC head should score. The CTC head is trained on plain transcripts, so
 * when the decoder writes more than the transcript (slot tags, for instance) the beam search must
 * feed the CTC prefix scorer only the transcript's tokens. A scope is a small state machine over
 * the output: {@link #scored} says whether a token, in the current state, is transcript text, and
 * {@link #next} moves the state on. Implementations are stateless and thread-safe; the state is an
 * int each hypothesis carries.
 */
public interface CtcScope {
    /** Every output token is transcript text: plain speech recognition. */
    CtcScope ALL = new CtcScope() {
        @Override
        public boolean scored(int state, int token) {
            return true;
        }

        @Override
        public int next(int state, int token) {
            return state;
        }
    };

    /** @return the state before the first output token */
    default int initial() {
        return 0;
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
