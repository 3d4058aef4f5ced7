package io.promptwave.corpus.tts;

import java.util.Locale;

/**
 * A voice configuration: engine, voice, optional variant, speaking rate and pitch.
 *
 * @param engine the program
 * @param name the engine's voice: an espeak-ng language ({@code en-gb-scotland}), a flite voice
 *     ({@code kal16}) or a festival voice ({@code kal_diphone})
 * @param variant an espeak-ng variant ({@code m3}, {@code f2}) or null
 * @param rate speaking speed relative to the voice's default (1.0); 1.2 is 20 % faster
 * @param pitch engine-specific pitch or null for the default: espeak-ng's 0-99 pitch, flite's
 *     target mean F0 in Hz; festival voices keep their own pitch
 */
public record Voice(Engine engine, String name, String variant, double rate, Integer pitch) {
    /** Checks the values. */
    public Voice {
        if (name == null || !name.matches("[A-Za-z0-9_\\-]+")) {
            throw new IllegalArgumentException("bad voice name '" + name + "'");
        }
        if (variant != null && !variant.matches("[A-Za-z0-9_]+")) {
            throw new IllegalArgumentException("bad voice variant '" + variant + "'");
        }
        if (!(rate >= 0.5 && rate <= 2.0)) {
            throw new IllegalArgumentException("rate must be within 0.5 and 2.0, got " + rate);
        }
        if (pitch != null && engine == Engine.FESTIVAL) {
            throw new IllegalArgumentException("festival voices take no pitch setting");
        }
    }

    /** @return e.g. {@code espeak-ng/en-us+m3/r1.10/p40}, stable and unique per configuration */
    public String id() {
        return engine.id() + "/" + name + (variant == null ? "" : "+" + variant)
                + String.format(Locale.ROOT, "/r%.2f", rate) + (pitch == null ? "" : "/p" + pitch);
    }

    /** @return {@code engine/name}, the part that identifies the recorded (or modelled) speaker */
    public String baseVoice() {
        return engine.id() + "/" + name;
    }
}
