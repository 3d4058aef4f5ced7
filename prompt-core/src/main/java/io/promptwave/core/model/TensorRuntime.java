package io.promptwave.core.model;

import ai.djl.engine.Engine;

/**
 * Opens DJL's PyTorch engine without touching the network.
 *
 * <p>Promptwave machines have no internet, so the engine must load the PyTorch natives that the
 * build put on the class path ({@code pytorch-native-cpu}, classifier {@code linux-x86_64})
 * instead of downloading them. Setting {@code ai.djl.offline=true} before the engine's first use
 * makes DJL fail fast with a clear message instead of hanging on a download.
 */
public final class TensorRuntime {
    /** DJL's name for the PyTorch engine. */
    public static final String ENGINE_NAME = "PyTorch";

    private TensorRuntime() {
    }

    /**
     * Returns the PyTorch engine, loading it offline on first use.
     *
     * @return the engine, ready to create {@link ai.djl.ndarray.NDManager}s
     * @throws EngineUnavailableException when the natives are missing or fail to load
     */
    public static Engine pytorch() throws EngineUnavailableException {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        try {
            return Engine.getEngine(ENGINE_NAME);
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            throw new EngineUnavailableException("cannot start DJL's PyTorch engine offline: "
                    + e.getMessage() + " (is ai.djl.pytorch:pytorch-native-cpu:linux-x86_64 on the class path?)", e);
        }
    }
}
