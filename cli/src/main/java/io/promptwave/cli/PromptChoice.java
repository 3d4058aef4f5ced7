package io.promptwave.cli;

import io.promptwave.core.artifact.ModelFormatException;
import io.promptwave.core.artifact.PromptDecoding;
import io.promptwave.core.artifact.PromptDirectory;
import io.promptwave.core.artifact.PromptInfo;
import io.promptwave.core.artifact.PromptMismatchException;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.prompt.PromptFactory;
import io.promptwave.core.prompt.SoftPrompt;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The prompt a {@code --prompt} flag names: a prompt directory, or {@code NAME[@VERSION]} under
 * the {@code prompts/} folder beside the base (the shipped {@code models/prompts}); without a
 * version, the newest.
 */
final class PromptChoice {
    private PromptChoice() {
    }

    /**
     * A prompt for one task: a slot-filling prompt handed to {@code transcribe} would steer the
     * {@code <asr>} task it never learnt, and write nonsense without a word of warning.
     *
     * <p>The version is located by the caller ({@link #locate}) once, so that what a command read from it
     * (its recorded decoding) and what it loads are the same version.
     *
     * @param reference the prompt as the user named it, for the advice
     * @param versionDir the version {@link #locate} found
     * @param model the base it steers
     * @param task the task the command runs (asr, ocr)
     * @return the prompt's steering vectors
     * @throws PromptMismatchException when the prompt was trained for another task (nothing stays loaded)
     */
    static SoftPrompt openFor(String reference, Path versionDir, SpeechModel model, String task)
            throws ModelFormatException, PromptMismatchException, IOException {
        requireTask(versionDir, task, trained -> COMMANDS.containsKey(trained)
                ? "use promptwave " + COMMANDS.get(trained) + " --prompt " + reference : null);
        return open(versionDir, model).prompt();
    }

    /**
     * Checks, before anything is loaded, that a prompt was trained for the task a command runs.
     *
     * @param versionDir the prompt version, as {@link #locate} found it
     * @param task the task the command runs (asr, ocr, slots)
     * @param advice what to do instead, given the task the prompt was trained for (null: no advice)
     * @throws PromptMismatchException when the prompt was trained for another task
     */
    static void requireTask(Path versionDir, String task, Function<String, String> advice)
            throws ModelFormatException, PromptMismatchException, IOException {
        PromptInfo info = PromptDirectory.readInfo(versionDir);
        String trained = info.task();
        if (trained != null && !trained.equals(task)) {
            String instead = advice.apply(trained);
            throw new PromptMismatchException("prompt " + info.name() + "@" + info.version()
                    + " was trained for the task '" + trained + "', not '" + task + "'"
                    + (instead == null ? "" : ": " + instead));
        }
    }

    /** The commands that run each task with a prompt, named in the errors of {@link #openFor}. */
    private static final Map<String, String> COMMANDS = Map.of("asr", "transcribe", "ocr", "read", "slots", "understand");

    /**
     * @param versionDir a prompt version, as {@link #locate} found it; null for none
     * @return the decoding the prompt recommends, or null (no prompt, or one that recommends nothing)
     * @throws ModelFormatException when the prompt's config is missing or malformed
     */
    static PromptDecoding recommended(Path versionDir) throws ModelFormatException, IOException {
        return versionDir == null ? null : PromptDirectory.readInfo(versionDir).decoding();
    }

    /**
     * @param given the {@code --language} flag, or null when left out
     * @param versionDir a prompt version, as {@link #locate} found it; null for none
     * @return the language token to decode with: the flag's, else the prompt's (a prompt trained for
     *     Italian decodes with {@code <it>}, as the server does), else {@code en}
     * @throws ModelFormatException when the prompt's config is missing or malformed
     */
    static String language(String given, Path versionDir) throws ModelFormatException, IOException {
        return given != null ? given
                : versionDir == null ? "en" : PromptDirectory.readInfo(versionDir).decodingLanguage();
    }

    /**
     * @param versionDir a prompt version directory, as {@link #locate} finds it
     * @param model the base it steers
     * @return the prompt, checked against the base's fingerprint
     */
    static PromptDirectory.Loaded open(Path versionDir, SpeechModel model)
            throws ModelFormatException, PromptMismatchException, IOException {
        return PromptDirectory.load(versionDir, new PromptFactory(model), model.fingerprint());
    }

    /**
     * @param reference a prompt directory, or {@code NAME[@VERSION]} under {@code prompts/} beside the base;
     *     null for none
     * @param baseDir the base's model directory
     * @return the version directory the reference names (the newest version when none is given), or
     *     null when there is no reference
     */
    static Path locate(String reference, Path baseDir) throws ModelFormatException, IOException {
        if (reference == null) {
            return null;
        }
        Path asDir = Path.of(reference);
        if (Files.isRegularFile(asDir.resolve(PromptDirectory.CONFIG))) {
            return asDir;
        }
        int at = reference.lastIndexOf('@');
        String name = at < 0 ? reference : reference.substring(0, at);
        Integer version = null;
        if (at >= 0) {
            try {
                version = Integer.parseInt(reference.substring(at + 1));
            } catch (NumberFormatException e) {
                throw new ModelFormatException("--prompt " + reference + ": the version after '@' must be a number");
            }
        }
        Path root = baseDir.toAbsolutePath().getParent().resolve("prompts");
        Path named = root.resolve(name);
        List<Path> candidates = new ArrayList<>();
        if (Files.isRegularFile(named.resolve(PromptDirectory.CONFIG))) {
            candidates.add(named);
        } else if (Files.isDirectory(named)) {
            try (Stream<Path> children = Files.list(named)) {
                children.filter(c -> Files.isRegularFile(c.resolve(PromptDirectory.CONFIG))).forEach(candidates::add);
            }
        }
        Path best = null;
        int bestVersion = -1;
        for (Path c : candidates) {
            PromptInfo info = PromptDirectory.readInfo(c);
            boolean wanted = version == null ? info.version() > bestVersion : info.version() == version;
            if (wanted) {
                best = c;
                bestVersion = info.version();
            }
        }
        if (best == null) {
            throw new ModelFormatException("--prompt " + reference + ": no such prompt directory, and no prompt "
                    + (version == null ? name : name + " version " + version) + " under " + root);
        }
        return best;
    }
}
