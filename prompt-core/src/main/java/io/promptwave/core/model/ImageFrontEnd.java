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
 * The image front-end: each patch column of a text line (height x patch width gray values, see
 * the vision module's {@code LineFeatureExtractor}) through a two-layer perceptron to the model
 * width, one encoder frame per column. No subsampling: at 4-pixel columns a character spans four
 * or five frames, room enough for CTC's blanks, and the encoder's attention supplies the context
 * a wider window would.
 */
public final class ImageFrontEnd extends AbstractBlock implements FrontEnd {
    private static final byte VERSION = 1;
    private final int inputDims;
    private final Linear hidden;
    private final Linear projection;

    /**
     * @param inputDims values per patch column
     * @param hiddenWidth width of the perceptron's hidden layer
     * @param dModel output width
     */
    public ImageFrontEnd(int inputDims, int hiddenWidth, int dModel) {
        super(VERSION);
        this.inputDims = inputDims;
        this.hidden = addChildBlock("hidden", Linear.builder().setUnits(hiddenWidth).build());
        this.projection = addChildBlock("projection", Linear.builder().setUnits(dModel).build());
    }

    @Override
    public String modality() {
        return "image";
    }

    @Override
    public int inputDims() {
        return inputDims;
    }

    @Override
    public int outputLength(int inputFrames) {
        return inputFrames;
    }

    @Override
    public NDArray forward(ParameterStore store, NDArray features, boolean training) {
        NDArray h = Activation.relu(hidden.forward(store, new NDList(features), training).singletonOrThrow());
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
        return new Shape[] {new Shape(s.get(0), s.get(1), width)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        hidden.initialize(manager, dataType, inputShapes[0]);
        projection.initialize(manager, dataType, hidden.getOutputShapes(inputShapes)[0]);
    }
}
