package io.promptwave.corpus.plan;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import io.promptwave.corpus.CorpusException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A slot-filling task: intents (SLURP's {@code scenario_action}) with templates such as
 * {@code "set an alarm for {time}"}, and the values each slot type takes. Nothing in the code
 * knows any particular task; this file defines it.
 *
 * @param name the task's name
 * @param language its language code
 * @param intents intent to templates, in file order
 * @param slotTypes slot type to values, in file order
 */
public record TaskSchema(String name, String language, Map<String, List<String>> intents,
        Map<String, List<String>> slotTypes) {
    private static final Pattern SLOT = Pattern.compile("\\{([a-z_]+)}");
    private static final Pattern SPOKEN = Pattern.compile("[a-z' ]+");

    /**
     * Reads and checks a schema: every template's slots must be declared types, and every
     * template and value must be spoken lowercase words.
     */
    public static TaskSchema load(Path file) throws CorpusException, IOException {
        Json json;
        try {
            json = new Gson().fromJson(Files.readString(file, StandardCharsets.UTF_8), Json.class);
        } catch (JsonParseException e) {
            throw new CorpusException(file + ": not valid JSON (" + e.getMessage() + ")", e);
        }
        if (json == null || json.intents == null || json.intents.isEmpty() || json.slot_types == null) {
            throw new CorpusException(file + ": a task schema needs intents and slot_types");
        }
        for (Map.Entry<String, List<String>> type : json.slot_types.entrySet()) {
            if (type.getValue() == null || type.getValue().isEmpty()) {
                throw new CorpusException(file + ": slot type '" + type.getKey() + "' has no values");
            }
            for (String value : type.getValue()) {
                if (!SPOKEN.matcher(value).matches()) {
                    throw new CorpusException(file + ": value '" + value + "' of '" + type.getKey()
                            + "' is not spoken lowercase words");
                }
            }
        }
        for (Map.Entry<String, List<String>> intent : json.intents.entrySet()) {
            if (!intent.getKey().matches("[a-z]+_[a-z_]+")) {
                throw new CorpusException(file + ": intent '" + intent.getKey() + "' is not scenario_action");
            }
            for (String template : intent.getValue()) {
                for (String slot : slots(template)) {
                    if (!json.slot_types.containsKey(slot)) {
                        throw new CorpusException(file + ": template '" + template + "' uses undeclared slot {" + slot + "}");
                    }
                }
                if (!SPOKEN.matcher(SLOT.matcher(template).replaceAll("x")).matches()) {
                    throw new CorpusException(file + ": template '" + template + "' is not spoken lowercase words");
                }
            }
        }
        return new TaskSchema(json.name, json.language, new LinkedHashMap<>(json.intents),
                new LinkedHashMap<>(json.slot_types));
    }

    /** @return the slot types a template uses, in order */
    public static List<String> slots(String template) {
        List<String> out = new ArrayList<>();
        Matcher m = SLOT.matcher(template);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static final class Json {
        String name;
        String language;
        Map<String, List<String>> intents;
        Map<String, List<String>> slot_types;
    }
}
