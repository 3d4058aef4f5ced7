package io.promptwave.cli;

import io.promptwave.core.decode.DecodingOptions;
import io.promptwave.core.slots.SlotDecoding;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The slot-filling options {@code understand} and {@code eval --task slots} share, over the search flags. */
final class SlotDecodingFlags {
    @Option(names = "--well-formed", description = {"Slots: let the search write only well-formed tags of the "
            + "schema's slot types (constrained decoding).", "With beam search it made the shipped prompt's "
            + "transcripts much better; with greedy search it does not help (BENCHMARKS.md)."})
    boolean wellFormed;

    @Option(names = "--intent-candidates", paramLabel = "K", description = {"Slots: decode the words after each "
            + "of the K most probable intents and keep the intent whose whole output is most probable",
        "(K searches per utterance). Default: 1, the first guess."})
    Integer intentCandidates;

    /** @return whether any of these flags was given */
    boolean given() {
        return wellFormed || intentCandidates != null;
    }

    /**
     * @param commandLine the command, for the error
     * @param search the transcript search
     * @return the slot decoding, or a parameter error naming the bad value
     */
    SlotDecoding decoding(CommandLine commandLine, DecodingOptions search) {
        try {
            return SlotDecoding.builder().optSearch(search).optWellFormed(wellFormed)
                    .optIntentCandidates(intentCandidates == null ? 1 : intentCandidates).build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, "--intent-candidates: " + e.getMessage());
        }
    }
}
