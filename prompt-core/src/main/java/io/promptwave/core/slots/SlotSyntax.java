package io.promptwave.core.slots;

import io.promptwave.core.decode.OutputSyntax;
import io.promptwave.core.text.Vocabulary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link SlotFormat} markup as an {@link OutputSyntax}, for the tagged transcript the decoder
 * writes after the (forced) intent and separator.
 *
 * <p>What the CTC head scores: every transcript character; {@code [}, the {@code type: } header
 * and {@code ]} are markup, and removing them leaves the transcript exactly.
 *
 * <p>What it allows, when {@linkplain #constrained(Vocabulary, SlotSchema) constrained}: text bytes
 * and {@code <eos>} outside a tag; after {@code [} only the spelling of one of the schema's slot
 * types, then exactly {@code ": "}; then a non-empty value. A value ends with {@code ]}, or where
 * the next tag opens or the output ends (both close it, as {@link SlotFormat#parse} reads them). So a
 * stray {@code ]}, an unknown slot type, a malformed header or an empty value cannot be written;
 * tokens that are not bytes (units, task tokens) are never text. {@linkplain #markup(Vocabulary)
 * Unconstrained}, it allows anything and only tells the CTC head what to score.
 *
 * <p>Why constraining is a choice, not the default: it pays under beam search and not under greedy
 * search. On the shipped smart-home prompt, beam 4 with CTC 0.3 and this syntax wrote much better
 * transcripts (test WER 27.7 % against 36.6 %) and slots as good (SLU-F1 0.451 against 0.452; dev
 * 0.785 against 0.762); greedy search lost a little (0.438 against 0.440, WER 45.8 % against 42.3 %),
 * since a refused token leaves one second choice, often wrong. Forbidding a new tag or the end inside
 * a value as well made the prompt run on inside the tag (test SLU-F1 0.376). BENCHMARKS.md, "Decoding
 * under the slot syntax".
 */
public final class SlotSyntax implements OutputSyntax {
    private static final int TEXT = 0;
    private static final int COLON = 1;
    private static final int VALUE_START = 2;
    private static final int VALUE = 3;
    /** State of the type-name trie's node {@code n}: {@code TYPE_BASE + n} (node 0 right after {@code [}). */
    private static final int TYPE_BASE = 4;

    private final Vocabulary vocabulary;
    private final int open;
    private final int close;
    private final int colon;
    private final int space;
    /** Per trie node, the byte tokens that go on spelling a type name and the node each leads to. */
    private final List<Map<Integer, Integer>> children = new ArrayList<>();
    /** Per trie node, whether a whole type name ends there. */
    private final List<Boolean> complete = new ArrayList<>();

    private final boolean constrains;

    /**
     * @param vocabulary the model's vocabulary (its byte tokens spell the markup)
     * @param schema the task's labels: its slot types are the only names a tag may carry
     * @return a syntax that refuses malformed tags and unknown slot types
     */
    public static SlotSyntax constrained(Vocabulary vocabulary, SlotSchema schema) {
        return new SlotSyntax(vocabulary, schema.slotTypes(), true);
    }

    /**
     * @param vocabulary the model's vocabulary (its byte tokens spell the markup)
     * @return a syntax that allows any output and only tells the CTC head which characters are markup
     */
    public static SlotSyntax markup(Vocabulary vocabulary) {
        return new SlotSyntax(vocabulary, List.of(), false);
    }

    private SlotSyntax(Vocabulary vocabulary, List<String> slotTypes, boolean constrains) {
        this.vocabulary = vocabulary;
        this.constrains = constrains;
        int[] ids = vocabulary.encode("[]: ");
        this.open = ids[0];
        this.close = ids[1];
        this.colon = ids[2];
        this.space = ids[3];
        addNode();
        for (String type : slotTypes) {
            int node = 0;
            for (int token : vocabulary.encode(type)) {
                Integer child = children.get(node).get(token);
                if (child == null) {
                    child = addNode();
                    children.get(node).put(token, child);
                }
                node = child;
            }
            complete.set(node, true);
        }
    }

    private int addNode() {
        children.add(new HashMap<>());
        complete.add(false);
        return children.size() - 1;
    }

    @Override
    public void refuse(float[] scores, int offset, int vocab, int state) {
        if (constrains) { // markup alone refuses nothing: no scan of the vocabulary
            OutputSyntax.super.refuse(scores, offset, vocab, state);
        }
    }

    @Override
    public boolean allows(int state, int token) {
        if (!constrains) {
            return true;
        }
        if (token == Vocabulary.EOS) {
            return state == TEXT || state == VALUE;
        }
        if (vocabulary.byteOf(token) < 0) {
            return false;
        }
        return switch (state) {
            case TEXT -> token != close;
            case COLON -> token == space;
            case VALUE_START -> token != open && token != close && token != space;
            case VALUE -> true;
            default -> {
                int node = state - TYPE_BASE;
                yield children.get(node).containsKey(token) || token == colon && complete.get(node);
            }
        };
    }

    @Override
    public boolean scored(int state, int token) {
        return switch (state) {
            case TEXT, VALUE_START, VALUE -> token != open && token != close;
            // a header is markup; only unconstrained output can go on after the colon without a space
            case COLON -> token != space && token != open && token != close;
            default -> false;
        };
    }

    @Override
    public int next(int state, int token) {
        // brackets mean the same everywhere, so unconstrained output, however malformed, is read as
        // SlotFormat.parse reads it: '[' opens a tag (closing one left open), ']' closes it
        if (token == open) {
            return TYPE_BASE;
        }
        if (token == close) {
            return TEXT;
        }
        return switch (state) {
            case TEXT -> TEXT;
            case COLON -> token == space ? VALUE_START : VALUE;
            case VALUE_START, VALUE -> VALUE;
            default -> {
                // in a type name: a colon ends it; anything else follows the trie (or, off it, stays put)
                int node = state - TYPE_BASE;
                Integer child = children.get(node).get(token);
                yield token == colon ? COLON : child == null ? state : TYPE_BASE + child;
            }
        };
    }
}
