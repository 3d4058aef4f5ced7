package io.promptwave.core.slots;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The labels of a slot-filling task: its intents (SLURP's {@code scenario_action}) and slot types.
 * The model learns nothing else about a task from its schema; a prompt records its schema so it can
 * be served without the file it was trained from, together with where its output writes the
 * intent. Immutable.
 *
 * @param name the task's name, e.g. {@code smart-home}
 * @param language language code, e.g. {@code en}
 * @param intents intent names, e.g. {@code alarm_set}
 * @param slotTypes slot type names, e.g. {@code time}
 * @param intentPosition where the serialisation writes the intent (the labels' reading order)
 */
public record SlotSchema(String name, String language, List<String> intents, List<String> slotTypes,
        IntentPosition intentPosition) {
    /** Checks the names: the serialisation's markup characters cannot appear in them. */
    public SlotSchema {
        if (intentPosition == null) {
            throw new IllegalArgumentException("the intent position is missing");
        }
        if (intents == null || intents.isEmpty()) {
            throw new IllegalArgumentException("a slot schema needs at least one intent");
        }
        intents = List.copyOf(intents);
        slotTypes = slotTypes == null ? List.of() : List.copyOf(slotTypes);
        check("intent", intents, "[a-z0-9]+(_[a-z0-9]+)+");
        check("slot type", slotTypes, "[a-z0-9]+(_[a-z0-9]+)*");
    }

    /**
     * A schema whose output names the intent first, the base's own order.
     *
     * @param name the task's name
     * @param language language code
     * @param intents intent names
     * @param slotTypes slot type names
     */
    public SlotSchema(String name, String language, List<String> intents, List<String> slotTypes) {
        this(name, language, intents, slotTypes, IntentPosition.FIRST);
    }

    /**
     * @param position where the output writes the intent
     * @return this schema with that position
     */
    public SlotSchema withIntentPosition(IntentPosition position) {
        return new SlotSchema(name, language, intents, slotTypes, position);
    }

    private static void check(String what, List<String> names, String pattern) {
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            if (n == null || !n.matches(pattern)) {
                throw new IllegalArgumentException(what + " '" + n + "' is not lowercase letters and digits joined by"
                        + " '_'" + (what.equals("intent") ? " (scenario_action)" : ""));
            }
            if (!seen.add(n)) {
                throw new IllegalArgumentException(what + " '" + n + "' is listed twice");
            }
        }
    }

    /** @return the scenario of an intent: the part before its first {@code _} */
    public static String scenario(String intent) {
        return intent.substring(0, intent.indexOf('_'));
    }

    /** @return the action of an intent: the part after its first {@code _} */
    public static String action(String intent) {
        return intent.substring(intent.indexOf('_') + 1);
    }

    /** @return the schema as a prompt's adapter_config.json stores it */
    public Map<String, Object> toConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("language", language);
        m.put("intents", intents);
        m.put("slot_types", slotTypes);
        m.put("intent_position", intentPosition.configName());
        return m;
    }

    /**
     * @param config what {@link #toConfig()} wrote (as parsed JSON); without {@code intent_position}
     *     (prompts saved before it existed) the intent comes first
     * @return the schema
     * @throws IllegalArgumentException naming what is missing or wrong
     */
    public static SlotSchema fromConfig(Map<?, ?> config) {
        if (config == null || !(config.get("intents") instanceof List<?> intents)) {
            throw new IllegalArgumentException("a label schema needs an 'intents' list");
        }
        Object types = config.get("slot_types");
        Object position = config.get("intent_position");
        return new SlotSchema(String.valueOf(config.get("name")), String.valueOf(config.get("language")),
                strings(intents), types instanceof List<?> list ? strings(list) : List.of(),
                position == null ? IntentPosition.FIRST : IntentPosition.parse(String.valueOf(position)));
    }

    private static List<String> strings(List<?> values) {
        List<String> out = new ArrayList<>();
        for (Object v : values) {
            out.add(String.valueOf(v));
        }
        return out;
    }
}
