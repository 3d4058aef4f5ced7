package io.promptwave.core.artifact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptwave.features.FeatureSequence;
import io.promptwave.core.decode.DecodingOptions;
import io.promptwave.core.decode.GreedyDecoder;
import io.promptwave.core.decode.Hypothesis;
import io.promptwave.core.model.BackboneConfig;
import io.promptwave.core.model.PromptHooks;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.text.CharNgramModel;
import io.promptwave.core.text.TextForm;
import io.promptwave.core.text.Vocabulary;
import io.promptwave.core.train.UnitModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDirectoryTest {
    private static final BackboneConfig TINY = BackboneConfig.builder().optDModel(32).optHeads(4).optEncoderLayers(2)
            .optDecoderLayers(1).optFeedForward(64).optFrontEndWidth(48).build();

    private static FeatureSequence noise() {
        java.util.Random random = new java.util.Random(8);
        float[] v = new float[80 * 80];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return FeatureSequence.of(v, 80, 80, 100, "noise");
    }

    private static void save(SpeechModel model, Path dir, DType dtype) throws Exception {
        ModelDirectory.save(model, dir, Map.of("kind", "fbank"), Map.of("seed", 5), dtype);
    }

    @Test
    void aSavedModelLoadsWithTheSameOutputsAndFingerprint(@TempDir Path dir) throws Exception {
        int[] prefix = {Vocabulary.ASR, 8};
        try (SpeechModel model = SpeechModel.create(TINY, new Vocabulary(List.of("en"), 20), 5)) {
            save(model, dir, DType.F32);
            // a vocabulary with pseudo subwords needs the unit model that makes them
            ModelFormatException missing = assertThrows(ModelFormatException.class, () -> ModelDirectory.load(dir));
            assertEquals(dir + ": the vocabulary has 20 pseudo subwords but the unit model that makes them (units/)"
                    + " is missing", missing.getMessage());
            UnitModel.fit(List.of(noise(), noise()), 10, 20, 1000, 5, 1, 1, "fbank80").save(
                    dir.resolve(ModelDirectory.UNITS));
            Hypothesis before = new GreedyDecoder(model).decode(List.of(noise()), prefix, PromptHooks.NONE).get(0);
            try (SpeechModel loaded = ModelDirectory.load(dir)) {
                assertEquals(model.fingerprint(), loaded.fingerprint());
                assertEquals(20, loaded.vocabulary().unitCount());
                Hypothesis after = new GreedyDecoder(loaded).decode(List.of(noise()), prefix, PromptHooks.NONE).get(0);
                assertArrayEquals(before.tokens(), after.tokens());
                assertArrayEquals(before.logProbs(), after.logProbs(), 0f);
            }
            String config = Files.readString(dir.resolve(ModelDirectory.CONFIG), StandardCharsets.UTF_8);
            assertTrue(config.contains("\"fingerprint\": \"" + model.fingerprint() + "\""), config);
            // read without loading the weights
            assertEquals(model.fingerprint(), ModelDirectory.fingerprint(dir));
            Files.writeString(dir.resolve(ModelDirectory.CONFIG), config.replace("\"fingerprint\"", "\"was\""));
            assertEquals(dir.resolve(ModelDirectory.CONFIG) + ": no fingerprint (a model written by an older "
                    + "promptwave?)", assertThrows(ModelFormatException.class,
                            () -> ModelDirectory.fingerprint(dir)).getMessage());
        }
    }

    @Test
    void halfPrecisionHalvesTheFileAndKeepsTheWeightsClose(@TempDir Path dir) throws Exception {
        try (SpeechModel model = SpeechModel.create(TINY, new Vocabulary(List.of("en"), 0), 5)) {
            save(model, dir.resolve("f32"), DType.F32);
            save(model, dir.resolve("f16"), DType.F16);
            long f32 = Files.size(dir.resolve("f32").resolve(ModelDirectory.WEIGHTS));
            long f16 = Files.size(dir.resolve("f16").resolve(ModelDirectory.WEIGHTS));
            assertTrue(f16 < 0.55 * f32, f16 + " vs " + f32);
            try (SpeechModel loaded = ModelDirectory.load(dir.resolve("f16"))) {
                String name = model.weights().keySet().stream().filter(k -> k.endsWith("embedding_weight")).findFirst()
                        .orElseThrow();
                float[] a = model.weights().get(name).values();
                float[] b = loaded.weights().get(name).values();
                assertArrayEquals(a, b, 1e-3f);
                // the recorded fingerprint is the loaded (rounded) weights', the one prompts check against
                assertEquals(ModelDirectory.readConfig(dir.resolve("f16")).get("fingerprint"), loaded.fingerprint());
            }
        }
    }

    @Test
    void damagedDirectoriesFailWithTheFileAndTheReason(@TempDir Path dir) throws Exception {
        try (SpeechModel model = SpeechModel.create(TINY, new Vocabulary(List.of("en"), 0), 5)) {
            save(model, dir, DType.F32);
        }
        Path weights = dir.resolve(ModelDirectory.WEIGHTS);
        byte[] whole = Files.readAllBytes(weights);
        Files.write(weights, java.util.Arrays.copyOf(whole, whole.length / 2));
        ModelFormatException truncated = assertThrows(ModelFormatException.class, () -> ModelDirectory.load(dir));
        assertTrue(truncated.getMessage().contains("model.safetensors"), truncated.getMessage());
        byte[] flipped = whole.clone();
        flipped[flipped.length - 3] ^= 0x10; // one bit of the last weight: size and shapes stay right
        Files.write(weights, flipped);
        ModelFormatException changed = assertThrows(ModelFormatException.class, () -> ModelDirectory.load(dir));
        assertTrue(changed.getMessage().contains("model.safetensors is not the file config.json describes: its "
                + "weights' fingerprint is "), changed.getMessage());
        assertTrue(changed.getMessage().endsWith(", the config records " + ModelDirectory.fingerprint(dir).substring(0,
                12) + "... (changed or damaged after saving)"), changed.getMessage());
        Files.write(weights, whole);
        try (SpeechModel restored = ModelDirectory.load(dir)) {
            assertEquals(ModelDirectory.fingerprint(dir), restored.fingerprint(), "the untouched file loads");
        }

        Path config = dir.resolve(ModelDirectory.CONFIG);
        String good = Files.readString(config);
        Files.writeString(config, good.replace("\"d_model\": 32", "\"d_model\": 64"));
        ModelFormatException mismatch = assertThrows(ModelFormatException.class, () -> ModelDirectory.load(dir));
        assertTrue(mismatch.getMessage().contains("does not fit config.json"), mismatch.getMessage());

        Files.writeString(config, "{not json");
        ModelFormatException bad = assertThrows(ModelFormatException.class, () -> ModelDirectory.load(dir));
        assertTrue(bad.getMessage().contains("not valid JSON"), bad.getMessage());

        Files.delete(config);
        ModelFormatException missing = assertThrows(ModelFormatException.class, () -> ModelDirectory.load(dir));
        assertTrue(missing.getMessage().contains("not a model directory"), missing.getMessage());
    }

    @Test
    void aLanguageModelIsStoredBesideTheWeightsAndComesWithTheDefaultDecoding(@TempDir Path dir) throws Exception {
        String fingerprint;
        try (SpeechModel model = SpeechModel.create(TINY, new Vocabulary(List.of("en"), 0), 5)) {
            save(model, dir, DType.F32);
            fingerprint = model.fingerprint();
        }
        assertNull(ModelDirectory.defaultDecoding(dir).languageModel());
        CharNgramModel lm = CharNgramModel.fit(List.of("turn the lights on", "turn them off"), 5, "en");
        ModelDirectory.saveLanguageModel(dir, lm);
        DecodingOptions attached = ModelDirectory.defaultDecoding(dir);
        assertEquals(0, attached.lmWeight());
        assertEquals(lm.logProb("turn the lights off"), attached.languageModel().logProb("turn the lights off"), 0);
        ModelDirectory.saveDefaultDecoding(dir, DecodingOptions.builder().optBeamSize(4).optCtcWeight(0.5)
                .optLanguageModel(attached.languageModel(), 0.4).build());
        DecodingOptions chosen = ModelDirectory.defaultDecoding(dir);
        assertEquals(0.4, chosen.lmWeight());
        assertEquals(5, chosen.languageModel().order());
        try (SpeechModel loaded = ModelDirectory.load(dir)) {
            assertEquals(fingerprint, loaded.fingerprint(), "a language model leaves the weights alone");
        }
        String config = Files.readString(dir.resolve(ModelDirectory.CONFIG), StandardCharsets.UTF_8);
        assertTrue(config.contains("\"language\": \"en\"") && config.contains("\"lm_weight\": 0.4"), config);

        Files.writeString(dir.resolve(ModelDirectory.CONFIG), config.replace("\"beam_size\": 4", "\"beam_size\": \"four\""));
        assertEquals(dir.resolve(ModelDirectory.CONFIG) + ": decoding.beam_size must be a number, got four",
                assertThrows(ModelFormatException.class, () -> ModelDirectory.defaultDecoding(dir)).getMessage());
        Files.writeString(dir.resolve(ModelDirectory.CONFIG), config);

        Files.delete(dir.resolve(ModelDirectory.LANGUAGE_MODEL));
        assertEquals(dir + ": config.json names a language model but language_model.ngram is missing",
                assertThrows(ModelFormatException.class, () -> ModelDirectory.defaultDecoding(dir)).getMessage());
    }

    @Test
    void aDamagedLanguageModelFileIsNamedWithItsFault(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("lm.ngram");
        CharNgramModel lm = CharNgramModel.fit(List.of("one two three", "three two one"), 4, "en");
        NgramFile.write(file, lm);
        CharNgramModel back = NgramFile.read(file);
        assertEquals(lm.logProb("two three one"), back.logProb("two three one"), 0);
        assertEquals("en", back.language());
        byte[] whole = Files.readAllBytes(file);

        Files.write(file, java.util.Arrays.copyOf(whole, whole.length - 12));
        ModelFormatException cut = assertThrows(ModelFormatException.class, () -> NgramFile.read(file));
        assertTrue(cut.getMessage().startsWith(file + ": "), cut.getMessage());

        Files.writeString(file, "turn the lights on");
        assertTrue(assertThrows(ModelFormatException.class, () -> NgramFile.read(file)).getMessage()
                .startsWith(file + ": not a gzip stream"));

        try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(file))) {
            out.write("PK not a model".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(file + ": not a Promptwave n-gram language model",
                assertThrows(ModelFormatException.class, () -> NgramFile.read(file)).getMessage());
    }

    @Test
    void aWrittenFormModelKeepsItsFormAndASpokenOneTheFirstFormat(@TempDir Path dir) throws Exception {
        Path spoken = dir.resolve("spoken.ngram");
        NgramFile.write(spoken, CharNgramModel.fit(List.of("turn the lights on"), 3, "en"));
        Path written = dir.resolve("written.ngram");
        CharNgramModel lines = CharNgramModel.fit(List.of("Turn the lights on, please.", "It's 7 p.m."), 3, "en",
                TextForm.WRITTEN);
        NgramFile.write(written, lines);
        assertEquals(TextForm.SPOKEN, NgramFile.read(spoken).form());
        CharNgramModel back = NgramFile.read(written);
        assertEquals(TextForm.WRITTEN, back.form());
        assertEquals(lines.logProb("It's 7 p.m."), back.logProb("It's 7 p.m."), 0);
        // format 1, as every earlier build wrote and reads it: magic, version, language, order
        try (java.io.DataInputStream in = new java.io.DataInputStream(new java.util.zip.GZIPInputStream(
                Files.newInputStream(spoken)))) {
            assertEquals(0x50574c4d, in.readInt());
            assertEquals(1, in.readInt());
            assertEquals("en", in.readUTF());
            assertEquals(3, in.readInt());
        }
        byte[] bytes;
        try (java.io.InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(written))) {
            bytes = in.readAllBytes();
        }
        String raw = new String(bytes, StandardCharsets.ISO_8859_1).replace("written", "printed");
        try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(written))) {
            out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
        }
        assertEquals(written + ": text form must be spoken or written, got 'printed'",
                assertThrows(ModelFormatException.class, () -> NgramFile.read(written)).getMessage());
    }
}
