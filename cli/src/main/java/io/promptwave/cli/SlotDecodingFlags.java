package io.promptwave.cli;

import io.promptwave.core.artifact.PromptDecoding;
import io.promptwave.core.decode.DecodingOptions;
import io.promptwave.core.slots.IntentPosition;
import io.promptwave.core.slots.SlotDecoding;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The slot-filling options {@code understand} and {@code eval --task slots} share, over the search flags. */
final class SlotDecodingFlags {
    @Option(names = "--well-formed", arity = "0..1", paramLabel = "BOOL", description = {"Slots: let the search write "
            + "only well-formed tags of the schema's slot types (constrained decoding;",
        "--well-formed=false: any markup). Default: the prompt's recorded decoding, else false."})
    Boolean wellFormed;

    @Option(names = "--intent-candidates", paramLabel = "K", description = {"Slots: decode the words after each "
            + "of the K most probable intents and keep the intent whose whole output is most probable",
        "(K searches per utterance). Default: the prompt's recorded decoding, else 1, the first guess."})
    Integer intentCandidates;

    @Option(names = "--intent-position", paramLabel = "first|last", description = {"Slots: where the output names "
            + "the intent, before or after the words. A slot prompt, or a model fine-tuned for slots, records",
        "its own; give it only for a model that records no labels. Default: the recorded one, else first."})
    String intentPosition;

    /**
     * @param commandLine the command, for the error
     * @return the position given, or null when the flag was left out
     */
    IntentPosition intentPosition(CommandLine commandLine) {
        return SlotTask.intentPosition(intentPosition, commandLine);
    }

    /** @return whether any of these flags was given */
    boolean given() {
        return wellFormed != null || intentCandidates != null;
    }

    /**
     * @param commandLine the command, for the error
     * @param search the transcript search
     * @param recommended the prompt's recorded decoding, for the flags left out (null: none)
     * @param position where the output names the intent (a recorded candidate count applies to intent first only)
     * @return the slot decoding, or a parameter error naming the bad value
     */
    SlotDecoding decoding(CommandLine commandLine, DecodingOptions search, PromptDecoding recommended,
            IntentPosition position) {
        try {
            return SlotDecoding.builder().optSearch(search)
                    .optWellFormed(wellFormed != null ? wellFormed : recommended != null && recommended.wellFormed())
                    .optIntentCandidates(intentCandidates != null ? intentCandidates
                            : recommended != null ? recommended.intentCandidatesFor(position) : 1).build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, "--intent-candidates: " + e.getMessage());
        }
    }
}
