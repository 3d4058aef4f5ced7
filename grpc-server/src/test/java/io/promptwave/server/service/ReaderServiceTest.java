package io.promptwave.server.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.promptwave.api.v1.ReadImageRequest;
import io.promptwave.api.v1.ReadImageResponse;
import io.promptwave.api.v1.ReaderGrpc;
import io.promptwave.api.v1.TextLine;
import io.promptwave.client.PromptwaveClient;
import io.promptwave.core.artifact.PromptDirectory;
import io.promptwave.core.artifact.PromptInfo;
import io.promptwave.core.decode.DecodingOptions;
import io.promptwave.core.decode.Transcriber;
import io.promptwave.core.decode.Transcript;
import io.promptwave.core.model.BackboneConfig;
import io.promptwave.core.model.SpeechModel;
import io.promptwave.core.prompt.PromptConfig;
import io.promptwave.core.prompt.PromptFactory;
import io.promptwave.core.prompt.PromptMethod;
import io.promptwave.core.prompt.SoftPrompt;
import io.promptwave.core.text.Vocabulary;
import io.promptwave.features.FeatureSequence;
import io.promptwave.server.PromptwaveServer;
import io.promptwave.server.ServedModels;
import io.promptwave.server.ServerConfig;
import io.promptwave.server.scheduler.BatchListener;
import io.promptwave.server.scheduler.BatchScheduler;
import io.promptwave.server.scheduler.Lane;
import io.promptwave.server.scheduler.SchedulerConfig;
import io.promptwave.vision.Image;
import io.promptwave.vision.decode.ColorMode;
import io.promptwave.vision.decode.ImageDecodeOptions;
import io.promptwave.vision.decode.ImageDecoder;
import io.promptwave.vision.preprocess.LineFeatureExtractor;
import io.promptwave.vision.preprocess.TextLineFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Map;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Reader service in process on a tiny base with an image front-end (random weights: what is
 * checked is that the server reads exactly what prompt-core reads directly), and on a speech-only
 * base, which must refuse.
 */
class ReaderServiceTest {
    private static final Path SCREENSHOT = Path.of("../samples/images/line-screenshot.png");
    private static final LineFeatureExtractor LINES = new LineFeatureExtractor(32, 4, 0);
    private static final BackboneConfig TINY = BackboneConfig.builder().optDModel(32).optHeads(4).optEncoderLayers(1)
            .optDecoderLayers(1).optFeedForward(64).optFrontEndWidth(32).optDropout(0f).build();
    private static final DecodingOptions GREEDY_CTC = DecodingOptions.builder().optBeamSize(1).optCtcWeight(1).build();

    @TempDir
    static Path dir;
    private static ServedModels reading;
    private static ServedModels speechOnly;
    private static PromptwaveServer readingServer;
    private static PromptwaveServer speechServer;
    private static ManagedChannel readingChannel;
    private static ManagedChannel speechChannel;

    @BeforeAll
    static void serve() throws Exception {
        try (SpeechModel speech = SpeechModel.create(TINY, new Vocabulary(List.of("en"), 0), 11)) {
            reading = new ServedModels(speech.withImageFrontEnd(LINES.dims(), 32, 5), GREEDY_CTC, dir.resolve("p1"),
                    LINES);
        }
        speechOnly = new ServedModels(SpeechModel.create(TINY, new Vocabulary(List.of("en"), 0), 11), GREEDY_CTC,
                dir.resolve("p2"));
        String a = InProcessServerBuilder.generateName();
        readingServer = new PromptwaveServer(InProcessServerBuilder.forName(a), reading, ServerConfig.builder()
                .optScheduler(SchedulerConfig.builder().optMaxWaitMillis(50).optMaxBatchSize(8).build()).build()).start();
        readingChannel = InProcessChannelBuilder.forName(a).build();
        String b = InProcessServerBuilder.generateName();
        speechServer = new PromptwaveServer(InProcessServerBuilder.forName(b), speechOnly, ServerConfig.builder().build())
                .start();
        speechChannel = InProcessChannelBuilder.forName(b).build();
    }

    @AfterAll
    static void stop() {
        readingChannel.shutdownNow();
        speechChannel.shutdownNow();
        readingServer.close();
        speechServer.close();
        reading.close();
        speechOnly.close();
    }

