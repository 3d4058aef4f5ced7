package io.promptwave.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.promptwave.core.artifact.ModelDirectory;
import io.promptwave.core.artifact.ModelFormatException;
import io.promptwave.core.artifact.PromptDirectory;
import io.promptwave.core.eval.SlotEvaluator;
import io.promptwave.core.slots.IntentPosition;
import io.promptwave.core.slots.Slot;
import io.promptwave.core.slots.SlotFormat;
import io.promptwave.core.slots.SlotSchema;
import io.promptwave.core.text.Vocabulary;
import io.promptwave.core.train.FeatureCache;
import io.promptwave.core.train.TrainingExample;
import io.promptwave.corpus.CorpusException;
import io.promptwave.corpus.ManifestEntry;
import io.promptwave.corpus.SlotSpan;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * The slot-filling task for the commands: a task schema file (the corpora's format) as the core's
 * {@link SlotSchema}, and manifest entries with intent and slots as {@code <slots> <lang>}
 * examples whose target is the {@link SlotFormat} serialisation and whose CTC target is the plain
 * transcript.
 */
final class SlotTask {
    private SlotTask() {
    }

    /**
     * The labels of a task schema. Training and scoring need the names only, so besides a generation
     * schema (intents with templates, slot types with values, as {@code corpus synth} reads it) a schema
     * may list the names alone, for data recorded elsewhere:
     * {@code {"name": "shop", "language": "en", "intents": ["order_add", ...], "slot_types": ["item", ...]}}.
     *
     * @param file a task schema
     * @return its labels, in the file's order
     * @throws CorpusException naming the file and what is wrong with it
     */
    static SlotSchema schema(Path file) throws CorpusException, IOException {
        JsonObject o;
        try {
            JsonElement parsed = JsonParser.parseString(
                    Files.readString(file, StandardCharsets.UTF_8));
            if (!parsed.isJsonObject()) {
                throw new CorpusException(file + ": a task schema is a JSON object with intents and slot_types");
            }
            o = parsed.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new CorpusException(file + ": not valid JSON (" + e.getMessage() + ")", e);
        }
        String fileName = file.getFileName().toString();
        String name = o.has("name") ? text(o, "name", file) : fileName.replaceFirst("\\.json$", "");
        String language = o.has("language") ? text(o, "language", file) : "en";
        try {
            return new SlotSchema(name, language, names(o, "intents", file), names(o, "slot_types", file));
        } catch (IllegalArgumentException e) {
            throw new CorpusException(file + ": " + e.getMessage(), e);
        }
    }

    private static String text(JsonObject o, String key, Path file) throws CorpusException {
        JsonElement v = o.get(key);
        if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
            throw new CorpusException(file + ": " + key + " must be a string, got " + v);
        }
        return v.getAsString();
    }

    /** @return the names under key: a list of strings, or an object's keys (templates and values are not needed here) */
    private static List<String> names(JsonObject o, String key, Path file) throws CorpusException {
        JsonElement v = o.get(key);
        if (v != null && v.isJsonObject()) {
            return List.copyOf(v.getAsJsonObject().keySet());
        }
        if (v != null && v.isJsonArray()) {
            List<String> out = new ArrayList<>();
            for (JsonElement e : v.getAsJsonArray()) {
                if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                    throw new CorpusException(file + ": " + key + " must list names as strings, got " + e);
                }
                out.add(e.getAsString());
            }
            return out;
        }
        throw new CorpusException(file + ": needs " + key + ": a list of names, or an object whose keys are the names");
    }

    /**
     * The labels to read with, and where the output names the intent. With a slot prompt: its own
     * labels, or {@code --schema}'s, and always the prompt's order. Without one: {@code --schema}'s
     * labels, else those the model was fine-tuned on ({@code adapt --task slots} records them in its
     * {@code config.json}), in the order the model records, else {@code --intent-position}'s (default first).
     *
     * @param schemaFile the {@code --schema} file, or null
     * @param chosen the {@code --prompt}, or null
     * @param modelDir the model's directory
     * @param position the {@code --intent-position}, or null
     * @param commandLine the command, for the errors
     * @return the schema
     * @throws CommandLine.ParameterException when there are no labels, the prompt is not a slot prompt, or
     *     the position given is not the one the prompt or model was trained to
     */
    static SlotSchema schema(Path schemaFile, PromptDirectory.Loaded chosen, Path modelDir, IntentPosition position,
            CommandLine commandLine) throws CorpusException, ModelFormatException, IOException {
        String trained;
        SlotSchema own;
        if (chosen != null) {
            trained = "prompt " + chosen.info().name() + "@" + chosen.info().version();
            if (!"slots".equals(chosen.info().task()) || chosen.info().labelSchema().isEmpty()) {
                throw new CommandLine.ParameterException(commandLine, trained + " was trained for the task '"
                        + chosen.info().task() + "', not slot filling (slots)");
            }
            own = labels(chosen.info().labelSchema(), trained, commandLine);
        } else {
            trained = "model " + modelDir;
            own = fineTunedLabels(modelDir, commandLine);
            if (own == null) {
                if (schemaFile == null) {
                    throw new CommandLine.ParameterException(commandLine, "slot filling needs a slot-filling --prompt, "
                            + "or --schema FILE for a model fine-tuned for slots (" + modelDir + " records no labels)");
                }
                return schema(schemaFile).withIntentPosition(position == null ? IntentPosition.FIRST : position);
            }
        }
        if (position != null && position != own.intentPosition()) {
            throw new CommandLine.ParameterException(commandLine, trained + " writes the intent "
                    + own.intentPosition().configName() + ", not " + position.configName()
                    + "; leave --intent-position out");
        }
        // a prompt or model was trained to one output order: a schema file gives the labels, never the order
        return schemaFile == null ? own : schema(schemaFile).withIntentPosition(own.intentPosition());
    }

    /** @return the labels {@code adapt --task slots} recorded in a fine-tuned model's config.json, or null */
    private static SlotSchema fineTunedLabels(Path modelDir, CommandLine commandLine)
            throws ModelFormatException, IOException {
        if (!(ModelDirectory.readConfig(modelDir).get("provenance") instanceof Map<?, ?> provenance)
                || !"slots".equals(provenance.get("task"))
                || !(provenance.get("label_schema") instanceof Map<?, ?> labels)) {
            return null;
        }
        return labels(labels, "model " + modelDir, commandLine);
    }

    /**
     * @param flag the value of an {@code --intent-position} option, or null
     * @param commandLine the command, for the error
     * @return the position, or null when the option was left out
     * @throws CommandLine.ParameterException naming the value when it is neither first nor last
     */
    static IntentPosition intentPosition(String flag, CommandLine commandLine) {
        try {
            return flag == null ? null : IntentPosition.parse(flag);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, "--intent-position: " + e.getMessage());
        }
    }

    private static SlotSchema labels(Map<?, ?> config, String owner, CommandLine commandLine) {
        try {
            return SlotSchema.fromConfig(config);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, owner + ": its label schema is unreadable: "
                    + e.getMessage());
        }
    }

    /** @return the core's slots of a manifest entry */
    static List<Slot> slots(ManifestEntry e) {
        List<Slot> out = new ArrayList<>();
        for (SlotSpan s : e.slots()) {
            out.add(new Slot(s.type(), s.value(), s.start(), s.end()));
        }
        return out;
    }

    /**
     * @param vocabulary the model's vocabulary
     * @param schema the task's labels; entries with other intents or slot types are skipped
     * @param listed the manifest entries
     * @param cache feature cache
     * @param err where skipped entries are reported
     * @param command the command name the reports start with
     * @return one {@code <slots> <lang>} example per usable entry
     */
    static List<TrainingExample> examples(Vocabulary vocabulary, SlotSchema schema, ManifestExamples.Listed listed,
            FeatureCache cache, PrintWriter err, String command) {
        return ManifestExamples.read(listed, cache, err, command, (e, f) -> {
            if (e.intent() == null) {
                throw new IllegalArgumentException("no intent (not a slot-filling manifest?)");
            }
            if (!schema.intents().contains(e.intent())) {
                throw new IllegalArgumentException("intent '" + e.intent() + "' is not in the schema");
            }
            for (SlotSpan s : e.slots()) {
                if (!schema.slotTypes().contains(s.type())) {
                    throw new IllegalArgumentException("slot type '" + s.type() + "' is not in the schema");
                }
            }
            int[] prefix = {Vocabulary.SLOTS, vocabulary.language(e.lang() == null ? schema.language() : e.lang())};
            String target = SlotFormat.serialize(e.text(), e.intent(), slots(e), schema.intentPosition());
            return new TrainingExample(e.id(), f, prefix, vocabulary.encode(target), vocabulary.encode(e.text()));
        });
    }

    /**
     * @param examples examples made by {@link #examples}
     * @param listed the entries they came from
     * @return the examples as scoring utterances with their gold transcript, intent and slots
     */
    static List<SlotEvaluator.Utterance> utterances(List<TrainingExample> examples, ManifestExamples.Listed listed) {
        Map<String, ManifestEntry> byId = listed.byId();
        List<SlotEvaluator.Utterance> out = new ArrayList<>();
        for (TrainingExample x : examples) {
            ManifestEntry e = byId.get(x.id());
            out.add(new SlotEvaluator.Utterance(e.id(), x.features(), e.text(), e.intent(), slots(e)));
        }
        return out;
    }

    /** @return the words of a schema's names, for initialising prompts from text: {@code <slots> alarm set time ...} */
    static String initText(SlotSchema schema) {
        StringBuilder text = new StringBuilder("<slots>");
        for (String name : schema.intents()) {
            text.append(' ').append(name.replace('_', ' '));
        }
        for (String name : schema.slotTypes()) {
            text.append(' ').append(name.replace('_', ' '));
        }
        return text.toString();
    }
}
