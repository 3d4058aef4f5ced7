package io.promptwave.core.decode;

import ai.djl.ndarray.NDManager;
import io.promptwave.core.model.Backbone;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.prompt.FeatureTransformPrompt;
import io.promptwave.core.prompt.SoftPrompt;
import io.promptwave.core.train.PaddedBatch;
import io.promptwave.features.FeatureSequence;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The encoder input of a batch whose rows may come from different modalities. Each front-end
 * reads its own padded sub-batch (fbank frames and patch columns differ in size), and the
 * embedded groups are put back together in the batch's order; a one-modality batch takes the
 * single-tensor path unchanged. Each row's prompt may transform its features first
 * ({@link FeatureTransformPrompt}).
 */
final class BatchInput {
    private BatchInput() {
    }

    /**
     * @param model the model
     * @param work where the arrays go
     * @param rows the batch, audio and image rows in any order
     * @param rowPrompts the prompt of each row, null for none (their feature transforms apply here)
     * @return the embedded batch, rows in order
     * @throws IllegalArgumentException when a row's features fit no front-end of the model, or its
     *     prompt's feature transform
     */
    static Backbone.Embedded embed(SpeechModel model, NDManager work, List<FeatureSequence> rows,
            List<SoftPrompt> rowPrompts) {
        Map<Integer, List<Integer>> byDims = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            byDims.computeIfAbsent(rows.get(i).dims(), d -> new ArrayList<>()).add(i);
        }
        if (byDims.size() <= 1) {
            return FeatureTransformPrompt.embed(model, PaddedBatch.of(work, rows), rowPrompts, false);
        }
        List<Backbone.Embedded> groups = new ArrayList<>();
        List<int[]> positions = new ArrayList<>();
        for (List<Integer> group : byDims.values()) {
            PaddedBatch batch = PaddedBatch.of(work, group.stream().map(rows::get).toList());
            groups.add(FeatureTransformPrompt.embed(model, batch, group.stream().map(rowPrompts::get).toList(), false));
            positions.add(group.stream().mapToInt(Integer::intValue).toArray());
        }
        return Backbone.Embedded.combine(groups, positions);
    }
}
