package io.promptwave.core.prompt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.promptwave.core.artifact.Tensor;
import io.promptwave.core.model.Backbone;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.train.PaddedBatch;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A prompt plus a trained affine transform of the input features: every valid frame {@code f} (the
 * normalised fbank bins of an utterance, or the values of a line's patch column) becomes
 * {@code f + f M + s}, with {@code M} of {@code F x F} and {@code s} of {@code F} trained
 * ({@code F (F + 1)} numbers: 6,480 for 80 fbank bins). Both start at zero, so training starts from
 * what the prompt underneath does alone.
 *
 * <p>Why before the front-end: a new voice or channel differs from the training voices in the
 * spectrum itself (formants at other frequencies, another spectral tilt and loudness). Across log-mel
 * bins a frequency warp or an equaliser is close to a linear map, which is what speaker adaptation in
 * feature space (fMLLR, VTLN) trains; once the frozen convolutional front-end has read the frames,
 * that map is no longer linear, and the {@link InputAdapterPrompt} behind it can only approximate it.
 * Padded frames stay zero, so a row computes the same alone and in a batch.
 */
public final class FeatureTransformPrompt extends PromptAddOn {
    /** The largest frame the transform accepts: it keeps {@code F x F} numbers. */
    public static final int MAX_DIMS = 4096;
    /** The matrix's name on disk, {@code [F, F]}. */
    public static final String MATRIX = "feature_transform.matrix";
    /** The shift's name on disk, {@code [F]}. */
    public static final String SHIFT = "feature_transform.shift";

    private final int dims;
    private final NDArray matrix;
    private final NDArray shift;

    /**
     * @param prompt the prompt the transform goes with (closed with this one)
     * @param manager a manager the transform takes ownership of
     * @param matrix {@code [F, F]}
     * @param shift {@code [F]}
     * @param trainable whether the transform gets gradients
     */
    public FeatureTransformPrompt(SoftPrompt prompt, NDManager manager, Tensor matrix, Tensor shift,
            boolean trainable) {
        super(prompt, checked(manager, matrix, shift), trainable);
        this.dims = (int) shift.shape()[0];
        this.matrix = own().add(MATRIX, matrix);
        this.shift = own().add(SHIFT, shift);
    }

    /**
     * @param dims {@code F}
     * @return a new transform's start, {@code M} and {@code s} zero: the features as they are
     */
    public static Tensor[] start(int dims) {
        return new Tensor[] {new Tensor(new float[dims * dims], dims, dims), new Tensor(new float[dims], dims)};
    }

    @Override
    public String kind() {
        return "feature transform";
    }

    /** @return {@code F}, the values per frame the transform reads */
    public int dims() {
        return dims;
    }

    @Override
    public PromptParts parts(Backbone.Embedded rows, boolean training) {
        return prompt().parts(rows, training); // its work is done before the front-end (embed)
    }

    /**
     * Embeds a batch with each row's feature transform applied first: what every forward pass
     * under prompts starts with (rows without a transform keep their features).
     *
     * @param model the backbone
     * @param batch the padded features of one modality
     * @param rowPrompts the prompt of each row, null for none
     * @param training whether gradients and dropout apply
     * @return the encoder's input
     * @throws IllegalArgumentException when a row's prompt transforms frames of another size than the row's
     */
    public static Backbone.Embedded embed(SpeechModel model, PaddedBatch batch, List<SoftPrompt> rowPrompts,
            boolean training) {
        return model.backbone().embed(model.store(), transformed(batch, rowPrompts), batch.lengths(), training);
    }

    /**
     * @param batch padded features {@code [B, T, F]}
     * @param rowPrompts the prompt of each row, null for none
     * @return the features with each row's transform applied to its valid frames; the batch's own array
     *     when no row has a transform
     */
    static NDArray transformed(PaddedBatch batch, List<SoftPrompt> rowPrompts) {
        NDArray features = batch.features();
        int rows = batch.lengths().length;
        if (rowPrompts.size() != rows) {
            throw new IllegalArgumentException("a batch of " + rows + " rows needs as many row prompts (null for none), got "
                    + rowPrompts.size());
        }
        FeatureTransformPrompt[] transforms = new FeatureTransformPrompt[rows];
        boolean any = false;
        boolean shared = true;
        int frameSize = (int) features.getShape().get(2);
        for (int r = 0; r < rows; r++) {
            transforms[r] = find(rowPrompts.get(r), FeatureTransformPrompt.class);
            if (transforms[r] != null && transforms[r].dims != frameSize) {
                throw new IllegalArgumentException("row " + r + "'s prompt transforms frames of " + transforms[r].dims
                        + " values, but its input has " + frameSize + " per frame (a prompt trained on another"
                        + " modality or feature size)");
            }
            any |= transforms[r] != null;
            shared &= transforms[r] == transforms[0];
        }
        if (!any) {
            return features;
        }
        NDArray delta;
        if (shared) {
            delta = features.matMul(transforms[0].matrix).add(transforms[0].shift);
        } else {
            // one [F, F] matrix and one [F] shift per row, zero for the rows without a transform, stacked to
            // [B, F, F] and [B, 1, F]; each transform's arrays are copied into the call's manager first, since
            // a stack lands in its first array's manager and must not pile up in a prompt's
            NDManager work = features.getManager();
            NDArray noMatrix = work.zeros(new Shape(frameSize, frameSize));
            NDArray noShift = work.zeros(new Shape(frameSize));
            Map<FeatureTransformPrompt, NDArray[]> local = new IdentityHashMap<>();
            NDList matrices = new NDList();
            NDList shifts = new NDList();
            for (FeatureTransformPrompt t : transforms) {
                NDArray[] own = t == null ? new NDArray[] {noMatrix, noShift} : local.computeIfAbsent(t,
                        k -> new NDArray[] {PromptParameters.local(k.matrix, work), PromptParameters.local(k.shift, work)});
                matrices.add(own[0]);
                shifts.add(own[1]);
            }
            delta = features.matMul(NDArrays.stack(matrices)).add(NDArrays.stack(shifts).expandDims(1));
        }
        NDArray valid = batch.mask().toType(DataType.FLOAT32, false).expandDims(2);
        return features.add(delta.mul(valid));
    }

    /** The manager, after checking that the matrix is {@code [F, F]} and the shift {@code [F]}. */
    private static NDManager checked(NDManager manager, Tensor matrix, Tensor shift) {
        long[] m = matrix.shape();
        long[] s = shift.shape();
        if (m.length != 2 || s.length != 1 || m[0] != m[1] || m[0] != s[0] || s[0] < 1 || s[0] > MAX_DIMS) {
            manager.close();
            throw new IllegalArgumentException("a feature transform needs an [F, F] matrix and an [F] shift (F at most "
                    + MAX_DIMS + "), got " + Arrays.toString(m) + " and " + Arrays.toString(s));
        }
        return manager;
    }
}
