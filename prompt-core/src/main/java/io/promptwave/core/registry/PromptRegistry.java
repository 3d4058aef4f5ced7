package io.promptwave.core.registry;

import io.promptwave.core.artifact.ModelFormatException;
import io.promptwave.core.artifact.PromptDirectory;
import io.promptwave.core.artifact.PromptInfo;
import io.promptwave.core.artifact.PromptMismatchException;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.prompt.PromptFactory;
import io.promptwave.core.text.CharNgramModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many prompts on one loaded backbone, addressed {@code name} (the active version) or
 * {@code name@version}. Versions are loaded from directories at start or added while serving,
 * activated atomically (rolling back is activating an older one) and unloaded.
 *
 * <p>Thread-safe. Changes swap immutable per-name snapshots under a lock; lookups read the
 * current snapshot without locking. A request takes a {@link PromptLease} and keeps the version
 * it started with: a version unloaded while leased is freed when its last lease closes.
 */
public final class PromptRegistry implements AutoCloseable {
    private final PromptFactory factory;
    private final String baseFingerprint;
    private volatile Map<String, Prompt> prompts = Map.of();

    /** A loaded version and its holders: the registry (until unloaded) and open leases. */
    static final class Version {
        private final PromptDirectory.Loaded loaded;
        private final AtomicInteger holders = new AtomicInteger(1);

        Version(PromptDirectory.Loaded loaded) {
            this.loaded = loaded;
        }

        PromptDirectory.Loaded loaded() {
            return loaded;
        }

        /** @return false when the version has already been freed */
        boolean acquire() {
            while (true) {
                int n = holders.get();
                if (n == 0) {
                    return false;
                }
                if (holders.compareAndSet(n, n + 1)) {
                    return true;
                }
            }
        }

        /** @return holders other than the registry */
        int leases() {
            return Math.max(0, holders.get() - 1);
        }

        void release() {
            if (holders.decrementAndGet() == 0) {
                loaded.prompt().close();
            }
        }
    }

    /** The versions of one name and which one is active; immutable. */
    private record Prompt(NavigableMap<Integer, Version> versions, int active) {
    }

    /**
     * A version as {@link #list()} reports it.
     *
     * @param info what its config says
     * @param active whether plain {@code name} requests get it
     * @param bytes the size of its files (weights, and its language model if it brings one)
     * @param leases requests holding it now
     * @param languageModel its own language model, or null
     */
    public record Status(PromptInfo info, boolean active, long bytes, int leases, CharNgramModel languageModel) {
    }

    /**
     * @param model the shared backbone (it must outlive the registry)
     */
    public PromptRegistry(SpeechModel model) {
        this.factory = new PromptFactory(model);
        this.baseFingerprint = model.fingerprint();
    }

    /** @return the fingerprint every prompt must have been trained on */
    public String baseFingerprint() {
        return baseFingerprint;
    }

    /**
     * Loads every prompt under a folder: each sub-folder is a version directory (with
     * {@code adapter_config.json}) or holds version directories. The newest version of each name
     * becomes active. All or nothing: when one fails, none of them is added.
     *
     * @param root the folder
     * @return the versions added
     * @throws PromptMismatchException when one was trained on another base
     * @throws ModelFormatException when the folder is missing or a prompt in it is corrupt
     * @throws IOException when reading fails
     */
    public List<PromptInfo> loadAll(Path root) throws PromptMismatchException, ModelFormatException, IOException {
        if (!Files.isDirectory(root)) {
            throw new ModelFormatException(root + ": no such prompt folder");
        }
        List<Path> dirs = PromptDirectory.versionDirs(root);
        List<PromptDirectory.Loaded> loaded = new ArrayList<>();
        try {
            for (Path dir : dirs) {
                loaded.add(PromptDirectory.load(dir, factory, baseFingerprint));
            }
            synchronized (this) {
                java.util.Set<String> seen = new java.util.HashSet<>();
                for (PromptDirectory.Loaded l : loaded) {
                    checkNew(l.info());
                    // two folders with one name and version: the second would silently replace the first
                    if (!seen.add(l.info().id())) {
                        throw new ModelFormatException(root + ": prompt " + l.info().id()
                                + " is in two folders; give one of them another version");
                    }
                }
                List<PromptInfo> added = new ArrayList<>();
                for (PromptDirectory.Loaded l : loaded) {
                    install(l, false);
                    added.add(l.info());
                }
                for (PromptInfo info : added) {
                    Prompt p = prompts.get(info.name());
                    replace(info.name(), new Prompt(p.versions(), p.versions().lastKey()));
                }
                loaded.clear();
                return added;
            }
        } finally {
            loaded.forEach(l -> l.prompt().close());
        }
    }

