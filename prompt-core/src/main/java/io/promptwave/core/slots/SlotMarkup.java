package io.promptwave.core.slots;

import io.promptwave.core.decode.CtcScope;
import io.promptwave.core.text.Vocabulary;

/**
 * The {@link SlotFormat} markup as a {@link CtcScope}: inside the tagged transcript, {@code [},
 * the {@code type: } header and {@code ]} are markup; every other character is transcript text for
 * the CTC head to score. (The intent and separator are forced before decoding starts and never
 * reach the scope.)
 */
public final class SlotMarkup implements CtcScope {
    private static final int TEXT = 0;
    private static final int HEADER = 1;
    private static final int AFTER_COLON = 2;

    private final int open;
    private final int close;
    private final int colon;
    private final int space;

    /** @param vocabulary the model's vocabulary (its byte tokens spell the markup) */
    public SlotMarkup(Vocabulary vocabulary) {
        int[] ids = vocabulary.encode("[]: ");
        this.open = ids[0];
        this.close = ids[1];
        this.colon = ids[2];
        this.space = ids[3];
    }

    @Override
    public boolean scored(int state, int token) {
        return switch (state) {
            case HEADER -> false;
            case AFTER_COLON -> token != space && token != open && token != close;
            default -> token != open && token != close;
        };
    }

    @Override
    public int next(int state, int token) {
        if (token == open) {
            return HEADER;
        }
        if (token == close) {
            return TEXT;
        }
        return switch (state) {
            case HEADER -> token == colon ? AFTER_COLON : HEADER;
            default -> TEXT;
        };
    }
}
