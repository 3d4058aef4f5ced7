package io.promptwave.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.rpc.RetryInfo;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.promptwave.api.v1.AudioEncoding;
import io.promptwave.api.v1.RawAudio;
import io.promptwave.api.v1.RecognitionAudio;
import io.promptwave.api.v1.RecognitionConfig;
import io.promptwave.api.v1.RecognizeRequest;
import io.promptwave.api.v1.RecognizeResponse;
import io.promptwave.api.v1.RecognizerGrpc;
import io.promptwave.api.v1.SpeechEvent;
import io.promptwave.api.v1.StreamingRecognitionConfig;
import io.promptwave.api.v1.StreamingRecognizeResponse;
import io.promptwave.api.v1.StreamingUnderstandConfig;
import io.promptwave.api.v1.StreamingUnderstandResponse;
import io.promptwave.api.v1.UnderstandResponse;
import io.promptwave.api.v1.UnderstandingConfig;
import io.promptwave.features.FeatureSequence;
import io.promptwave.audio.PcmAudio;
import io.promptwave.audio.segment.EndpointerConfig;
import io.promptwave.audio.segment.StreamingEndpointer;
import io.promptwave.client.AudioStream;
import io.promptwave.client.PromptwaveClient;
import io.promptwave.core.decode.AudioTranscriber;
import io.promptwave.core.decode.DecodingOptions;
import io.promptwave.core.text.CharNgramModel;
import io.promptwave.core.decode.RecordingPieces;
import io.promptwave.core.decode.Transcript;
import io.promptwave.core.registry.PromptLease;
import io.promptwave.core.registry.PromptRegistry;
import io.promptwave.core.artifact.PromptDecoding;
import io.promptwave.core.artifact.PromptDirectory;
import io.promptwave.core.prompt.PromptMethod;
import io.promptwave.core.slots.IntentPosition;
import io.promptwave.core.slots.SlotDecoding;
import io.promptwave.core.slots.SlotSchema;
import io.promptwave.core.slots.Understander;
import io.promptwave.core.slots.Understanding;
import io.promptwave.server.scheduler.BatchKind;
import io.promptwave.server.scheduler.Lane;
import io.promptwave.server.scheduler.SchedulerConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every RPC of promptwave.v1 in process, on the shipped base with prompts made for it. What the
 * server returns is checked against the same audio decoded directly with prompt-core.
 */
class PromptwaveServerTest {
    @TempDir
    static Path dir;
    private static ServedModels models;
    private static PromptwaveServer server;
    private static ManagedChannel channel;
    private static PromptwaveClient client;
    private static PcmAudio alarm;

    @BeforeAll
    static void serve() throws Exception {
        models = ServedFixture.load(ServedFixture.modelsFolder(Files.createDirectory(dir.resolve("models"))));
        String name = InProcessServerBuilder.generateName();
        // a long wait, so the concurrent requests of the batching test meet in one batch
        server = new PromptwaveServer(InProcessServerBuilder.forName(name), models, ServerConfig.builder()
                .optScheduler(SchedulerConfig.builder().optMaxWaitMillis(300).optMaxBatchSize(8).build()).build())
                .start();
        channel = InProcessChannelBuilder.forName(name).build();
        client = new PromptwaveClient(channel, null, 120);
        alarm = ServedFixture.audio(ServedFixture.ALARM);
    }

    @AfterAll
    static void stop() {
        channel.shutdownNow();
        server.close();
        models.close();
    }

    private static Transcript direct(PcmAudio audio, String prompt) throws Exception {
        AudioTranscriber t = new AudioTranscriber(models.model(), models.defaultDecoding());
        if (prompt == null) {
            return t.transcribe(audio, "en");
        }
        try (PromptLease lease = models.registry().lease(prompt)) {
            return t.transcribe(audio, "en", lease.prompt());
        }
    }

    @Test
    void recognizesAFileAsTheBaseDoes() throws Exception {
        RecognizeResponse r = client.recognize(ServedFixture.ALARM, "", RecognitionConfig.getDefaultInstance());
        Transcript expected = direct(alarm, null);
        assertFalse(expected.text().isBlank());
        assertEquals(expected.text(), r.getAlternatives(0).getText());
        assertEquals(ServedFixture.ALARM.getFileName().toString(), r.getRequestId());
        assertEquals(alarm.durationSeconds(), r.getAudioDurationSeconds(), 1e-9);
        assertEquals(expected.words().size(), r.getAlternatives(0).getWordsCount());
        var first = r.getAlternatives(0).getWords(0);
        assertEquals(expected.words().get(0).text(), first.getText());
        assertTrue(first.getEndSeconds() > first.getStartSeconds() && first.getEndSeconds() <= alarm.durationSeconds(),
                first.toString());
        assertFalse(r.hasPrompt(), "the bare base has no prompt version");
    }

