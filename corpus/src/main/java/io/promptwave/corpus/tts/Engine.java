package io.promptwave.corpus.tts;

/** The text-to-speech programs Promptwave drives, with their Debian package and command. */
public enum Engine {
    /** eSpeak NG: formant synthesis, many accents and variants, fast. */
    ESPEAK("espeak-ng", "espeak-ng"),
    /** CMU Flite: small unit-selection and clustergen voices. */
    FLITE("flite", "flite"),
    /** The Festival Speech Synthesis System: diphone and HTS voices. */
    FESTIVAL("festival", "festival");

    private final String id;
    private final String command;

    Engine(String id, String command) {
        this.id = id;
        this.command = command;
    }

    /** @return the name used in specs and speaker ids */
    public String id() {
        return id;
    }

    /** @return the program that runs it */
    public String command() {
        return command;
    }

    /** @return the engine called {@code id} in a spec */
    public static Engine of(String id) {
        for (Engine e : values()) {
            if (e.id.equals(id)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown engine '" + id + "' (have espeak-ng, flite, festival)");
    }
}
