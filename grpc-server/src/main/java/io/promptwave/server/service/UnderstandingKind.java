package io.promptwave.server.service;

import io.promptwave.features.FeatureSequence;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.prompt.SoftPrompt;
import io.promptwave.core.slots.SlotDecoding;
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
 * @param decoding the search, the tags it may write, the intents it tries
 */
record UnderstandingKind(SpeechModel model, SlotSchema schema, SlotDecoding decoding)
        implements BatchKind<Understanding> {

    @Override
    public List<Understanding> run(List<FeatureSequence> features, List<SoftPrompt> prompts) {
        return new Understander(model, schema, decoding).understand(features, prompts);
    }
}