    @Test
    void readsWhatPromptCoreReadsDirectly() throws Exception {
        ReadImageResponse response = new PromptwaveClient(readingChannel, null, 60).readImage(SCREENSHOT, "");
        Image image = new ImageDecoder(ImageDecodeOptions.builder().colorMode(ColorMode.GRAY).build()).decode(SCREENSHOT);
        List<TextLineFinder.Line> boxes = new TextLineFinder(6).find(image);
        List<FeatureSequence> features = new ArrayList<>();
        for (TextLineFinder.Line box : boxes) {
            features.add(LINES.extract(box.crop(image)));
        }
        List<Transcript> direct = new Transcriber(reading.model(), GREEDY_CTC).read(features, "en",
                Collections.nCopies(features.size(), null));
        assertEquals("line-screenshot.png", response.getRequestId());
        assertEquals(image.width(), response.getWidth());
        assertEquals(image.height(), response.getHeight());
        assertEquals(boxes.size(), response.getLinesCount());
        TextLine line = response.getLines(0);
        assertEquals(direct.get(0).text(), line.getText());
        assertEquals(direct.get(0).confidence(), line.getConfidence(), 1e-5);
        assertEquals(List.of(boxes.get(0).left(), boxes.get(0).top(), boxes.get(0).right(), boxes.get(0).bottom()),
                List.of(line.getLeft(), line.getTop(), line.getRight(), line.getBottom()));
        assertEquals(direct.get(0).text(), response.getText());
    }

    @Test
    void anOcrPromptSteersTheReadingAsInPromptCoreAndASpeechPromptIsRefused() throws Exception {
        Path promptDir = dir.resolve("prompts-made/ocr-steer");
        Path speechPromptDir = dir.resolve("prompts-made/asr-steer");
        PromptFactory factory = new PromptFactory(reading.model());
        PromptConfig config = PromptConfig.builder(PromptMethod.ENC_DEC).optLength(4).optSeed(9).build();
        try (SoftPrompt made = factory.create(config, List.of())) {
            for (String task : List.of("ocr", "asr")) {
                PromptDirectory.save(task.equals("ocr") ? promptDir : speechPromptDir, made, new PromptInfo(
                        task + "-steer", 1, config, task, "en", Map.of(), reading.model().fingerprint(),
                        made.trainableCount(), made.storedCount(), Map.of(), Map.of()));
            }
        }
        reading.registry().add(promptDir, true);
        reading.registry().add(speechPromptDir, true);

        ReadImageResponse response = new PromptwaveClient(readingChannel, null, 60).readImage(SCREENSHOT, "ocr-steer");
        Image image = new ImageDecoder(ImageDecodeOptions.builder().colorMode(ColorMode.GRAY).build()).decode(SCREENSHOT);
        FeatureSequence first = LINES.extract(new TextLineFinder(6).find(image).get(0).crop(image));
        try (SoftPrompt steering = PromptDirectory.load(promptDir, factory, reading.model().fingerprint()).prompt()) {
            Transcriber direct = new Transcriber(reading.model(), GREEDY_CTC);
            String steered = direct.read(List.of(first), "en", List.of(steering)).get(0).text();
            String bare = direct.read(List.of(first), "en", Collections.singletonList(null)).get(0).text();
            assertTrue(!steered.equals(bare), "the fixture's prompt must change the reading: " + bare);
            assertEquals(steered, response.getLines(0).getText());
        }
        assertEquals("ocr-steer", response.getPrompt().getName());
        assertEquals(1, response.getPrompt().getVersion());

        var stub = ReaderGrpc.newBlockingStub(readingChannel);
        ByteString png = ByteString.copyFrom(Files.readAllBytes(SCREENSHOT));
        String refused = refusal(() -> stub.readImage(ReadImageRequest.newBuilder().setPrompt("asr-steer")
                .setImage(png).build()));
        assertTrue(refused.startsWith("FAILED_PRECONDITION: ") && refused.contains("was trained for the asr task"),
                refused);
    }

