package io.promptwave.core.artifact;

import io.promptwave.core.prompt.PromptConfig;
import io.promptwave.core.text.TextForm;
import java.util.Map;

/**
 * What {@code adapter_config.json} says about one prompt version.
 *
 * @param name the prompt's name, as requests address it
 * @param version its version, a positive number
 * @param config method, sizes, initialisation and seed
 * @param task the task ({@code asr}, {@code slots}, ...)
 * @param language the language token the task decodes with
 * @param labelSchema the task's label schema (slot filling), or an empty map
 * @param baseFingerprint the fingerprint of the base it was trained on
 * @param trainableParameters numbers trained
 * @param storedParameters numbers stored (fewer when training-only structure was folded)
 * @param metrics dev and test scores
 * @param provenance how it was made
 * @param decoding the decoding it recommends (chosen on dev data), or null to decode as the base recommends
 */
public record PromptInfo(String name, int version, PromptConfig config, String task, String language,
        Map<String, Object> labelSchema, String baseFingerprint, long trainableParameters, long storedParameters,
        Map<String, Object> metrics, Map<String, Object> provenance, PromptDecoding decoding) {

    /** A version that recommends no decoding of its own (as {@code adapt} writes it). */
    public PromptInfo(String name, int version, PromptConfig config, String task, String language,
            Map<String, Object> labelSchema, String baseFingerprint, long trainableParameters, long storedParameters,
            Map<String, Object> metrics, Map<String, Object> provenance) {
        this(name, version, config, task, language, labelSchema, baseFingerprint, trainableParameters,
                storedParameters, metrics, provenance, null);
    }

    /** Checks the name and version, copies the maps. */
    public PromptInfo {
        requireValidName(name);
        if (version < 1) {
            throw new IllegalArgumentException("a prompt version is a positive number, got " + version);
        }
        labelSchema = labelSchema == null ? Map.of() : Map.copyOf(labelSchema);
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        provenance = provenance == null ? Map.of() : Map.copyOf(provenance);
    }

    /**
     * @param name a prompt name
     * @throws IllegalArgumentException unless it is 1-64 letters, digits, '.', '_' or '-' starting with a letter
     *     or digit (it names a folder and appears in {@code name@version})
     */
    public static void requireValidName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("a prompt name is 1-64 letters, digits, '.', '_' or '-' starting with a "
                    + "letter or digit, got '" + name + "'");
        }
    }

    /**
     * @return the language token the prompt decodes with when a request names none: the one it was
     *     trained with, or {@code en} for a version that records none
     */
    public String decodingLanguage() {
        return language != null && !language.isEmpty() ? language : "en";
    }

    /**
     * @return how the text the prompt writes is written: as printed for a reading ({@code ocr}) prompt, as
     *     transcripts for the others (what its own language model must be fitted on)
     */
    public TextForm textForm() {
        return "ocr".equals(task) ? TextForm.WRITTEN : TextForm.SPOKEN;
    }

    /** @return {@code name@version} */
    public String id() {
        return name + "@" + version;
    }
}