    @Test
    void rowsOfDifferentPromptsShareABatchAndEachGetsItsOwnResult() throws Exception {
        long batchesBefore = server.metrics().batches();
        long rowsBefore = server.metrics().rows();
        List<String> prompts = List.of("", "newvoice", "deepvoice", "newvoice@1");
        List<CompletableFuture<RecognizeResponse>> calls = new ArrayList<>();
        for (String p : prompts) {
            calls.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return client.recognize(ServedFixture.ALARM, p, RecognitionConfig.getDefaultInstance());
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (int i = 0; i < prompts.size(); i++) {
            String p = prompts.get(i);
            RecognizeResponse r = calls.get(i).get(120, TimeUnit.SECONDS);
            assertEquals(direct(alarm, p.isEmpty() ? null : p).text(), r.getAlternatives(0).getText(), "prompt " + p);
            if (!p.isEmpty()) {
                assertEquals(p.replace("@1", ""), r.getPrompt().getName());
                assertEquals(1, r.getPrompt().getVersion());
            }
        }
        assertNotEquals(direct(alarm, null).text(), direct(alarm, "deepvoice").text(),
                "the prompt must change what the base writes, or the comparison shows nothing");
        long batches = server.metrics().batches() - batchesBefore;
        long rows = server.metrics().rows() - rowsBefore;
        assertEquals(4, rows);
        assertTrue(batches < rows, "4 rows ran in " + batches + " batches");
    }

    @Test
    void keepsAlternativesFromTheBeam() throws Exception {
        RecognizeResponse r = client.recognize(ServedFixture.MUSIC, "", RecognitionConfig.newBuilder()
                .setBeamSize(4).setMaxAlternatives(3).setWordTimestamps(false).build());
        // up to 3: a beam of 4 returns the distinct hypotheses that finished, which a confident base
        // can leave at 2 (the shipped base does for this recording)
        assertTrue(r.getAlternativesCount() >= 2 && r.getAlternativesCount() <= 3, r.toString());
        assertEquals(r.getAlternativesCount(), r.getAlternativesList().stream().map(a -> a.getText()).distinct().count());
        Transcript best = new AudioTranscriber(models.model(), DecodingOptions.builder().optBeamSize(4)
                .optCtcWeight(models.defaultDecoding().ctcWeight())
                .optLengthNormalization(models.defaultDecoding().lengthNormalization())
                .optLanguageModel(models.defaultDecoding().languageModel(), models.defaultDecoding().lmWeight()).build())
                .transcribe(ServedFixture.audio(ServedFixture.MUSIC), "en");
        assertEquals(best.text(), r.getAlternatives(0).getText());
        assertEquals(0, r.getAlternatives(0).getWords(0).getStartSeconds(), "word times were turned off");
    }

    @Test
    void rawSamplesReadAsTheSameAudio() throws Exception {
        ByteBuffer pcm = ByteBuffer.allocate(alarm.length() * 2).order(ByteOrder.LITTLE_ENDIAN);
        float[] quantised = new float[alarm.length()];
        for (int i = 0; i < alarm.length(); i++) {
            short s = (short) Math.max(-32768, Math.min(32767, Math.round(alarm.sample(i) * 32768)));
            pcm.putShort(s);
            quantised[i] = s / 32768f;
        }
        RecognizeResponse r = RecognizerGrpc.newBlockingStub(channel).recognize(RecognizeRequest.newBuilder()
                .setAudio(RecognitionAudio.newBuilder().setRaw(RawAudio.newBuilder().setData(ByteString.copyFrom(
                        pcm.array())).setEncoding(AudioEncoding.LINEAR16).setSampleRateHertz(16000))).build());
        assertEquals(direct(PcmAudio.of(quantised, 16000, "q"), null).text(), r.getAlternatives(0).getText());
    }

    private static Status.Code code(Runnable call) {
        return assertThrows(StatusRuntimeException.class, call::run).getStatus().getCode();
    }

    private static String refusal(RecognizeRequest request) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> RecognizerGrpc.newBlockingStub(channel).recognize(request));
        return e.getStatus().getCode() + ": " + e.getStatus().getDescription();
    }

    @Test
    void badRequestsGetClearStatuses() {
        RecognitionAudio wav = RecognitionAudio.newBuilder().setContent(ByteString.copyFrom(new byte[] {1, 2, 3}))
                .build();
        assertEquals("INVALID_ARGUMENT: the request has no audio: set audio.content (a file) or audio.raw (samples)",
                refusal(RecognizeRequest.newBuilder().build()));
        assertEquals("INVALID_ARGUMENT: audio request r1: no audio bytes (the content is empty)",
                refusal(RecognizeRequest.newBuilder().setRequestId("r1").setAudio(RecognitionAudio.newBuilder()
                        .setContent(ByteString.EMPTY)).build()));
        assertTrue(refusal(RecognizeRequest.newBuilder().setRequestId("r2").setAudio(wav).build())
                .startsWith("INVALID_ARGUMENT: audio request r2: "));
        assertEquals("NOT_FOUND: no prompt named 'french' is loaded (loaded: [deepvoice, home, newvoice])",
                refusal(RecognizeRequest.newBuilder().setPrompt("french").setAudio(wav).build()));
        assertEquals("FAILED_PRECONDITION: prompt home@1 was trained for the slots task; use the Understanding "
                + "service", refusal(RecognizeRequest.newBuilder().setPrompt("home").setAudio(wav).build()));
        assertEquals("INVALID_ARGUMENT: config.beam_size must be 1 to 16, got 100", refusal(RecognizeRequest
                .newBuilder().setConfig(RecognitionConfig.newBuilder().setBeamSize(100)).setAudio(wav).build()));
        assertEquals("INVALID_ARGUMENT: config.max_alternatives must be 1 to the beam size (1), got 2",
                refusal(RecognizeRequest.newBuilder().setConfig(RecognitionConfig.newBuilder().setBeamSize(1)
                        .setMaxAlternatives(2)).setAudio(wav).build()));
        assertEquals("INVALID_ARGUMENT: config.language: the model knows [en, it], not 'xx'", refusal(RecognizeRequest
                .newBuilder().setConfig(RecognitionConfig.newBuilder().setLanguage("xx")).setAudio(wav).build()));
        assertEquals("INVALID_ARGUMENT: raw.encoding must say how the samples are stored: LINEAR16, MULAW, ALAW, "
                + "FLOAT32 or WAV", refusal(RecognizeRequest.newBuilder().setAudio(RecognitionAudio.newBuilder()
                        .setRaw(RawAudio.newBuilder().setData(ByteString.copyFrom(new byte[4])))).build()));
        assertEquals("INVALID_ARGUMENT: audio request r3: 0.000 s of audio is too short to transcribe (at least "
                + "0.17 s)", refusal(RecognizeRequest.newBuilder().setRequestId("r3").setAudio(RecognitionAudio
                        .newBuilder().setRaw(RawAudio.newBuilder().setData(ByteString.copyFrom(new byte[4]))
                                .setEncoding(AudioEncoding.LINEAR16).setSampleRateHertz(16000))).build()));
    }

    /** What the server's endpointer cuts from the alarm recording, decoded directly. */
    private static Transcript directUtterance() throws Exception {
        StreamingEndpointer endpointer = new StreamingEndpointer(EndpointerConfig.builder().build(), 16000);
        List<StreamingEndpointer.Event> events = new ArrayList<>(endpointer.accept(alarm.samples()));
        events.addAll(endpointer.finish());
        List<PcmAudio> utterances = events.stream().filter(e -> e instanceof StreamingEndpointer.SpeechEnded)
                .map(e -> ((StreamingEndpointer.SpeechEnded) e).utterance()).toList();
        assertEquals(1, utterances.size(), "the alarm recording is one utterance");
        return direct(utterances.get(0), null);
    }

    @Test
    void streamsAWavFileInChunksWithInterimResultsAndOneFinal() throws Exception {
        List<StreamingRecognizeResponse> seen = new ArrayList<>();
        AudioStream<?, StreamingRecognizeResponse> stream = client.streamRecognize("", StreamingRecognitionConfig
                .newBuilder().setFormat(PromptwaveClient.wavFormat()).setInterimIntervalSeconds(0.5)
                .setRequestId("s1").build(), r -> {
                    synchronized (seen) {
                        seen.add(r);
                    }
                });
        // at the audio's own pace, as a microphone sends it: interim results come while it is spoken
        PromptwaveClient.sendWav(stream, ServedFixture.ALARM, 100, true);
        List<StreamingRecognizeResponse> all = stream.finish(120, TimeUnit.SECONDS);
        assertEquals(seen, all);
        assertTrue(all.stream().allMatch(r -> r.getRequestId().equals("s1")));
        List<String> kinds = all.stream().map(r -> r.hasSpeechEvent() ? r.getSpeechEvent().getType().name()
                : r.getResult().getIsFinal() ? "FINAL" : "INTERIM").toList();
        assertEquals("SPEECH_STARTED", kinds.get(0), kinds.toString());
        assertEquals(1, kinds.stream().filter("FINAL"::equals).count(), kinds.toString());
        assertTrue(kinds.indexOf("SPEECH_ENDED") < kinds.indexOf("FINAL"), kinds.toString());
        assertTrue(kinds.contains("INTERIM"), kinds.toString());
        assertTrue(kinds.lastIndexOf("INTERIM") < kinds.indexOf("FINAL"), "no interim after its final: " + kinds);
        for (StreamingRecognizeResponse r : all) {
            if (r.hasResult() && !r.getResult().getIsFinal()) {
                String text = r.getResult().getAlternatives(0).getText();
                assertEquals(text.strip().replaceAll(" +", " "), text, "an interim text as a display shows it");
            }
        }
        StreamingRecognizeResponse fin = all.stream().filter(r -> r.hasResult() && r.getResult().getIsFinal())
                .findFirst().orElseThrow();
        assertEquals(directUtterance().text(), fin.getResult().getAlternatives(0).getText());
        assertEquals(1f, fin.getResult().getStability());
        double start = all.get(0).getSpeechEvent().getOffsetSeconds();
        assertEquals(start, fin.getResult().getStartSeconds(), 1e-9);
        assertTrue(fin.getResult().getAlternatives(0).getWords(0).getStartSeconds() >= start);
        all.stream().filter(r -> r.hasResult() && !r.getResult().getIsFinal()).forEach(r -> {
            float s = r.getResult().getStability();
            assertTrue(s >= 0 && s <= 1, "stability " + s);
        });
    }

    @Test
    void aStreamMustStartWithItsConfigAndCarryAWav() throws Exception {
        AudioStream<?, StreamingRecognizeResponse> notWav = client.streamRecognize("", StreamingRecognitionConfig
                .newBuilder().setFormat(PromptwaveClient.wavFormat()).setRequestId("bad").build(), r -> { });
        notWav.send("this is not a RIFF file at all".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        var e = assertThrows(java.util.concurrent.ExecutionException.class, () -> notWav.finish(30, TimeUnit.SECONDS));
        Status s = Status.fromThrowable(e.getCause());
        assertEquals(Status.Code.INVALID_ARGUMENT, s.getCode());
        assertEquals("audio stream bad: the stream is not a WAV file (no RIFF/WAVE header); say the encoding and rate "
                + "of headerless audio", s.getDescription());

        AudioStream<?, StreamingRecognizeResponse> noRate = client.streamRecognize("", StreamingRecognitionConfig
                .newBuilder().setFormat(io.promptwave.api.v1.StreamAudioFormat.newBuilder()
                        .setEncoding(AudioEncoding.LINEAR16)).setRequestId("nr").build(), r -> { });
        e = assertThrows(java.util.concurrent.ExecutionException.class, () -> noRate.finish(30, TimeUnit.SECONDS));
        assertEquals("audio stream nr: headerless PCM_S16LE audio needs its sample rate (1000 to 384000 Hz), got 0",
                Status.fromThrowable(e.getCause()).getDescription());
    }

    /** The alarm command understood in-process with the "home" prompt, as the server should. */
    private static Understanding directUnderstanding(SlotDecoding decoding) throws Exception {
        return directUnderstanding(decoding, "home");
    }

    private static Understanding directUnderstanding(SlotDecoding decoding, String prompt) throws Exception {
        try (PromptLease lease = models.registry().lease(prompt)) {
            FeatureSequence f = new RecordingPieces().cut(alarm).get(0).features();
            return new Understander(models.model(), ServedFixture.HOME, decoding)
                    .understand(List.of(f), List.of(lease.prompt())).get(0);
        }
    }

    @Test
    void understandsACommandWithTheSlotPromptsSchema() throws Exception {
        UnderstandResponse r = client.understand(ServedFixture.ALARM, "home");
        Understanding expected = directUnderstanding(SlotDecoding.builder().optSearch(DecodingOptions.builder()
                .optBeamSize(models.defaultDecoding().beamSize())
                .optLengthNormalization(models.defaultDecoding().lengthNormalization()).build()).build());
        assertEquals(expected.text(), r.getResult().getText());
        assertEquals(expected.intent(), r.getResult().getIntent().getName());
        assertEquals(expected.intentConfidence(), r.getResult().getIntent().getConfidence(), 1e-6);
        assertEquals(2, r.getResult().getIntentRankingCount(), "the schema has two intents");
        assertEquals(1.0, r.getResult().getIntentRanking(0).getConfidence()
                + r.getResult().getIntentRanking(1).getConfidence(), 1e-5);
        assertEquals(expected.scenario(), r.getResult().getScenario());
        assertEquals(expected.slots().size(), r.getResult().getSlotsCount());
        assertEquals("home", r.getPrompt().getName());

        // well-formed tags after two intent candidates: the same search held to the schema, as the command
        // line's --well-formed --intent-candidates 2
        UnderstandResponse held = client.understand(ServedFixture.ALARM, "home", UnderstandingConfig.newBuilder()
                .setBeamSize(3).setCtcWeight(0.3).setWellFormed(true).setIntentCandidates(2).build());
        Understanding wellFormed = directUnderstanding(SlotDecoding.builder().optSearch(DecodingOptions.builder()
                .optBeamSize(3).optCtcWeight(0.3).optLengthNormalization(models.defaultDecoding().lengthNormalization())
                .build()).optWellFormed(true).optIntentCandidates(2).build());
        assertEquals(wellFormed.intent(), held.getResult().getIntent().getName());
        assertEquals(wellFormed.intentConfidence(), held.getResult().getIntent().getConfidence(), 1e-6);
        assertEquals(wellFormed.text(), held.getResult().getText());
        assertEquals(wellFormed.slots().size(), held.getResult().getSlotsCount());
        for (int i = 0; i < wellFormed.slots().size(); i++) {
            assertEquals(wellFormed.slots().get(i).value(), held.getResult().getSlots(i).getValue());
            assertTrue(ServedFixture.HOME.slotTypes().contains(held.getResult().getSlots(i).getType()));
        }

        assertEquals(Status.Code.FAILED_PRECONDITION, code(() -> {
            try {
                client.understand(ServedFixture.ALARM, "newvoice");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }));
        StatusRuntimeException tooMany = assertThrows(StatusRuntimeException.class, () -> client.understand(
                ServedFixture.ALARM, "home", UnderstandingConfig.newBuilder().setIntentCandidates(5).build()));
        assertEquals("config.intent_candidates must be between 1 and 4, got 5", tooMany.getStatus().getDescription());
    }

    @Test
    void aRequestThatSaysNothingDecodesAsThePromptRecommends() throws Exception {
        // version 2 of "home": the same prompt with a decoding recorded (as eval --save-decoding does)
        Path copy = dir.resolve("home-v2");
        Files.createDirectories(copy);
        Path v1 = models.promptsDir().resolve("home/v1");
        for (String file : List.of(PromptDirectory.CONFIG, PromptDirectory.WEIGHTS)) {
            Files.copy(v1.resolve(file), copy.resolve(file));
        }
        Path config = copy.resolve(PromptDirectory.CONFIG);
        Files.writeString(config, Files.readString(config).replace("\"version\": 1", "\"version\": 2"));
        double lengthNorm = models.defaultDecoding().lengthNormalization();
        PromptDirectory.saveDecoding(copy, new PromptDecoding(3, 0.3, lengthNorm, 0, true, 2));
        models.registry().add(copy, false);
        try {
            UnderstandResponse r = client.understand(ServedFixture.ALARM, "home@2");
            Understanding expected = directUnderstanding(SlotDecoding.builder().optSearch(DecodingOptions.builder()
                    .optBeamSize(3).optCtcWeight(0.3).optLengthNormalization(lengthNorm).build()).optWellFormed(true)
                    .optIntentCandidates(2).build(), "home@2");
            assertEquals(expected.text(), r.getResult().getText());
            assertEquals(expected.intentConfidence(), r.getResult().getIntent().getConfidence(), 1e-6);
            // the first version, which records nothing, ranks the intents otherwise (one candidate)
            assertNotEquals(client.understand(ServedFixture.ALARM, "home@1").getResult().getIntent().getConfidence(),
                    r.getResult().getIntent().getConfidence(), 1e-6);
            // and a request's own settings still come first: greedy here, as the first version decodes it
            UnderstandResponse greedy = client.understand(ServedFixture.ALARM, "home@2", UnderstandingConfig
                    .newBuilder().setBeamSize(1).setCtcWeight(0).setWellFormed(false).setIntentCandidates(1).build());
            Understanding greedyDirect = directUnderstanding(SlotDecoding.builder().optSearch(DecodingOptions.builder()
                    .optBeamSize(1).optLengthNormalization(lengthNorm).build()).build(), "home@2");
            assertEquals(greedyDirect.text(), greedy.getResult().getText());
            assertEquals(greedyDirect.intentConfidence(), greedy.getResult().getIntent().getConfidence(), 1e-6);
        } finally {
            models.registry().unload("home", 2);
        }
    }

    @Test
    void aPromptThatNamesTheIntentLastIsServedWithoutCandidates() throws Exception {
        SlotSchema last = ServedFixture.HOME.withIntentPosition(IntentPosition.LAST);
        Path version = dir.resolve("homelast-v1");
        ServedFixture.write(models.model(), version, "homelast", 1, PromptMethod.DEC, "slots", last.toConfig(), 9);
        double lengthNorm = models.defaultDecoding().lengthNormalization();
        // a recorded decoding that tries two candidates: meaningless intent last, so the server tries one
        PromptDirectory.saveDecoding(version, new PromptDecoding(1, 0, lengthNorm, 0, false, 2));
        models.registry().add(version, false);
        try {
            UnderstandResponse r = client.understand(ServedFixture.ALARM, "homelast");
            Understanding expected;
            try (PromptLease lease = models.registry().lease("homelast")) {
                FeatureSequence f = new RecordingPieces().cut(alarm).get(0).features();
                expected = new Understander(models.model(), last, SlotDecoding.builder().optSearch(DecodingOptions
                        .builder().optBeamSize(1).optLengthNormalization(lengthNorm).build()).build())
                        .understand(List.of(f), List.of(lease.prompt())).get(0);
            }
            assertEquals(expected.text(), r.getResult().getText());
            assertEquals(expected.intent(), r.getResult().getIntent().getName());
            assertEquals(expected.intentConfidence(), r.getResult().getIntent().getConfidence(), 1e-6);
            StatusRuntimeException asked = assertThrows(StatusRuntimeException.class, () -> client.understand(
                    ServedFixture.ALARM, "homelast", UnderstandingConfig.newBuilder().setIntentCandidates(2).build()));
            assertEquals(Status.Code.INVALID_ARGUMENT, asked.getStatus().getCode());
            assertEquals("config.intent_candidates is for prompts that name the intent before the words; prompt "
                    + "homelast@1 names it after them and ranks every intent: use 1, not 2",
                    asked.getStatus().getDescription());
        } finally {
            models.registry().unload("homelast", 1);
        }
    }

    @Test
    void streamsACommandAndEndsAfterItsSingleUtterance() throws Exception {
        AudioStream<?, StreamingUnderstandResponse> stream = client.streamUnderstand("home", StreamingUnderstandConfig
                .newBuilder().setFormat(PromptwaveClient.wavFormat()).setInterimIntervalSeconds(0.5).build(),
                r -> { });
        PromptwaveClient.sendWav(stream, ServedFixture.ALARM, 100, false);
        List<StreamingUnderstandResponse> all = stream.finish(120, TimeUnit.SECONDS);
        List<StreamingUnderstandResponse> finals = all.stream().filter(StreamingUnderstandResponse::hasFinal).toList();
        assertEquals(1, finals.size());
        assertTrue(all.stream().anyMatch(r -> r.hasSpeechEvent()
                && r.getSpeechEvent().getType() == SpeechEvent.Type.END_OF_SINGLE_UTTERANCE));
        assertTrue(List.of("alarm_set", "music_play").contains(finals.get(0).getFinal().getResult().getIntent()
                .getName()));
    }

    @Test
    void healthHasAnEntryPerPrompt() {
        var health = HealthGrpc.newBlockingStub(channel);
        assertEquals(HealthCheckResponse.ServingStatus.SERVING, health.check(HealthCheckRequest.getDefaultInstance())
                .getStatus());
        assertEquals(HealthCheckResponse.ServingStatus.SERVING, health.check(HealthCheckRequest.newBuilder()
                .setService("prompt/newvoice").build()).getStatus());
        assertEquals(Status.Code.NOT_FOUND, code(() -> health.check(HealthCheckRequest.newBuilder()
                .setService("prompt/french").build())));
    }

    @Test
    void reflectionListsTheServices() throws Exception {
        List<String> services = Reflection.services(channel);
        assertTrue(services.containsAll(List.of("promptwave.v1.Recognizer", "promptwave.v1.Understanding",
                "promptwave.v1.Prompts", "grpc.health.v1.Health")), services.toString());
    }

    /** Checks that nothing is left of an upload under the prompts folder. */
    static List<String> staging() throws IOException {
        try (Stream<Path> all = Files.list(models.promptsDir())) {
            return all.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
        }
    }

    @Test
    void uploadsActivatesRollsBackAndDeletesVersions() throws Exception {
        Path v2 = dir.resolve("upload/newvoice-v2");
        ServedFixture.write(models.model(), v2, "newvoice", 2, io.promptwave.core.prompt.PromptMethod.ENC_DEC, "asr",
                java.util.Map.of(), 21);
        var uploaded = client.upload(v2, true);
        assertEquals(2, uploaded.getVersion());
        assertTrue(uploaded.getActive());
        assertEquals("enc+dec", uploaded.getMethod());
        assertEquals(0.5, uploaded.getMetricsOrThrow("dev_cer"));
        assertTrue(Files.isRegularFile(models.promptsDir().resolve("newvoice/v2/adapter_model.safetensors")));
        assertEquals(2, client.recognize(ServedFixture.ALARM, "newvoice", RecognitionConfig.getDefaultInstance())
                .getPrompt().getVersion());
        assertEquals(Status.Code.ALREADY_EXISTS, code(() -> {
            try {
                client.upload(v2, true);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }));
        assertEquals(1, client.activate("newvoice", 1).getActiveVersion());
        assertEquals(1, client.recognize(ServedFixture.ALARM, "newvoice", RecognitionConfig.getDefaultInstance())
                .getPrompt().getVersion());
        var deleted = client.delete("newvoice", 2, true);
        assertEquals(1, deleted.getDeletedCount());
        assertFalse(Files.exists(models.promptsDir().resolve("newvoice/v2")));
        assertEquals(List.of(1), client.listPrompts().getPromptsList().stream()
                .filter(p -> p.getName().equals("newvoice")).flatMap(p -> p.getVersionsList().stream())
                .map(v -> v.getVersion()).toList());
        assertEquals(List.of(), staging());
    }

    @Test
    void anUploadedPromptsOwnLanguageModelIsFusedIntoItsRows() throws Exception {
        Path version = dir.resolve("upload/spelled");
        ServedFixture.write(models.model(), version, "spelled", 1, PromptMethod.ENC_DEC, "asr",
                java.util.Map.of(), 31);
        CharNgramModel own = CharNgramModel.fit(List.of("zebra quilts vex jumpy fawns", "quick zebras jump"), 5, "en");
        PromptDirectory.saveLanguageModel(version, own);
        DecodingOptions served = models.defaultDecoding();
        PromptDirectory.saveDecoding(version, new PromptDecoding(
                4, served.ctcWeight(), served.lengthNormalization(), 1.5, false, 1));
        client.upload(version, true);
        long files = Files.size(version.resolve("adapter_model.safetensors"))
                + Files.size(version.resolve("language_model.ngram"));
        assertEquals(List.of(files), client.listPrompts().getPromptsList().stream()
                .filter(p -> p.getName().equals("spelled")).flatMap(p -> p.getVersionsList().stream())
                .map(v -> v.getBytes()).toList(), "its size counts the language model");
        assertTrue(client.listPrompts().getPromptsList().stream().filter(p -> p.getName().equals("spelled"))
                .allMatch(p -> p.getVersions(0).getConfigJson().contains("\"language_model\": {")),
                "the config the server reports names the language model");
        assertTrue(Files.isRegularFile(models.promptsDir().resolve("spelled/v1/language_model.ngram")));

        RecognizeResponse r = client.recognize(ServedFixture.MUSIC, "spelled", RecognitionConfig.newBuilder()
                .setWordTimestamps(false).build());
        PcmAudio music = ServedFixture.audio(ServedFixture.MUSIC);
        String withOwn;
        String withBase;
        try (PromptLease lease = models.registry().lease("spelled")) {
            withOwn = new AudioTranscriber(models.model(), DecodingOptions.builder().optBeamSize(4)
                    .optCtcWeight(served.ctcWeight()).optLengthNormalization(served.lengthNormalization())
                    .optLanguageModel(own, 1.5).build()).transcribe(music, "en", lease.prompt()).text();
            withBase = new AudioTranscriber(models.model(), DecodingOptions.builder().optBeamSize(4)
                    .optCtcWeight(served.ctcWeight()).optLengthNormalization(served.lengthNormalization())
                    .optLanguageModel(served.languageModel(), 1.5).build()).transcribe(music, "en", lease.prompt()).text();
        }
        assertTrue(!withOwn.equals(withBase), "the two language models must pull apart for the test to tell: " + withOwn);
        assertEquals(withOwn, r.getAlternatives(0).getText());
        client.delete("spelled", 1, true);

        // a language model the config does not name would be stored and never used: refused
        Path stray = dir.resolve("upload/stray");
        ServedFixture.write(models.model(), stray, "stray", 1, PromptMethod.ENC_DEC, "asr", java.util.Map.of(), 32);
        Files.copy(version.resolve("language_model.ngram"), stray.resolve("language_model.ngram"));
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> client.upload(stray, true));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("the upload sent language_model.ngram but its "
                + "adapter_config.json names no language model"), e.getStatus().toString());
        assertEquals(List.of(), staging());
    }

    @Test
    void aPromptForAnotherBaseOrACorruptOneLeavesNoTrace() throws Exception {
        Path foreign = dir.resolve("upload/foreign");
        ServedFixture.write(models.model(), foreign, "foreign", 1, io.promptwave.core.prompt.PromptMethod.ENC_DEC,
                "asr", java.util.Map.of(), 3);
        Path config = foreign.resolve("adapter_config.json");
        Files.writeString(config, Files.readString(config).replace(models.model().fingerprint(), "0".repeat(64)));
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> client.upload(foreign, true));
        assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode());

        Path corrupt = dir.resolve("upload/corrupt");
        ServedFixture.write(models.model(), corrupt, "corrupt", 1, io.promptwave.core.prompt.PromptMethod.ENC_DEC,
                "asr", java.util.Map.of(), 3);
        Path weights = corrupt.resolve("adapter_model.safetensors");
        byte[] bytes = Files.readAllBytes(weights);
        Files.write(weights, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        e = assertThrows(StatusRuntimeException.class, () -> client.upload(corrupt, true));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e.getStatus().toString());

        assertEquals(List.of(), staging());
        assertFalse(Files.exists(models.promptsDir().resolve("foreign")));
        assertFalse(Files.exists(models.promptsDir().resolve("corrupt")));
        assertTrue(client.listPrompts().getPromptsList().stream().noneMatch(p -> p.getName().equals("foreign")
                || p.getName().equals("corrupt")));
    }

    @Test
    void quietAndOverlongStreamsAreEnded() throws Exception {
        String name = InProcessServerBuilder.generateName();
        try (PromptwaveServer strict = new PromptwaveServer(InProcessServerBuilder.forName(name), models,
                ServerConfig.builder().optLimits(io.promptwave.server.service.ServiceLimits.defaults()
                        .withStreamTimeouts(0.4, 1.5)).build()).start()) {
            ManagedChannel c = InProcessChannelBuilder.forName(name).build();
            try {
                PromptwaveClient impatient = new PromptwaveClient(c, null, 120);
                StreamingRecognitionConfig config = StreamingRecognitionConfig.newBuilder().setFormat(
                        io.promptwave.api.v1.StreamAudioFormat.newBuilder().setEncoding(AudioEncoding.LINEAR16)
                                .setSampleRateHertz(16000)).setRequestId("quiet").build();
                AudioStream<?, StreamingRecognizeResponse> quiet = impatient.streamRecognize("", config, r -> { });
                Thread.sleep(1000);   // the config, then nothing: finish() would half-close, so wait first
                var e = assertThrows(java.util.concurrent.ExecutionException.class,
                        () -> quiet.finish(30, TimeUnit.SECONDS));
                assertEquals(Status.Code.DEADLINE_EXCEEDED, Status.fromThrowable(e.getCause()).getCode());

                AudioStream<?, StreamingRecognizeResponse> idle = impatient.streamRecognize("", config.toBuilder()
                        .setRequestId("idle").build(), r -> { });
                idle.send(new byte[3200]);
                Thread.sleep(1000);
                e = assertThrows(java.util.concurrent.ExecutionException.class, () -> idle.finish(30, TimeUnit.SECONDS));
                assertEquals("stream idle: no message for 0.4 s; send audio (silence counts) or end the stream",
                        Status.fromThrowable(e.getCause()).getDescription());

                AudioStream<?, StreamingRecognizeResponse> trickle = impatient.streamRecognize("", config.toBuilder()
                        .setRequestId("trickle").build(), r -> { });
                long start = System.nanoTime();
                IllegalStateException ended = assertThrows(IllegalStateException.class, () -> {
                    while (System.nanoTime() - start < 10_000_000_000L) {
                        trickle.send(new byte[320]);   // 10 ms of silence every 100 ms: never idle
                        Thread.sleep(100);
                    }
                });
                assertTrue(ended.getMessage().contains("stream trickle has been open for more than 1.5 s, the server's "
                        + "limit; open a new stream"), ended.getMessage());
                assertTrue((System.nanoTime() - start) / 1e9 < 5, "ended near the 1.5 s limit");
            } finally {
                c.shutdownNow();
            }
        }
    }

    @Test
    void aFullQueueRefusesWithARetryHint() throws Exception {
        String name = InProcessServerBuilder.generateName();
        try (PromptwaveServer tiny = new PromptwaveServer(InProcessServerBuilder.forName(name), models,
                ServerConfig.builder().optScheduler(SchedulerConfig.builder().optMaxQueuedRows(1).optMaxBatchSize(1)
                        .build()).build()).start()) {
            ManagedChannel c = InProcessChannelBuilder.forName(name).build();
            PromptwaveClient busy = new PromptwaveClient(c, null, 120);
            List<CompletableFuture<RecognizeResponse>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return busy.recognize(ServedFixture.MUSIC, "", RecognitionConfig.getDefaultInstance());
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            int refused = 0;
            int served = 0;
            for (CompletableFuture<RecognizeResponse> call : calls) {
                try {
                    call.join();
                    served++;
                } catch (java.util.concurrent.CompletionException e) {
                    StatusRuntimeException s = (StatusRuntimeException) e.getCause();
                    assertEquals(Status.Code.RESOURCE_EXHAUSTED, s.getStatus().getCode());
                    com.google.rpc.Status details = StatusProto.fromThrowable(s);
                    assertTrue(details.getDetails(0).unpack(RetryInfo.class).getRetryDelay().getNanos() > 0
                            || details.getDetails(0).unpack(RetryInfo.class).getRetryDelay().getSeconds() > 0);
                    refused++;
                }
            }
            assertTrue(served >= 1 && refused >= 1, served + " served, " + refused + " refused");
            c.shutdownNow();
        }
    }

    @Test
    void aStreamRefusedByAFullQueueLetsGoOfItsPrompt() throws Exception {
        String name = InProcessServerBuilder.generateName();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        BatchKind<Integer> held = (features, prompts) -> {
            running.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return features.stream().map(f -> 0).toList();
        };
        List<FeatureSequence> oneRow = List.of(FeatureSequence.of(new float[80], 1, 80, 100, "held"));
        try (PromptwaveServer tiny = new PromptwaveServer(InProcessServerBuilder.forName(name), models,
                ServerConfig.builder().optScheduler(SchedulerConfig.builder().optMaxQueuedRows(1).optMaxBatchSize(1)
                        .build()).build()).start()) {
            ManagedChannel c = InProcessChannelBuilder.forName(name).build();
            try {
                // one row keeps the worker busy, a second fills the queue: the stream's first interim is refused
                tiny.scheduler().submit(held, oneRow, null, "", Lane.UNARY, () -> false);
                assertTrue(running.await(30, TimeUnit.SECONDS));
                tiny.scheduler().submit(held, oneRow, null, "", Lane.UNARY, () -> false);
                AudioStream<?, StreamingRecognizeResponse> stream = new PromptwaveClient(c, null, 120)
                        .streamRecognize("newvoice", StreamingRecognitionConfig.newBuilder()
                                .setFormat(PromptwaveClient.wavFormat()).setInterimIntervalSeconds(0.3).build(), r -> { });
                try {
                    PromptwaveClient.sendWav(stream, ServedFixture.ALARM, 100, false);
                } catch (IllegalStateException ended) { // the server may end the stream while audio is still sent
                    assertTrue(ended.getMessage().contains("RESOURCE_EXHAUSTED"), ended.getMessage());
                }
                var e = assertThrows(java.util.concurrent.ExecutionException.class,
                        () -> stream.finish(60, TimeUnit.SECONDS));
                assertEquals(Status.Code.RESOURCE_EXHAUSTED, ((StatusRuntimeException) e.getCause()).getStatus().getCode());
                assertEquals(0, leasesOf("newvoice"), "the refused stream still holds its prompt");
            } finally {
                release.countDown();
                c.shutdownNow();
            }
        }
    }

    private static int leasesOf(String prompt) {
        return models.registry().list().stream().filter(st -> st.info().name().equals(prompt))
                .mapToInt(PromptRegistry.Status::leases).sum();
    }

    @Test
    void listingSaysHowManyRequestsHoldEachVersion() throws Exception {
        try (PromptLease held = models.registry().lease("deepvoice")) {
            assertEquals(1, client.listPrompts().getPromptsList().stream().filter(p -> p.getName().equals("deepvoice"))
                    .flatMap(p -> p.getVersionsList().stream()).mapToInt(v -> v.getLeases()).sum());
        }
        assertEquals(0, client.listPrompts().getPromptsList().stream().filter(p -> p.getName().equals("deepvoice"))
                .flatMap(p -> p.getVersionsList().stream()).mapToInt(v -> v.getLeases()).sum());
    }
}
