package io.promptwave.core.prompt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.promptwave.core.model.Backbone;
import io.promptwave.core.model.MultiHeadAttention;
import io.promptwave.core.model.PromptHooks;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds one forward pass's {@link PromptHooks} for a batch whose rows use different prompts (or
 * none), of any methods and lengths: each prompt computes its parts for its own rows, then every
 * part is padded to the longest with masked positions and the rows are put back in batch order.
 * A masked position gets exactly zero attention, so each row computes what it would alone: this
 * is what lets a server batch requests for many tasks on one backbone.
 */
public final class PromptAssembler {

    private PromptAssembler() {
    }

    /**
     * The hooks of a batch and what training adds to the loss.
     *
     * @param hooks for the backbone
     * @param auxiliaryLoss the sum of the prompts' auxiliary losses, or null
     */
    public record Assembled(PromptHooks hooks, NDArray auxiliaryLoss) {
    }

    /** One prompt's rows and parts. */
    private record Group(List<Integer> rows, PromptParts parts) {
    }

    /**
     * @param input the batch's embedded encoder input
     * @param rowPrompts the prompt of each row, null for none
     * @param training whether training-time behaviour applies
     * @return the hooks
     */
    public static Assembled assemble(Backbone.Embedded input, List<SoftPrompt> rowPrompts, boolean training) {
        int batch = input.frameLengths().length;
        if (rowPrompts.size() != batch) {
            throw new IllegalArgumentException(rowPrompts.size() + " prompts for a batch of " + batch + " rows");
        }
        Map<SoftPrompt, List<Integer>> byPrompt = new IdentityHashMap<>();
        List<Integer> plainRows = new ArrayList<>();
        List<SoftPrompt> order = new ArrayList<>();
        for (int r = 0; r < batch; r++) {
            SoftPrompt p = rowPrompts.get(r);
            if (p == null) {
                plainRows.add(r);
            } else {
                byPrompt.computeIfAbsent(p, k -> {
                    order.add(k);
                    return new ArrayList<>();
                }).add(r);
            }
        }
        if (order.isEmpty()) {
            return new Assembled(PromptHooks.NONE, null);
        }
        List<Group> groups = new ArrayList<>();
        for (SoftPrompt p : order) {
            List<Integer> rows = byPrompt.get(p);
            Backbone.Embedded own = rows.size() == batch ? input
                    : input.selectRows(rows.stream().mapToLong(Integer::longValue).toArray());
            groups.add(new Group(rows, p.parts(own, training)));
        }
        if (!plainRows.isEmpty()) {
            groups.add(new Group(plainRows, PromptParts.NONE));
        }
        NDManager work = input.vectors().getManager();
        long[] inverse = new long[batch];
        int position = 0;
        boolean inOrder = true;
        for (Group g : groups) {
            for (int r : g.rows()) {
                inOrder &= r == position;
                inverse[r] = position++;
            }
        }
        Gather gather = new Gather(work, groups, batch, inOrder ? null : work.create(inverse));
        NDArray auxiliary = null;
        for (Group g : groups) {
            NDArray a = g.parts().auxiliaryLoss();
            auxiliary = a == null ? auxiliary : auxiliary == null ? a : auxiliary.add(a);
        }
        PromptHooks hooks = new PromptHooks(gather.inputPrefix(PromptParts::encoderInput),
                gather.inputPrefix(PromptParts::decoderInput), gather.layerPrefixes(PromptParts::encoderSelf),
                gather.layerPrefixes(PromptParts::decoderSelf), gather.layerPrefixes(PromptParts::cross),
                gather.perRow(PromptParts::outputBias), gather.perRow(PromptParts::inputDelta));
        return new Assembled(hooks, auxiliary);
    }

    /** Pads each part over the groups and puts the rows back in batch order. */
    private record Gather(NDManager work, List<Group> groups, int batch, NDArray inverse) {