    @Test
    void concurrentRequestsGetTheSameReading() throws Exception {
        PromptwaveClient client = new PromptwaveClient(readingChannel, null, 60);
        String alone = client.readImage(SCREENSHOT, "").getText();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> texts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                texts.add(pool.submit(() -> client.readImage(SCREENSHOT, "").getText()));
            }
            for (Future<String> text : texts) {
                assertEquals(alone, text.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aTextLineAndAnUtteranceShareOneBatch() throws Exception {
        Image image = new ImageDecoder(ImageDecodeOptions.builder().colorMode(ColorMode.GRAY).build()).decode(SCREENSHOT);
        FeatureSequence line = LINES.extract(new TextLineFinder(6).find(image).get(0).crop(image));
        java.util.Random random = new java.util.Random(3);
        // as many encoder frames as the line: the scheduler keeps a batch's encoder lengths alike
        int frames = line.frames() * TINY.frontEndStride();
        float[] fbank = new float[frames * 80];
        for (int i = 0; i < fbank.length; i++) {
            fbank[i] = (float) random.nextGaussian();
        }
        FeatureSequence utterance = FeatureSequence.of(fbank, frames, 80, 100, "utterance");
        List<Integer> batches = Collections.synchronizedList(new ArrayList<>());
        List<Double> seconds = Collections.synchronizedList(new ArrayList<>());
        BatchListener listener = new BatchListener() {
            @Override
            public void batchRan(int rows, long computeNanos, double audioSeconds) {
                batches.add(rows);
                seconds.add(audioSeconds);
            }

            @Override
            public void rowStarted(String tenant, long queueNanos) {
            }
        };
        // what Recognizer and Reader submit for a request with the server's default decoding
        RecognitionKind kind = new RecognitionKind(reading.model(), "en", DecodingOptions.GREEDY, 1);
        try (BatchScheduler scheduler = new BatchScheduler(SchedulerConfig.builder().optMaxWaitMillis(2000)
                .optMaxBatchSize(2).build(), listener)) {
            var heard = scheduler.submit(kind, List.of(utterance), null, "", Lane.UNARY, () -> false).get(0);
            var read = scheduler.submit(kind, List.of(line), null, "", Lane.UNARY, () -> false).get(0);
            Transcriber direct = new Transcriber(reading.model(), DecodingOptions.GREEDY);
            assertEquals(direct.transcribe(List.of(utterance), "en").get(0).text(), heard.get().get(0).text());
            assertEquals(direct.read(List.of(line), "en", Collections.singletonList(null)).get(0).text(),
                    read.get().get(0).text());
        }
        assertEquals(List.of(2), batches);
        // the metrics count the utterance's audio, not the line's pixel columns
        assertEquals(List.of(utterance.frames() / 100.0), seconds);
    }

    @Test
    void badRequestsAreRefusedWithTheReason() throws Exception {
        var stub = ReaderGrpc.newBlockingStub(readingChannel);
        assertEquals("INVALID_ARGUMENT: image is empty: send the bytes of a PNG, JPEG, WebP, BMP or TIFF file",
                refusal(() -> stub.readImage(ReadImageRequest.newBuilder().setRequestId("r1").build())));
        byte[] png = Files.readAllBytes(SCREENSHOT);
        ReadImageRequest cut = ReadImageRequest.newBuilder().setRequestId("r2")
                .setImage(ByteString.copyFrom(png, 0, png.length / 2)).build();
        assertEquals("INVALID_ARGUMENT: image request r2: truncated PNG: the file ends inside chunk IDAT",
                refusal(() -> stub.readImage(cut)).replaceAll(" \\(it needs.*", ""));
        assertEquals("NOT_FOUND", refusal(() -> stub.readImage(ReadImageRequest.newBuilder().setPrompt("nope")
                .setImage(ByteString.copyFrom(png)).build())).replaceAll(":.*", ""));
        var speech = ReaderGrpc.newBlockingStub(speechChannel);
        assertEquals("FAILED_PRECONDITION: the served base reads no images (it has no image front-end)",
                refusal(() -> speech.readImage(ReadImageRequest.newBuilder().setImage(ByteString.copyFrom(png)).build())));
    }

    @Test
    void healthSaysWhetherTheBaseReads() {
        HealthCheckRequest reader = HealthCheckRequest.newBuilder().setService(ReaderGrpc.SERVICE_NAME).build();
        assertEquals(HealthCheckResponse.ServingStatus.SERVING, HealthGrpc.newBlockingStub(readingChannel).check(reader)
                .getStatus());
        assertEquals(HealthCheckResponse.ServingStatus.NOT_SERVING, HealthGrpc.newBlockingStub(speechChannel)
                .check(reader).getStatus());
    }

    private static String refusal(Runnable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
        Status s = e.getStatus();
        return s.getCode() + ": " + s.getDescription();
    }
}
