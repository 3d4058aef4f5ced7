package io.promptwave.core.prompt;

import java.util.Locale;

/** Where a prompt's starting vectors come from ({@link PromptInitializer}). */
public enum PromptInit {
    /** Gaussian, with the spread of the scaled token embeddings. */
    RANDOM,
    /** Embeddings of byte tokens drawn at random. */
    VOCAB,
    /** Embeddings of the tokens of a given text, such as slot names or a language token. */
    TEXT,
    /** Encoder input vectors of sample utterances (encoder prompts; decoder prompts fall back to {@link #VOCAB}). */
    AUDIO;

    /** @return the name on the command line and on disk */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param id {@code random}, {@code vocab}, {@code text} or {@code audio}
     * @return the choice
     * @throws IllegalArgumentException naming the choices
     */
    public static PromptInit parse(String id) {
        for (PromptInit p : values()) {
            if (p.id().equals(id.trim().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown initialisation '" + id + "': choose random, vocab, text or audio");
    }
}
