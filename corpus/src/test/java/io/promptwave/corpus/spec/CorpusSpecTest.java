package io.promptwave.corpus.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptwave.corpus.CorpusException;
import io.promptwave.corpus.TtsAvailable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusSpecTest {
    @TempDir
    Path dir;

    @Test
    void shippedSpecsLoadWithTheirVoicesAndExclusions() throws CorpusException, IOException {
        CorpusSpec pretrain = CorpusSpec.load(TtsAvailable.recipe("corpora/en-pretrain.json"));
        assertEquals(30, pretrain.allVoices().size(), "at least 16 voice configurations");
        assertTrue(pretrain.allVoices().stream().noneMatch(v -> pretrain.excludedVoices().contains(v.baseVoice())));
        assertEquals(java.util.List.of("flite/rms", "flite/slt", "festival/ked_diphone", "festival/cmu_us_slt_arctic_hts"),
                pretrain.excludedVoices());
        CorpusSpec newvoice = CorpusSpec.load(TtsAvailable.recipe("corpora/en-newvoice.json"));
        assertEquals("telephone", newvoice.channel().name());
        assertEquals("train-1h", newvoice.splits().get(1).subsetOf());
    }

    @Test
    void malformedSpecsAreRefusedWithTheFileAndTheField() throws IOException {
        assertRefused("{\"name\": \"x\", \"language\": \"en\", \"texts\": {\"kind\": \"fortunes\"},"
                + " \"voices\": {\"v\": [{\"engine\": \"say\", \"names\": [\"a\"]}]}, \"splits\": [{\"name\": \"t\","
                + " \"voices\": \"v\", \"size\": {\"small\": {\"utterances\": 1}, \"full\": {\"utterances\": 2}}}]}",
                "unknown engine 'say' (have espeak-ng, flite, festival)");
        assertRefused("{\"name\": \"x\", \"language\": \"en\", \"texts\": {\"kind\": \"fortunes\"},"
                + " \"voices\": {\"v\": [{\"engine\": \"flite\", \"names\": [\"rms\"]}]}, \"exclude_voices\": [\"flite/rms\"],"
                + " \"splits\": [{\"name\": \"t\", \"voices\": \"v\", \"size\": {\"small\": {\"utterances\": 1},"
                + " \"full\": {\"utterances\": 2}}}]}",
                "voice flite/rms/r1.00 is listed in exclude_voices");
        assertRefused("{\"name\": \"x\", \"language\": \"en\", \"texts\": {\"kind\": \"fortunes\"},"
                + " \"voices\": {\"v\": [{\"engine\": \"flite\", \"names\": [\"kal16\"]}]},"
                + " \"splits\": [{\"name\": \"t\", \"voices\": \"v\", \"size\": {\"small\": {\"utterances\": 1}}}]}",
                "split 't' needs a size for both scales, small and full");
        assertRefused("{\"name\": \"x\", \"language\": \"en\", \"texts\": {\"kind\": \"fortunes\"},"
                + " \"voices\": {\"v\": [{\"engine\": \"flite\", \"names\": [\"kal16\"]}]},"
                + " \"splits\": [{\"name\": \"t\", \"subset_of\": \"u\", \"size\": {}}]}",
                "split 't' is a subset of 'u', which must come before it");
        String taskSplit = "{\"name\": \"x\", \"language\": \"en\", \"texts\": {\"kind\": \"task\"},"
                + " \"voices\": {\"v\": [{\"engine\": \"flite\", \"names\": [\"kal16\"]}]},"
                + " \"splits\": [{\"name\": \"d\", \"voices\": \"v\", \"held_out\": %s,"
                + " \"size\": {\"small\": {\"utterances\": 1}, \"full\": {\"utterances\": 2}}}]}";
        assertRefused(String.format(taskSplit, "\"dev\""),
                "split 'd' draws from the templates held out for dev, but texts.held_out_dev is 0");
        assertRefused(String.format(taskSplit, "\"train\""),
                "split 'd' has held_out train; it must be false, true (test's held-out templates and values) or \"dev\"");
        assertRefused("{ not json", "not valid JSON");
    }

    private void assertRefused(String json, String reason) throws IOException {
        Path file = Files.writeString(dir.resolve("spec.json"), json);
        CorpusException e = assertThrows(CorpusException.class, () -> CorpusSpec.load(file));
        assertTrue(e.getMessage().startsWith(file + ": ") && e.getMessage().contains(reason), e.getMessage());
    }
}