    /**
     * Adds one version while serving.
     *
     * @param dir a version directory
     * @param activate whether it becomes the active version of its name (the first version always does)
     * @return what was added
     * @throws PromptMismatchException when it was trained on another base
     * @throws ModelFormatException when it is corrupt, or that name and version are already loaded
     * @throws IOException when reading fails
     */
    public PromptInfo add(Path dir, boolean activate) throws PromptMismatchException, ModelFormatException,
            IOException {
        PromptDirectory.Loaded loaded = PromptDirectory.load(dir, factory, baseFingerprint);
        synchronized (this) {
            try {
                checkNew(loaded.info());
            } catch (ModelFormatException e) {
                loaded.prompt().close();
                throw e;
            }
            install(loaded, activate);
        }
        return loaded.info();
    }

    private void checkNew(PromptInfo info) throws ModelFormatException {
        Prompt p = prompts.get(info.name());
        if (p != null && p.versions().containsKey(info.version())) {
            throw new ModelFormatException("prompt " + info.id() + " is already loaded; unload it or give the new one "
                    + "another version");
        }
    }

    private void install(PromptDirectory.Loaded loaded, boolean activate) {
        PromptInfo info = loaded.info();
        Prompt p = prompts.get(info.name());
        NavigableMap<Integer, Version> versions = p == null ? new TreeMap<>() : new TreeMap<>(p.versions());
        versions.put(info.version(), new Version(loaded));
        int active = p == null || activate ? info.version() : p.active();
        replace(info.name(), new Prompt(Collections.unmodifiableNavigableMap(versions), active));
    }

    private void replace(String name, Prompt p) {
        Map<String, Prompt> next = new TreeMap<>(prompts);
        if (p == null) {
            next.remove(name);
        } else {
            next.put(name, p);
        }
        prompts = Collections.unmodifiableMap(next);
    }

    /**
     * Makes a version the one plain {@code name} requests get. Requests already running keep theirs.
     *
     * @throws UnknownPromptException when the name or version is not loaded
     */
    public synchronized void activate(String name, int version) throws UnknownPromptException {
        Prompt p = prompt(name);
        if (!p.versions().containsKey(version)) {
            throw new UnknownPromptException("prompt " + name + " has no version " + version + " (loaded: "
                    + p.versions().keySet() + ")");
        }
        replace(name, new Prompt(p.versions(), version));
    }

    /**
     * Unloads one version; when it was active, the newest remaining version becomes active.
     * Leases on it stay valid until they close.
     *
     * @throws UnknownPromptException when the name or version is not loaded
     */
    public synchronized void unload(String name, int version) throws UnknownPromptException {
        Prompt p = prompt(name);
        Version v = p.versions().get(version);
        if (v == null) {
            throw new UnknownPromptException("prompt " + name + " has no version " + version + " (loaded: "
                    + p.versions().keySet() + ")");
        }
        NavigableMap<Integer, Version> rest = new TreeMap<>(p.versions());
        rest.remove(version);
        replace(name, rest.isEmpty() ? null : new Prompt(Collections.unmodifiableNavigableMap(rest),
                p.active() == version ? rest.lastKey() : p.active()));
        v.release();
    }

    /**
     * @param reference {@code name} for the active version or {@code name@version}
     * @return a lease on that version; close it when the request is done
     * @throws UnknownPromptException naming what is loaded
     */
    public PromptLease lease(String reference) throws UnknownPromptException {
        while (true) {
            Version v = find(reference);
            if (v.acquire()) {
                return new PromptLease(v);
            }
            // unloaded between the lookup and the hold: look again in the new snapshot
        }
    }

    private Version find(String reference) throws UnknownPromptException {
        int at = reference.lastIndexOf('@');
        String name = at < 0 ? reference : reference.substring(0, at);
        Prompt p = prompt(name);
        if (at < 0) {
            return p.versions().get(p.active());
        }
        int version;
        try {
            version = Integer.parseInt(reference.substring(at + 1));
        } catch (NumberFormatException e) {
            throw new UnknownPromptException("'" + reference + "': the version after '@' must be a number");
        }
        Version v = p.versions().get(version);
        if (v == null) {
            throw new UnknownPromptException("prompt " + name + " has no version " + version + " (loaded: "
                    + p.versions().keySet() + ")");
        }
        return v;
    }

    private Prompt prompt(String name) throws UnknownPromptException {
        Prompt p = prompts.get(name);
        if (p == null) {
            throw new UnknownPromptException("no prompt named '" + name + "' is loaded (loaded: " + prompts.keySet()
                    + ")");
        }
        return p;
    }

    /** @return every loaded version, by name then version */
    public List<Status> list() {
        List<Status> out = new ArrayList<>();
        for (Prompt p : prompts.values()) {
            p.versions().forEach((number, v) -> out.add(new Status(v.loaded().info(), number == p.active(),
                    v.loaded().bytes(), v.leases(), v.loaded().languageModel())));
        }
        return out;
    }

    /** Unloads everything; prompts still leased are freed when their leases close. */
    @Override
    public synchronized void close() {
        for (Prompt p : prompts.values()) {
            p.versions().values().forEach(Version::release);
        }
        prompts = Map.of();
    }
}
