package io.promptwave.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;

class EncoderLayerTest {
    private static final Shape X = new Shape(2, 5, 16);
    private static final Shape MASK = new Shape(2, 5);

    private static EncoderLayer layer(NDManager manager) {
        EncoderLayer layer = new EncoderLayer(16, 4, 32, 0.1f);
        layer.initialize(manager, DataType.FLOAT32, X, MASK);
        return layer;
    }

    @Test
    void paddedFramesDoNotChangeTheRealOnes() throws EngineUnavailableException {
        Engine engine = TensorRuntime.pytorch();
        engine.setRandomSeed(3);
        try (NDManager manager = engine.newBaseManager()) {
            EncoderLayer layer = layer(manager);
            ParameterStore store = new ParameterStore(manager, false);
            // the second utterance has 3 real frames; its last 2 are padding
            NDArray mask = manager.create(new boolean[] {true, true, true, true, true, true, true, true, false, false}, MASK);
            NDArray x = manager.randomNormal(X);
            NDArray otherPadding = x.duplicate();
            otherPadding.set(new ai.djl.ndarray.index.NDIndex("1, 3:"), 42f);
            NDArray a = layer.forward(store, new NDList(x, mask), false).singletonOrThrow();
            NDArray b = layer.forward(store, new NDList(otherPadding, mask), false).singletonOrThrow();
            assertArrayEquals(new long[] {2, 5, 16}, a.getShape().getShape());
            assertArrayEquals(a.get("0").toFloatArray(), b.get("0").toFloatArray(), 1e-5f);
            assertArrayEquals(a.get("1, :3").toFloatArray(), b.get("1, :3").toFloatArray(), 1e-5f);
            // without the mask the padding would leak into the real frames
            NDArray all = manager.ones(MASK, DataType.BOOLEAN);
            NDArray c = layer.forward(store, new NDList(otherPadding, all), false).singletonOrThrow();
            assertTrue(a.get("1, :3").sub(c.get("1, :3")).abs().max().getFloat() > 1e-3, "the mask matters");
        }
    }

    @Test
    void everyParameterReceivesAGradient() throws EngineUnavailableException {
        Engine engine = TensorRuntime.pytorch();
        try (NDManager manager = engine.newBaseManager()) {
            EncoderLayer layer = layer(manager);
            ParameterStore store = new ParameterStore(manager, false);
            for (Pair<String, Parameter> p : layer.getParameters()) {
                p.getValue().getArray().setRequiresGradient(true);
            }
            NDArray mask = manager.ones(MASK, DataType.BOOLEAN);
            try (GradientCollector collector = engine.newGradientCollector()) {
                NDArray out = layer.forward(store, new NDList(manager.randomNormal(X), mask), true).singletonOrThrow();
                collector.backward(out.pow(2).sum());
            }
            int parameters = 0;
            for (Pair<String, Parameter> p : layer.getParameters()) {
                float size = p.getValue().getArray().getGradient().abs().sum().getFloat();
                assertTrue(size > 0, p.getKey() + " has no gradient");
                parameters++;
            }
            // 2 norms x (gamma, beta) + 4 attention projections x (weight, bias) + 2 feed-forward x (weight, bias)
            assertEquals(16, parameters);
        }
    }

    @Test
    void widthMustSplitIntoHeads() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MultiHeadAttention(10, 4));
        assertEquals("width 10 does not split into 4 heads", e.getMessage());
    }
}
