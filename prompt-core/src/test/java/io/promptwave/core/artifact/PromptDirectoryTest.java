package io.promptwave.core.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.promptwave.core.PromptFixtures;
import io.promptwave.core.model.Backbone;
import io.promptwave.core.model.BackboneConfig;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.prompt.PromptConfig;
import io.promptwave.core.prompt.PromptFactory;
import io.promptwave.core.prompt.PromptMethod;
import io.promptwave.core.prompt.PromptParts;
import io.promptwave.core.prompt.SoftPrompt;
import io.promptwave.core.slots.IntentPosition;
import io.promptwave.core.text.CharNgramModel;
import io.promptwave.core.text.Vocabulary;
import io.promptwave.core.train.PaddedBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptDirectoryTest {
    private static final BackboneConfig TINY = PromptFixtures.TINY;

    private static PromptInfo info(String name, int version, PromptConfig config, SoftPrompt prompt, String fingerprint) {
        return PromptFixtures.info(name, version, config, prompt, fingerprint);
    }

    /** Saves a fresh prompt of {@code config}, named {@code p}, version 1, and returns its directory. */
    private static Path savedPrompt(PromptFactory factory, PromptConfig config, Path version, String fingerprint)
            throws java.io.IOException {
        try (SoftPrompt p = factory.create(config, List.of())) {
            PromptDirectory.save(version, p, info("p", 1, config, p, fingerprint));
        }
        return version;
    }

    /** Every part the prompt adds for one utterance, flattened. */
    private static float[] parts(SpeechModel model, SoftPrompt prompt) {
        try (NDManager work = model.newWorkManager()) {
            PaddedBatch batch = PaddedBatch.of(work, PromptFixtures.utterances(1, 40));
            Backbone.Embedded input = model.backbone().embed(model.store(), batch.features(), batch.lengths(), false);
            PromptParts p = prompt.parts(input, false);
            java.util.List<Float> out = new java.util.ArrayList<>();
            for (var a : new ai.djl.ndarray.NDArray[] {p.encoderInput(), p.decoderInput(), p.outputBias(),
                    p.inputDelta()}) {
                if (a != null) {
                    for (float f : a.toFloatArray()) {
                        out.add(f);
                    }
                }
            }
            for (var layers : List.of(p.encoderSelf() == null ? List.<io.promptwave.core.model.MultiHeadAttention.KeyValues>of()
                    : p.encoderSelf(), p.cross() == null ? List.<io.promptwave.core.model.MultiHeadAttention.KeyValues>of()
                    : p.cross())) {
                for (var kv : layers) {
                    for (float f : kv.keys().toFloatArray()) {
                        out.add(f);
                    }
                }
            }
            float[] v = new float[out.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = out.get(i);
            }
            return v;
        }
    }

    @Test
    void everyMethodReloadsToTheSamePrompt(@TempDir Path dir) throws Exception {
        try (SpeechModel model = SpeechModel.create(TINY, new Vocabulary(List.of("en"), 0), 5)) {
            PromptFactory factory = new PromptFactory(model);
            String fingerprint = model.fingerprint();
            List<PromptConfig> configs = List.of(PromptConfig.builder(PromptMethod.ENC_DEC).optLength(3).build(),
                    PromptConfig.builder(PromptMethod.DEEP).optLength(2).optReparameterisation(16).build(),
                    PromptConfig.builder(PromptMethod.ULPT).optLength(4).optRank(2).optOutputBias(true).build(),
                    PromptConfig.builder(PromptMethod.MOE).optLength(2).optExperts(3).build(),
                    PromptConfig.builder(PromptMethod.ENC).optLength(2).optInputAdapterRank(3)
                            .optFeatureTransformDims(80).build());
            for (PromptConfig config : configs) {
                Path version = dir.resolve(config.method().id().replace('+', '-'));
                try (SoftPrompt trained = factory.create(config, List.of())) {
                    PromptDirectory.save(version, trained, info("p", 1, config, trained, fingerprint));
                    PromptDirectory.Loaded loaded = PromptDirectory.load(version, factory, fingerprint);
                    try (SoftPrompt served = loaded.prompt()) {
                        float[] a = parts(model, trained);
                        float[] b = parts(model, served);
                        assertEquals(a.length, b.length, config.method().id());
                        for (int i = 0; i < a.length; i++) {
                            assertEquals(a[i], b[i], 1e-5, config.method().id() + " value " + i);
                        }
                        assertEquals(config, loaded.info().config());
                        assertEquals(Files.size(version.resolve(PromptDirectory.WEIGHTS)), loaded.bytes());
                    }
                }
            }
            // the reparameterised prefix is stored folded: fewer numbers than it trained
            PromptInfo deep = PromptDirectory.readInfo(dir.resolve("deep"));
            assertTrue(deep.storedParameters() < deep.trainableParameters(), deep.toString());
            assertEquals(2L * (2 + 2 + 2) * 2 * 32, deep.storedParameters());
            // ULPT stores its factors: N r + 2 D per side, plus the output bias
            PromptInfo ulpt = PromptDirectory.readInfo(dir.resolve("ulpt"));
            assertEquals(2L * (4 * 2 + 2 * 32) + model.vocabulary().size(), ulpt.storedParameters());
            // the input adapter stores A (D x r) and B (r x D), the feature transform M (F x F) and s (F),
            // beside the prompt's 2 x D
            PromptInfo adapted = PromptDirectory.readInfo(dir.resolve("enc"));
            assertEquals(2L * 32 + 2L * 32 * 3 + 80L * 80 + 80, adapted.storedParameters());
            assertEquals(3, adapted.config().inputAdapterRank());
            assertEquals(80, adapted.config().featureTransformDims());
        }
    }

    @Test
    void aPromptForAnotherBaseOrACorruptFileIsRefused(@TempDir Path dir) throws Exception {
        try (SpeechModel model = SpeechModel.create(TINY, new Vocabulary(List.of("en"), 0), 5);
                SpeechModel other = SpeechModel.create(TINY, new Vocabulary(List.of("en"), 0), 6)) {
            PromptFactory factory = new PromptFactory(model);
            PromptConfig config = PromptConfig.builder(PromptMethod.ENC_DEC).optLength(3).build();
            Path version = savedPrompt(factory, config, dir.resolve("p"), model.fingerprint());
            PromptMismatchException mismatch = assertThrows(PromptMismatchException.class,
                    () -> PromptDirectory.load(version, new PromptFactory(other), other.fingerprint()));
            assertTrue(mismatch.getMessage().contains("was trained on base " + model.fingerprint().substring(0, 12)),
                    mismatch.getMessage());

            Path weights = version.resolve(PromptDirectory.WEIGHTS);
            byte[] whole = Files.readAllBytes(weights);
            Files.write(weights, java.util.Arrays.copyOf(whole, whole.length - 40));
            ModelFormatException truncated = assertThrows(ModelFormatException.class,
                    () -> PromptDirectory.load(version, factory, model.fingerprint()));
            assertTrue(truncated.getMessage().contains(PromptDirectory.WEIGHTS), truncated.getMessage());

            // a config that promises a longer prompt than the weights hold
            Files.write(weights, whole);
            Path config2 = version.resolve(PromptDirectory.CONFIG);
            Files.writeString(config2, Files.readString(config2).replace("\"length\": 3", "\"length\": 4"));
            ModelFormatException misfit = assertThrows(ModelFormatException.class,
                    () -> PromptDirectory.load(version, factory, model.fingerprint()));
            assertTrue(misfit.getMessage().contains("prompt_embeddings' has shape [6, 32]"), misfit.getMessage());

            Files.writeString(config2, "{ not json");
            ModelFormatException json = assertThrows(ModelFormatException.class, () -> PromptDirectory.readInfo(version));
            assertTrue(json.getMessage().contains("not valid JSON"), json.getMessage());
            assertFalse(Files.exists(dir.resolve("p.tmp")));
        }
    }

    @Test
    void aRecordedDecodingIsReadBackAndLeavesTheWeightsAlone(@TempDir Path dir) throws Exception {
        try (SpeechModel model = SpeechModel.create(TINY, new Vocabulary(List.of("en"), 0), 5)) {
            PromptFactory factory = new PromptFactory(model);
            PromptConfig config = PromptConfig.builder(PromptMethod.ENC_DEC).optLength(3).build();
            Path version = savedPrompt(factory, config, dir.resolve("p"), model.fingerprint());
            assertEquals(null, PromptDirectory.readInfo(version).decoding(), "adapt records no decoding");
            byte[] weights = Files.readAllBytes(version.resolve(PromptDirectory.WEIGHTS));
            PromptDecoding chosen = new PromptDecoding(4, 0.3, 0, 0, true, 3);
            PromptDirectory.saveDecoding(version, chosen);
            PromptInfo read = PromptDirectory.readInfo(version);
            assertEquals(chosen, read.decoding());
            assertEquals(1, read.version());
            assertEquals(config, read.config());
            assertTrue(java.util.Arrays.equals(weights, Files.readAllBytes(version.resolve(PromptDirectory.WEIGHTS))));
            assertEquals("beam 4, CTC weight 0.30, length norm 0.00", chosen.search(null).describe());
            assertEquals(3, chosen.intentCandidatesFor(IntentPosition.FIRST));
            assertEquals(1, chosen.intentCandidatesFor(IntentPosition.LAST), "candidates precede the words");
            PromptDirectory.Loaded loaded = PromptDirectory.load(version, factory, model.fingerprint());
            try (SoftPrompt p = loaded.prompt()) {
                assertEquals(chosen, loaded.info().decoding(), "loading reads it too");
            }

            Path file = version.resolve(PromptDirectory.CONFIG);
            Files.writeString(file, Files.readString(file).replace("\"beam_size\": 4", "\"beam_size\": 0"));
            ModelFormatException bad = assertThrows(ModelFormatException.class, () -> PromptDirectory.readInfo(version));
            assertTrue(bad.getMessage().endsWith("adapter_config.json: decoding: beam size must be between 1 and 64, "
                    + "got 0"), bad.getMessage());
            Files.writeString(file, Files.readString(file).replace("\"beam_size\": 0", "\"beam_size\": \"four\""));
            bad = assertThrows(ModelFormatException.class, () -> PromptDirectory.readInfo(version));
            assertTrue(bad.getMessage().endsWith("decoding.beam_size must be a number, got four"), bad.getMessage());
            Files.writeString(file, Files.readString(file).replace("\"beam_size\": \"four\"", "\"beam_size\": 4.5"));
            bad = assertThrows(ModelFormatException.class, () -> PromptDirectory.readInfo(version));
            assertTrue(bad.getMessage().endsWith("decoding.beam_size must be a whole number, got 4.5"), bad.getMessage());
        }
    }

    @Test
    void aPromptsOwnLanguageModelLoadsWithItAndADamagedOneIsRefused(@TempDir Path dir) throws Exception {
        try (SpeechModel model = SpeechModel.create(TINY, new Vocabulary(List.of("en"), 0), 5)) {
            PromptFactory factory = new PromptFactory(model);
            PromptConfig config = PromptConfig.builder(PromptMethod.ENC_DEC).optLength(3).build();
            Path version = savedPrompt(factory, config, dir.resolve("p"), model.fingerprint());
            PromptDirectory.Loaded plain = PromptDirectory.load(version, factory, model.fingerprint());
            plain.prompt().close();
            assertEquals(null, plain.languageModel(), "adapt stores no language model");
            long weights = Files.size(version.resolve(PromptDirectory.WEIGHTS));
            assertEquals(weights, plain.bytes());

            CharNgramModel lm = CharNgramModel.fit(List.of("turn the lights on", "turn the lights off"), 4, "en");
            PromptDirectory.saveLanguageModel(version, lm);
            PromptDirectory.Loaded loaded = PromptDirectory.load(version, factory, model.fingerprint());
            loaded.prompt().close();
            assertEquals(lm.logProb("turn the lights on"), loaded.languageModel().logProb("turn the lights on"), 1e-12);
            assertEquals("en", loaded.languageModel().language());
            assertEquals(weights + Files.size(version.resolve(PromptDirectory.LANGUAGE_MODEL)), loaded.bytes());
            assertTrue(Files.readString(version.resolve(PromptDirectory.CONFIG)).contains("\"language_model\": {"));
            assertEquals(config, PromptDirectory.readInfo(version).config(), "the rest of the config is kept");

            IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                    () -> PromptDirectory.saveLanguageModel(version, CharNgramModel.fit(List.of("accendi la luce"), 4,
                            "it")));
            assertEquals("the language model is for 'it' but prompt p@1 decodes 'en'", other.getMessage());
            IllegalArgumentException written = assertThrows(IllegalArgumentException.class,
                    () -> PromptDirectory.saveLanguageModel(version, CharNgramModel.fit(List.of("Turn it on."), 4, "en",
                            io.promptwave.core.text.TextForm.WRITTEN)));
            assertEquals("the language model is of written text but prompt p@1 (task asr) writes spoken text",
                    written.getMessage());
            Path slots = dir.resolve("slots");
            try (SoftPrompt p = factory.create(config, List.of())) {
                PromptDirectory.save(slots, p, new PromptInfo("s", 1, config, "slots", "en", Map.of(),
                        model.fingerprint(), p.trainableCount(), p.storedCount(), Map.of(), Map.of()));
            }
            assertEquals("prompt s@1 writes intents and slot tags, which no language model scores",
                    assertThrows(IllegalArgumentException.class, () -> PromptDirectory.saveLanguageModel(slots, lm))
                            .getMessage());

            Path file = version.resolve(PromptDirectory.LANGUAGE_MODEL);
            byte[] bytes = Files.readAllBytes(file);
            Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
            ModelFormatException truncated = assertThrows(ModelFormatException.class,
                    () -> PromptDirectory.load(version, factory, model.fingerprint()));
            assertTrue(truncated.getMessage().startsWith(file.toString()), truncated.getMessage());
            Files.delete(file);
            ModelFormatException missing = assertThrows(ModelFormatException.class,
                    () -> PromptDirectory.load(version, factory, model.fingerprint()));
            assertEquals(version + ": adapter_config.json names a language model but language_model.ngram is missing",
                    missing.getMessage());
        }
    }
}
