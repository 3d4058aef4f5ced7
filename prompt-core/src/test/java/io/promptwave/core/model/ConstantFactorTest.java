package io.promptwave.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ConstantFactorTest {
    private static float[] gradientThrough(UnaryOperator<NDArray> op) throws EngineUnavailableException {
        Engine engine = TensorRuntime.pytorch();
        try (NDManager manager = engine.newBaseManager()) {
            NDArray x = manager.ones(new Shape(2, 3));
            x.setRequiresGradient(true);
            try (GradientCollector collector = engine.newGradientCollector()) {
                NDArray y = op.apply(x).sum();
                FreedMemory.collectAndReuse(); // DJL's div(Number) gave infinity here in 20 of 20 tries
                collector.backward(y);
            }
            return x.getGradient().toFloatArray();
        }
    }

    @Test
    void theGradientSurvivesAGarbageCollectionBeforeTheBackwardPass() throws EngineUnavailableException {
        for (int attempt = 0; attempt < 5; attempt++) {
            float[] divided = gradientThrough(x -> ConstantFactor.dividedBy(x, Math.sqrt(8)));
            assertArrayEquals(new float[] {0.35355f, 0.35355f, 0.35355f, 0.35355f, 0.35355f, 0.35355f}, divided, 1e-5f);
            float[] times = gradientThrough(x -> ConstantFactor.times(x, 16));
            assertArrayEquals(new float[] {16, 16, 16, 16, 16, 16}, times, 0f);
        }
    }

    @Test
    void timesAndDividedByGiveTheArithmeticTheyName() throws EngineUnavailableException {
        try (NDManager manager = TensorRuntime.pytorch().newBaseManager()) {
            NDArray x = manager.create(new float[] {1, -2, 3});
            assertArrayEquals(new float[] {0.5f, -1, 1.5f}, ConstantFactor.dividedBy(x, 2).toFloatArray());
            assertArrayEquals(new float[] {0.1f, -0.2f, 0.3f}, ConstantFactor.times(x, 0.1).toFloatArray(), 1e-7f);
        }
    }
}
