package io.promptwave.core.prompt;

import java.util.Locale;

/** The prompt methods, by the names the command line and {@code adapter_config.json} use. */
public enum PromptMethod {
    /** Trained vectors in front of the encoder sequence. */
    ENC("enc"),
    /** Trained vectors in front of the decoder input. */
    DEC("dec"),
    /** Both: PEFT's 2 x N layout for encoder-decoder models. */
    ENC_DEC("enc+dec"),
    /** Trained keys and values at every attention layer of the chosen stacks. */
    DEEP("deep"),
    /** Encoder and decoder prompts from a low-dimensional latent through a frozen seeded projection. */
    ULPT("ulpt"),
    /** Short expert prompts chosen per utterance by a router. */
    MOE("moe");

    private final String id;

    PromptMethod(String id) {
        this.id = id;
    }

    /** @return the name on the command line and on disk */
    public String id() {
        return id;
    }

    /**
     * @param id a name as {@link #id()} gives it (case-insensitive)
     * @return the method
     * @throws IllegalArgumentException naming the choices
     */
    public static PromptMethod parse(String id) {
        for (PromptMethod m : values()) {
            if (m.id.equals(id.toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown prompt method '" + id + "': choose enc, dec, enc+dec, deep, ulpt or moe");
    }

    @Override
    public String toString() {
        return id;
    }
}
