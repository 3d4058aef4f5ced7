package io.promptwave.corpus.plan;

import io.promptwave.corpus.SlotSpan;
import io.promptwave.corpus.spec.HeldOut;
import java.util.ArrayList;
import java.util.EnumMap;
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
 *
 * <p>A second, optional share is held out for development ({@link HeldOut#DEV}): its commands say
 * phrasings that neither training nor test uses, so decoding and early stopping can be chosen for
 * what test measures without looking at test. It is picked after test's share, so adding it leaves
 * test's templates and values as they were and takes its own from the seen ones.
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
    private final Map<HeldOut, Set<String>> heldOutTemplates = new EnumMap<>(HeldOut.class);
    private final Map<HeldOut, Map<String, Set<String>>> heldOutValues = new EnumMap<>(HeldOut.class);
    /** Per part, the (intent, template) pairs its commands may use: fixed once the hold-out is drawn. */
    private final Map<HeldOut, List<String[]>> drawable = new EnumMap<>(HeldOut.class);

    /**
     * @param schema the task
     * @param heldOutShare share of templates and values held out for test (rounded up)
     * @param devShare share held out for development (rounded up when above 0; 0 holds out nothing)
     * @param seed fixes which ones
     */
    public SlotCommands(TaskSchema schema, double heldOutShare, double devShare, long seed) {
        this.schema = schema;
        SplittableRandom random = new SplittableRandom(seed);
        for (HeldOut part : List.of(HeldOut.TEST, HeldOut.DEV)) {
            heldOutTemplates.put(part, new HashSet<>());
            heldOutValues.put(part, new LinkedHashMap<>());
            schema.slotTypes().keySet().forEach(type -> heldOutValues.get(part).put(type, Set.of()));
        }
        // test's share first, with the random draws it always had, so that a dev share changes nothing of test
        holdOut(HeldOut.TEST, heldOutShare, random);
        if (devShare > 0) {
            holdOut(HeldOut.DEV, devShare, random);
        }
        for (HeldOut part : HeldOut.values()) {
            drawable.put(part, templates(part));
        }
    }

    private void holdOut(HeldOut part, double share, SplittableRandom random) {
        for (List<String> templates : schema.intents().values()) {
            List<String> left = templates.stream().filter(t -> !isHeld(t)).toList();
            if (left.size() >= 2) {
                int n = Math.max(1, (int) Math.ceil(share * templates.size()));
                heldOutTemplates.get(part).addAll(pick(left, Math.min(n, left.size() - 1), random));
            }
        }
        for (Map.Entry<String, List<String>> type : schema.slotTypes().entrySet()) {
            List<String> left = type.getValue().stream().filter(v -> !isHeld(type.getKey(), v)).toList();
            int n = left.size() < 2 ? 0 : Math.max(1, (int) Math.ceil(share * type.getValue().size()));
            heldOutValues.get(part).put(type.getKey(), new HashSet<>(pick(left, Math.min(n, left.size() - 1), random)));
        }
    }

    /** @return the templates kept out of training for one held-out part (none for {@link HeldOut#NONE}) */
    public Set<String> heldOutTemplates(HeldOut part) {
        return Set.copyOf(heldOutTemplates.getOrDefault(part, Set.of()));
    }

    /** @return per slot type, the values kept out of training for one held-out part */
    public Map<String, Set<String>> heldOutValues(HeldOut part) {
        Map<String, Set<String>> values = new LinkedHashMap<>();
        for (String type : schema.slotTypes().keySet()) {
            values.put(type, Set.copyOf(part == HeldOut.NONE ? Set.of() : heldOutValues.get(part).get(type)));
        }
        return values;
    }

    /** @return whether {@link #draw(HeldOut, SplittableRandom)} has any command to give for a part */
    public boolean canDraw(HeldOut part) {
        return !drawable.get(part).isEmpty();
    }

    /**
     * Draws one command from a part of the schema: seen templates and values only
     * ({@link HeldOut#NONE}), or at least one template or value held out for that part and none held
     * out for test unless the part is test.
     *
     * @throws IllegalArgumentException when the part holds nothing out ({@link #canDraw} is false)
     */
    public Command draw(HeldOut part, SplittableRandom random) {
        List<String[]> pairs = drawable.get(part);
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("no template or value of schema '" + schema.name()
                    + "' is held out for " + part.name().toLowerCase(java.util.Locale.ROOT));
        }
        String[] chosen = pairs.get(random.nextInt(pairs.size()));
        String template = chosen[1];
        List<String> types = TaskSchema.slots(template);
        // for a template not held out for this part, force one slot to take a value that is
        int forced = -1;
        if (part != HeldOut.NONE && !heldOutTemplates.get(part).contains(template)) {
            List<Integer> eligible = new ArrayList<>();
            for (int i = 0; i < types.size(); i++) {
                if (!heldOutValues.get(part).get(types.get(i)).isEmpty()) {
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
            String value = value(type, part, k == forced, random);
            spans.add(new SlotSpan(type, value, text.length(), text.length() + value.length()));
            text.append(value);
            last = m.end();
            k++;
        }
        text.append(template.substring(last));
        return new Command(text.toString(), chosen[0], spans);
    }

    /** The (intent, template) pairs a command of this part may use. */
    private List<String[]> templates(HeldOut part) {
        List<String[]> pairs = new ArrayList<>();
        for (Map.Entry<String, List<String>> intent : schema.intents().entrySet()) {
            for (String template : intent.getValue()) {
                boolean usable = switch (part) {
                    case NONE -> !isHeld(template);
                    case DEV -> !heldOutTemplates.get(HeldOut.TEST).contains(template)
                            && (heldOutTemplates.get(HeldOut.DEV).contains(template) || hasHeldOutValue(template, part));
                    case TEST -> heldOutTemplates.get(HeldOut.TEST).contains(template) || hasHeldOutValue(template, part);
                };
                if (usable) {
                    pairs.add(new String[] {intent.getKey(), template});
                }
            }
        }
        return pairs;
    }

    private boolean isHeld(String template) {
        return heldOutTemplates.get(HeldOut.TEST).contains(template) || heldOutTemplates.get(HeldOut.DEV).contains(template);
    }

    private boolean isHeld(String type, String value) {
        return heldOutValues.values().stream().anyMatch(byType -> byType.getOrDefault(type, Set.of()).contains(value));
    }

    private boolean hasHeldOutValue(String template, HeldOut part) {
        for (String type : TaskSchema.slots(template)) {
            if (!heldOutValues.get(part).get(type).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private String value(String type, HeldOut part, boolean forceHeldOut, SplittableRandom random) {
        List<String> candidates = new ArrayList<>();
        for (String v : schema.slotTypes().get(type)) {
            boolean usable;
            if (forceHeldOut) {
                usable = heldOutValues.get(part).get(type).contains(v);
            } else {
                usable = switch (part) {
                    case NONE -> !isHeld(type, v);
                    case DEV -> !heldOutValues.get(HeldOut.TEST).get(type).contains(v);
                    case TEST -> true;
                };
            }
            if (usable) {
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
