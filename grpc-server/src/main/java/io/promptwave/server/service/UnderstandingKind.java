package io.promptwave.server.service;

import io.promptwave.features.FeatureSequence;
import io.promptwave.core.decode.DecodingOptions;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.prompt.SoftPrompt;
import io.promptwave.core.slots.SlotSchema;
import io.promptwave.core.slots.Understander;
import io.promptwave.core.slots.Understanding;
import io.promptwave.server.scheduler.BatchKind;
import java.util.List;

/**
 * Understanding rows that can share a batch: same model, label schema and decoding. Prompts trained
 * on one schema (versions of one prompt, or sibling prompts) batch together.
 *
 * @param model the backbone
 * @param schema the intents and slot types
 * @param options the search
 * @param wellFormed whether the search may write only well-formed tags of the schema's slot types
 */
record UnderstandingKind(SpeechModel model, SlotSchema schema, DecodingOptions options, boolean wellFormed)
        implements BatchKind<Understanding> {

    @Override
    public List<Understanding> run(List<FeatureSequence> features, List<SoftPrompt> prompts) {
        return new Understander(model, schema, options, wellFormed).understand(features, prompts);
    }
}
