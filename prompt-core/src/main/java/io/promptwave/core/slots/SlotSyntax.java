package io.promptwave.core.slots;

import io.promptwave.core.decode.OutputSyntax;
import io.promptwave.core.text.Vocabulary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link SlotFormat} markup as an {@link OutputSyntax}, for the tagged transcript the decoder
 * writes after the (forced) intent and separator, or, {@linkplain IntentPosition#LAST intent last},
 * for the tagged transcript, the separator and the intent.
 *
 * <p>What the CTC head scores: every transcript character; {@code [}, the {@code type: } header
 * and {@code ]} are markup, and removing them leaves the transcript exactly. Intent last, the bar and
 * all after it are markup too.
 *
 * <p>What it allows, when {@linkplain #constrained(Vocabulary, SlotSchema) constrained}: text bytes
 * and {@code <eos>} outside a tag; after {@code [} only the spelling of one of the schema's slot
 * types, then exactly {@code ": "}; then a non-empty value. A value ends with {@code ]}, or where
 * the next tag opens or the output ends (both close it, as {@link SlotFormat#parse} reads them). So a
 * stray {@code ]}, an unknown slot type, a malformed header or an empty value cannot be written;
 * tokens that are not bytes (units, task tokens) are never text. {@linkplain #markup(Vocabulary,
 * SlotSchema) Unconstrained}, it allows any tagged transcript and only tells the CTC head what to score.
 *
 * <p>Intent last, in both modes: the bar may come where the output could end, then exactly {@code " "}
 * and the spelling of one of the schema's intents, and the output ends only after a whole name. Why
 * even unconstrained: a beam that may end inside a name finishes its hypotheses there (the other
 * live ones are often worse than a cut name) and stops before any is whole; and the name itself
 * matters little, since the understander ranks every intent after the words anyway.
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
    /** Intent last: right after the bar, before its space. */
    private static final int AFTER_BAR = 4;
    /** State of the name tries' node {@code n}: {@code TRIE_BASE + n}; node 0 is the slot types' root. */
    private static final int TRIE_BASE = 5;

    private final Vocabulary vocabulary;
    private final int open;
    private final int close;
    private final int colon;
    private final int space;
    /** The bar that starts the intent, or -1 when the intent comes first (then a bar is text). */
    private final int bar;
    /** Per trie node, the byte tokens that go on spelling a name and the node each leads to. */
    private final List<Map<Integer, Integer>> children = new ArrayList<>();
    /** Per trie node, whether a whole name ends there. */
    private final List<Boolean> complete = new ArrayList<>();
    /** The intent names' root node (intent last), or -1. Nodes from it on spell intents. */
    private final int intentRoot;

    private final boolean constrains;
    private final int extraLength;

    /**
     * @param vocabulary the model's vocabulary (its byte tokens spell the markup)
     * @param schema the task's labels: its slot types are the only names a tag may carry
     * @return a syntax that refuses malformed tags and unknown slot types
     */
    public static SlotSyntax constrained(Vocabulary vocabulary, SlotSchema schema) {
        return new SlotSyntax(vocabulary, schema, true);
    }

    /**
     * @param vocabulary the model's vocabulary (its byte tokens spell the markup)
     * @param schema the task's labels (intent last, the names that may follow the bar)
     * @return a syntax that allows any tagged transcript and only tells the CTC head which characters are markup
     */
    public static SlotSyntax markup(Vocabulary vocabulary, SlotSchema schema) {
        return new SlotSyntax(vocabulary, schema, false);
    }

    private SlotSyntax(Vocabulary vocabulary, SlotSchema schema, boolean constrains) {
        this.vocabulary = vocabulary;
        this.constrains = constrains;
        int[] ids = vocabulary.encode("[]: |");
        this.open = ids[0];
        this.close = ids[1];
        this.colon = ids[2];
        this.space = ids[3];
        boolean last = schema.intentPosition() == IntentPosition.LAST;
        this.bar = last ? ids[4] : -1;
        addTrie(constrains ? schema.slotTypes() : List.of());
        this.intentRoot = last ? addTrie(schema.intents()) : -1;
        int longestIntent = schema.intents().stream().mapToInt(i -> vocabulary.encode(i).length).max().orElse(0);
        this.extraLength = last ? vocabulary.encode(SlotFormat.SEPARATOR_LAST).length + longestIntent : 0;
    }

    /** Adds a trie spelling {@code names}; returns its root node. */
    private int addTrie(List<String> names) {
        int root = addNode();
        for (String name : names) {
            int node = root;
            for (int token : vocabulary.encode(name)) {
                Integer child = children.get(node).get(token);
                if (child == null) {
                    child = addNode();
                    children.get(node).put(token, child);
                }
                node = child;
            }
            complete.set(node, true);
        }
        return root;
    }

    private int addNode() {
        children.add(new HashMap<>());
        complete.add(false);
        return children.size() - 1;
    }

    /** @return whether the state is after the bar (intent last) */
    private boolean inIntent(int state) {
        return state == AFTER_BAR || intentRoot >= 0 && state >= TRIE_BASE + intentRoot;
    }

    /** Intent last, room for the separator and the longest intent name; intent first they are forced. */
    @Override
    public int extraLength() {
        return extraLength;
    }

    @Override
    public void refuse(float[] scores, int offset, int vocab, int state) {
        // unconstrained words refuse nothing: no scan of the vocabulary at each of their steps
        if (constrains || inIntent(state)) {
            OutputSyntax.super.refuse(scores, offset, vocab, state);
        }
    }

    @Override
    public boolean allows(int state, int token) {
        if (state == AFTER_BAR) {
            return token == space;
        }
        if (inIntent(state)) {
            int node = state - TRIE_BASE;
            return token == Vocabulary.EOS ? complete.get(node) : children.get(node).containsKey(token);
        }
        if (!constrains) {
            return true;
        }
        if (token == Vocabulary.EOS) {
            return state == TEXT || state == VALUE;
        }
        if (vocabulary.byteOf(token) < 0) {
            return false;
        }
        if (token == bar) {
            return state == TEXT || state == VALUE;
        }
        return switch (state) {
            case TEXT -> token != close;
            case COLON -> token == space;
            case VALUE_START -> token != open && token != close && token != space;
            case VALUE -> true;
            default -> {
                int node = state - TRIE_BASE;
                yield children.get(node).containsKey(token) || token == colon && complete.get(node);
            }
        };
    }

    @Override
    public boolean scored(int state, int token) {
        if (token == bar || inIntent(state)) {
            return false;
        }
        return switch (state) {
            case TEXT, VALUE_START, VALUE -> token != open && token != close;
            // a header is markup; only unconstrained output can go on after the colon without a space
            case COLON -> token != space && token != open && token != close;
            default -> false;
        };
    }

    @Override
    public int next(int state, int token) {
        if (state == AFTER_BAR) {
            return token == space ? TRIE_BASE + intentRoot : state;
        }
        if (inIntent(state)) {
            Integer child = children.get(state - TRIE_BASE).get(token);
            return child == null ? state : TRIE_BASE + child;
        }
        if (token == bar) {
            return AFTER_BAR;
        }
        // brackets mean the same everywhere, so unconstrained output, however malformed, is read as
        // SlotFormat.parse reads it: '[' opens a tag (closing one left open), ']' closes it
        if (token == open) {
            return TRIE_BASE;
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
                int node = state - TRIE_BASE;
                Integer child = children.get(node).get(token);
                yield token == colon ? COLON : child == null ? state : TRIE_BASE + child;
            }
        };
    }
}
