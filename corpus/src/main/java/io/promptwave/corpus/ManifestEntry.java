package io.promptwave.corpus;

import java.util.List;

/**
 * One utterance of a manifest, as ARCHITECTURE.md defines the JSONL line:
 * {@code {"id","audio","duration","text","speaker","lang"}}, plus the written {@code original},
 * and for slot filling {@code "intent"} and {@code "slots"}. {@code audio} is relative to the
 * manifest's folder.
 *
 * @param id unique within the corpus
 * @param audio path of the audio file, relative to the manifest
 * @param duration seconds
 * @param text the transcript (spoken form)
 * @param original the sentence as written in its source, or null
 * @param speaker engine, voice, rate, pitch and channel
 * @param lang language code
 * @param intent the intent, or null when the corpus has none
 * @param slots the slots (empty when the corpus has none)
 */
public record ManifestEntry(String id, String audio, double duration, String text, String original, String speaker,
        String lang, String intent, List<SlotSpan> slots) {

    /** Normalises a missing slot list to an empty one. */
    public ManifestEntry {
        slots = slots == null ? List.of() : List.copyOf(slots);
    }
}
