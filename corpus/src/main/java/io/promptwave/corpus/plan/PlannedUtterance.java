package io.promptwave.corpus.plan;

import io.promptwave.corpus.SlotSpan;
import io.promptwave.corpus.channel.Channel;
import io.promptwave.corpus.tts.Voice;
import java.util.List;

/**
 * One utterance a corpus may contain. Splits plan a few more candidates than they need, because
 * a synthesised sentence can fall outside 1 to 15 s; the first ones that fit are kept.
 *
 * @param id unique in the corpus, also the audio file's name
 * @param split the split it is planned for
 * @param text what the voice says (the transcript)
 * @param original the written sentence, or null
 * @param source where the text came from
 * @param voice the voice
 * @param channel the channel
 * @param seed the seed of its noise
 * @param intent intent for task corpora, else null
 * @param slots slots for task corpora, else empty
 * @param estimatedSeconds expected duration, from the text length and rate
 */
public record PlannedUtterance(String id, String split, String text, String original, String source, Voice voice,
        Channel channel, long seed, String intent, List<SlotSpan> slots, double estimatedSeconds) {

    /** @return the speaker label: voice configuration and channel */
    public String speaker() {
        return voice.id() + "/" + channel.label();
    }
}
