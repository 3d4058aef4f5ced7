package io.promptwave.corpus.plan;

import io.promptwave.corpus.SlotSpan;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Generates spoken commands from a {@link TaskSchema}, with a seeded hold-out: a share of each
 * intent's templates (at least one when it has two or more) and of each slot type's values (at
 * least one) never appear in training. Training commands use only seen templates and values;
 * held-out commands each contain at least one held-out template or value, so a test split of them
 * measures generalisation rather than memory.
 */
public final class SlotCommands {
    /**
     * A generated command.
     *
     * @param text the transcript
     * @param intent its intent
     * @param slots its slots with character spans
     */
    public record Command(String text, String intent, List<SlotSpan> slots) {
    }

    private final TaskSchema schema;
    private final Set<String> heldOutTemplates = new HashSet<>();
    private final Map<String, Set<String>> heldOutValues = new LinkedHashMap<>();

    /**
     * @param schema the task
     * @param heldOutShare share of templates and values held out (rounded up)
     * @param seed fixes which ones
     */
    public SlotCommands(TaskSchema schema, double heldOutShare, long seed) {
        this.schema = schema;
        SplittableRandom random = new SplittableRandom(seed);
        for (Map.Entry<String, List<String>> intent : schema.intents().entrySet()) {
            List<String> templates = intent.getValue();
            if (templates.size() >= 2) {
                int n = Math.max(1, (int) Math.ceil(heldOutShare * templates.size()));
                heldOutTemplates.addAll(pick(templates, Math.min(n, templates.size() - 1), random));
            }
        }
        for (Map.Entry<String, List<String>> type : schema.slotTypes().entrySet()) {
            List<String> values = type.getValue();
            int n = values.size() < 2 ? 0 : Math.max(1, (int) Math.ceil(heldOutShare * values.size()));
            heldOutValues.put(type.getKey(), new HashSet<>(pick(values, Math.min(n, values.size() - 1), random)));
        }
    }

    /** @return the templates kept out of training */
    public Set<String> heldOutTemplates() {
        return Set.copyOf(heldOutTemplates);
    }

    /** @return per slot type, the values kept out of training */
    public Map<String, Set<String>> heldOutValues() {
        return Map.copyOf(heldOutValues);
    }

    /**
     * Draws one command.
     *
     * @param heldOut false: seen templates and values only; true: at least one held-out template or value
     */
    public Command draw(boolean heldOut, SplittableRandom random) {
        List<String[]> pairs = new ArrayList<>();
        for (Map.Entry<String, List<String>> intent : schema.intents().entrySet()) {
            for (String template : intent.getValue()) {
                boolean templateHeld = heldOutTemplates.contains(template);
                if (!heldOut && templateHeld) {
                    continue;
                }
                if (heldOut && !templateHeld && (TaskSchema.slots(template).isEmpty() || !hasHeldOutValue(template))) {
                    continue;
                }
                pairs.add(new String[] {intent.getKey(), template});
            }
        }
        String[] chosen = pairs.get(random.nextInt(pairs.size()));
        String template = chosen[1];
        List<String> types = TaskSchema.slots(template);
        // for a seen template in a held-out command, force one slot to take a held-out value
        int forced = -1;
        if (heldOut && !heldOutTemplates.contains(template)) {
            List<Integer> eligible = new ArrayList<>();
            for (int i = 0; i < types.size(); i++) {
                if (!heldOutValues.get(types.get(i)).isEmpty()) {
                    eligible.add(i);
                }
            }
            forced = eligible.get(random.nextInt(eligible.size()));
        }
        StringBuilder text = new StringBuilder();
        List<SlotSpan> spans = new ArrayList<>();
        int k = 0;
        int last = 0;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([a-z_]+)}").matcher(template);
        while (m.find()) {
            text.append(template, last, m.start());
            String type = m.group(1);
            String value = value(type, heldOut, k == forced, random);
            spans.add(new SlotSpan(type, value, text.length(), text.length() + value.length()));
            text.append(value);
            last = m.end();
            k++;
        }
        text.append(template.substring(last));
        return new Command(text.toString(), chosen[0], spans);
    }

    private boolean hasHeldOutValue(String template) {
        for (String type : TaskSchema.slots(template)) {
            if (!heldOutValues.get(type).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private String value(String type, boolean heldOut, boolean forceHeldOut, SplittableRandom random) {
        Set<String> held = heldOutValues.get(type);
        List<String> candidates = new ArrayList<>();
        for (String v : schema.slotTypes().get(type)) {
            boolean isHeld = held.contains(v);
            if (forceHeldOut ? isHeld : heldOut || !isHeld) {
                candidates.add(v);
            }
        }
        return candidates.get(random.nextInt(candidates.size()));
    }

    private static List<String> pick(List<String> items, int n, SplittableRandom random) {
        List<String> copy = new ArrayList<>(items);
        for (int i = copy.size() - 1; i > 0; i--) {
            java.util.Collections.swap(copy, i, random.nextInt(i + 1));
        }
        return copy.subList(0, Math.max(0, n));
    }
}
