package io.promptwave.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The audio front-end: subsampling of 100 Hz fbank frames by a configurable stride (3: to 33 Hz)
 * with overlapping windows of twice the stride (60 ms every 30 ms), each window's values through a
 * two-layer perceptron to the model width. This is a strided convolution over time with the whole spectrum as its
 * channels, written as two reshapes and matrix products.
 *
 * <p>Why not the usual pair of 3x3 stride-2 Conv2d layers: in the CPU build of PyTorch that DJL
 * ships they took over half of each training step (measured with stack samples), where the two
 * matrix products here cost a few percent of the encoder.
 */
public final class AudioFrontEnd extends AbstractBlock implements FrontEnd {
    private static final byte VERSION = 1;
    private final int inputDims;
    private final int stride;
    private final int window;
    private final Linear hidden;
    private final Linear projection;

    /**
     * @param inputDims fbank bins
     * @param stride input frames per output frame; each output sees twice as many
     * @param hiddenWidth width of the perceptron's hidden layer
     * @param dModel output width
     */
    public AudioFrontEnd(int inputDims, int stride, int hiddenWidth, int dModel) {
        super(VERSION);
        this.inputDims = inputDims;
        this.stride = stride;
        this.window = 2 * stride;
        this.hidden = addChildBlock("hidden", Linear.builder().setUnits(hiddenWidth).build());
        this.projection = addChildBlock("projection", Linear.builder().setUnits(dModel).build());
    }

    @Override
    public String modality() {
        return "audio";
    }

    @Override
    public int inputDims() {
        return inputDims;
    }

    @Override
    public int outputLength(int inputFrames) {
        return inputFrames < window ? 0 : (inputFrames - window) / stride + 1;
    }

    @Override
    public NDArray forward(ParameterStore store, NDArray features, boolean training) {
        Shape s = features.getShape();
        long batch = s.get(0);
        int n = outputLength((int) s.get(1));
        if (n == 0) {
            throw new IllegalArgumentException("input of " + s.get(1) + " frames is shorter than the front-end's "
                    + window + "-frame window");
        }
        NDArray first = features.get(":, 0:" + (stride * n) + ", :").reshape(batch, n, (long) stride * inputDims);
        NDArray second = features.get(":, " + stride + ":" + (stride * n + stride) + ", :")
                .reshape(batch, n, (long) stride * inputDims);
        NDArray windows = first.concat(second, 2);
        NDArray h = Activation.relu(hidden.forward(store, new NDList(windows), training).singletonOrThrow());
        return projection.forward(store, new NDList(h), training).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(forward(store, inputs.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        long width = projection.getParameters().get("weight").getArray().getShape().get(0);
        return new Shape[] {new Shape(s.get(0), outputLength((int) s.get(1)), width)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        Shape windows = new Shape(s.get(0), outputLength((int) s.get(1)), (long) window * inputDims);
        hidden.initialize(manager, dataType, windows);
        projection.initialize(manager, dataType, hidden.getOutputShapes(new Shape[] {windows})[0]);
    }
}