        PromptHooks.InputPrefix inputPrefix(Function<PromptParts, NDArray> part) {
            int longest = 0;
            NDArray template = null;
            for (Group g : groups) {
                NDArray a = part.apply(g.parts());
                if (a != null && a.getShape().get(1) > longest) {
                    longest = (int) a.getShape().get(1);
                    template = a;
                }
            }
            if (template == null) {
                return null;
            }
            NDList pieces = new NDList();
            boolean[] mask = new boolean[batch * longest];
            for (Group g : groups) {
                NDArray a = part.apply(g.parts());
                int length = a == null ? 0 : (int) a.getShape().get(1);
                pieces.add(padded(a, g.rows().size(), 1, longest, template));
                markRows(mask, g.rows(), length, longest);
            }
            return new PromptHooks.InputPrefix(inBatchOrder(join(pieces, 0)),
                    work.create(mask, new Shape(batch, longest)));
        }

        PromptHooks.LayerPrefixes layerPrefixes(Function<PromptParts, List<MultiHeadAttention.KeyValues>> part) {
            int longest = 0;
            List<MultiHeadAttention.KeyValues> template = null;
            for (Group g : groups) {
                List<MultiHeadAttention.KeyValues> kv = part.apply(g.parts());
                if (kv != null && kv.get(0).length() > longest) {
                    longest = (int) kv.get(0).length();
                    template = kv;
                }
            }
            if (template == null) {
                return null;
            }
            boolean[] mask = new boolean[batch * longest];
            for (Group g : groups) {
                List<MultiHeadAttention.KeyValues> kv = part.apply(g.parts());
                markRows(mask, g.rows(), kv == null ? 0 : (int) kv.get(0).length(), longest);
            }
            List<MultiHeadAttention.KeyValues> layers = new ArrayList<>();
            for (int layer = 0; layer < template.size(); layer++) {
                NDList keys = new NDList();
                NDList values = new NDList();
                for (Group g : groups) {
                    List<MultiHeadAttention.KeyValues> kv = part.apply(g.parts());
                    int rows = g.rows().size();
                    keys.add(padded(kv == null ? null : kv.get(layer).keys(), rows, 2, longest,
                            template.get(layer).keys()));
                    values.add(padded(kv == null ? null : kv.get(layer).values(), rows, 2, longest,
                            template.get(layer).values()));
                }
                layers.add(new MultiHeadAttention.KeyValues(inBatchOrder(join(keys, 0)),
                        inBatchOrder(join(values, 0))));
            }
            return new PromptHooks.LayerPrefixes(layers, work.create(mask, new Shape(batch, longest)));
        }

        /** A part with one entry per row (an output bias, an input delta): zeros for the rows without it. */
        NDArray perRow(Function<PromptParts, NDArray> part) {
            NDArray template = null;
            for (Group g : groups) {
                template = template != null ? template : part.apply(g.parts());
            }
            if (template == null) {
                return null;
            }
            NDList pieces = new NDList();
            for (Group g : groups) {
                NDArray a = part.apply(g.parts());
                long[] shape = template.getShape().getShape().clone();
                shape[0] = g.rows().size();
                pieces.add(a != null ? a : work.zeros(new Shape(shape), template.getDataType()));
            }
            return inBatchOrder(join(pieces, 0));
        }

        /** {@code a} (or nothing) padded with zeros along {@code axis} to {@code length} positions. */
        private NDArray padded(NDArray a, int rows, int axis, int length, NDArray template) {
            int have = a == null ? 0 : (int) a.getShape().get(axis);
            if (have == length) {
                return a;
            }
            long[] shape = template.getShape().getShape().clone();
            shape[0] = rows;
            shape[axis] = length - have;
            NDArray zeros = work.zeros(new Shape(shape), template.getDataType());
            return a == null ? zeros : a.concat(zeros, axis);
        }

        private static void markRows(boolean[] mask, List<Integer> rows, int length, int width) {
            for (int r : rows) {
                for (int j = 0; j < length; j++) {
                    mask[r * width + j] = true;
                }
            }
        }

        private NDArray inBatchOrder(NDArray grouped) {
            return inverse == null ? grouped : grouped.get(inverse);
        }
    }

    /** Concatenation that skips the copy for a single piece. */
    private static NDArray join(NDList pieces, int axis) {
        return pieces.size() == 1 ? pieces.get(0) : NDArrays.concat(pieces, axis);
    }
}
