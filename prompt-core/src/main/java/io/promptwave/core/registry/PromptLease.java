package io.promptwave.core.registry;

import io.promptwave.core.artifact.PromptInfo;
import io.promptwave.core.prompt.SoftPrompt;
import io.promptwave.core.text.CharNgramModel;

/**
 * One request's hold on one prompt version. While the lease is open the version stays loaded,
 * even if it is deactivated or unloaded meanwhile; closing the lease lets the registry free it.
 */
public final class PromptLease implements AutoCloseable {
    private final PromptRegistry.Version version;
    private boolean closed;

    PromptLease(PromptRegistry.Version version) {
        this.version = version;
    }

    /** @return what the version's config says */
    public PromptInfo info() {
        return version.loaded().info();
    }

    /** @return the prompt, valid until the lease is closed */
    public SoftPrompt prompt() {
        if (closed) {
            throw new IllegalStateException("the lease on " + info().id() + " is closed");
        }
        return version.loaded().prompt();
    }

    /**
     * @return the prompt's own language model, to fuse into its rows instead of the base's; null when
     *     it brings none
     */
    public CharNgramModel languageModel() {
        return version.loaded().languageModel();
    }

    /** Releases the hold; closing twice is harmless. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            version.release();
        }
    }
}
