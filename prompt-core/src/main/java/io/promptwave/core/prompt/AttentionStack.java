package io.promptwave.core.prompt;

import java.util.Locale;

/** The attention stacks a deep prefix can reach. */
public enum AttentionStack {
    /** The encoder's self-attention layers. */
    ENCODER_SELF("encoder"),
    /** The decoder's self-attention layers. */
    DECODER_SELF("decoder"),
    /** The decoder's cross-attention layers. */
    CROSS("cross");

    private final String id;

    AttentionStack(String id) {
        this.id = id;
    }

    /** @return the name on the command line and on disk */
    public String id() {
        return id;
    }

    /**
     * @param id {@code encoder}, {@code decoder} or {@code cross}
     * @return the stack
     * @throws IllegalArgumentException naming the choices
     */
    public static AttentionStack parse(String id) {
        for (AttentionStack s : values()) {
            if (s.id.equals(id.trim().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown attention stack '" + id + "': choose encoder, decoder or cross");
    }
}
