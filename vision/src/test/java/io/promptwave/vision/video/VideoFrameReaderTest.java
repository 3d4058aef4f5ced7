package io.promptwave.vision.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptwave.vision.Image;
import io.promptwave.vision.ImageFormatException;
import io.promptwave.vision.decode.ColorMode;
import io.promptwave.vision.decode.ImageDecodeOptions;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideoFrameReaderTest {
    private static final ImageDecodeOptions RGB = ImageDecodeOptions.defaults();

    @TempDir
    static Path dir;
    private static Path threeScenes;

    /** Three one-second scenes at 10 frames per second: red, then green, then blue. */
    @BeforeAll
    static void recordVideo() throws Exception {
        threeScenes = dir.resolve("three-scenes-red-green-blue.mp4");
        record(threeScenes, "mp4", avcodec.AV_CODEC_ID_MPEG4);
    }

    private static void record(Path file, String format, int codec) throws Exception {
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), 64, 48)) {
            recorder.setFormat(format);
            recorder.setVideoCodec(codec);
            recorder.setFrameRate(10);
            recorder.setVideoBitrate(400_000);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.start();
            int[][] colours = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}};
            for (int[] colour : colours) {
                for (int i = 0; i < 10; i++) {
                    Frame frame = new Frame(64, 48, Frame.DEPTH_UBYTE, 3);
                    ByteBuffer pixels = (ByteBuffer) frame.image[0];
                    for (int p = 0; p < 64 * 48; p++) {
                        pixels.put(p * 3, (byte) colour[0]).put(p * 3 + 1, (byte) colour[1])
                                .put(p * 3 + 2, (byte) colour[2]);
                    }
                    recorder.record(frame, avutil.AV_PIX_FMT_RGB24);
                }
            }
            recorder.stop();
        }
    }

    @Test
    void aPortraitClipFromAPhoneIsTurnedUpright() throws Exception {
        // stored landscape, left half red and right half blue, with the display rotation phones write
        Path portrait = dir.resolve("portrait-red-left-blue-right-rotation-minus-90.mp4");
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(portrait.toFile(), 64, 48)) {
            recorder.setFormat("mp4");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            recorder.setFrameRate(10);
            recorder.setVideoBitrate(400_000);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setDisplayRotation(-90);
            recorder.start();
            for (int i = 0; i < 5; i++) {
                Frame frame = new Frame(64, 48, Frame.DEPTH_UBYTE, 3);
                ByteBuffer pixels = (ByteBuffer) frame.image[0];
                for (int p = 0; p < 64 * 48; p++) {
                    boolean left = p % 64 < 32;
                    pixels.put(p * 3, (byte) (left ? 255 : 0)).put(p * 3 + 1, (byte) 0)
                            .put(p * 3 + 2, (byte) (left ? 0 : 255));
                }
                recorder.record(frame, avutil.AV_PIX_FMT_RGB24);
            }
            recorder.stop();
        }
        Image upright = VideoFrameReader.readAll(portrait, FrameSampling.perSecond(1), RGB, 10).get(0).image();
        assertEquals(48, upright.width());
        assertEquals(64, upright.height());
        assertTrue(upright.get(24, 10, 0) > 200 && upright.get(24, 10, 2) < 60, "red on top");
        assertTrue(upright.get(24, 54, 2) > 200 && upright.get(24, 54, 0) < 60, "blue below");
        Image stored = VideoFrameReader.readAll(portrait, FrameSampling.perSecond(1),
                ImageDecodeOptions.builder().applyOrientation(false).build(), 10).get(0).image();
        assertEquals(64, stored.width());
        assertTrue(stored.get(10, 24, 0) > 200, "red on the stored left");
        assertEquals(1, VideoFrameReader.quarterTurns(-90));
        assertEquals(3, VideoFrameReader.quarterTurns(90));
        assertEquals(2, VideoFrameReader.quarterTurns(180));
        assertEquals(0, VideoFrameReader.quarterTurns(Double.NaN));
    }

    @Test
    void keepsOneFrameEveryIntervalWithItsTime() throws Exception {
        List<VideoFrame> frames = VideoFrameReader.readAll(threeScenes, FrameSampling.perSecond(2), RGB, 100);
        assertEquals(6, frames.size());
        double[] times = frames.stream().mapToDouble(VideoFrame::timeSeconds).toArray();
        assertArrayNear(new double[] {0, 0.5, 1.0, 1.5, 2.0, 2.5}, times);
        assertEquals("red", colourName(frames.get(1).image()));
        assertEquals("green", colourName(frames.get(2).image()));
        assertEquals("blue", colourName(frames.get(5).image()));
        Image first = frames.get(0).image();
        assertEquals(64, first.width());
        assertEquals(48, first.height());
        assertEquals(threeScenes + "@0.000s", first.source());
    }

    @Test
    void keepsTheFirstFrameOfEachScene() throws Exception {
        List<VideoFrame> frames = VideoFrameReader.readAll(threeScenes, FrameSampling.sceneChanges(0.1), RGB, 100);
        assertEquals(3, frames.size());
        assertArrayNear(new double[] {0, 1, 2}, frames.stream().mapToDouble(VideoFrame::timeSeconds).toArray());
        assertEquals(List.of("red", "green", "blue"), frames.stream().map(f -> colourName(f.image())).toList());
    }

    @Test
    void webmVideoIsReadLikeMp4() throws Exception {
        Path webm = dir.resolve("three-scenes-red-green-blue.webm");
        record(webm, "webm", avcodec.AV_CODEC_ID_VP8);
        List<VideoFrame> frames = VideoFrameReader.readAll(webm, FrameSampling.sceneChanges(0.1), RGB, 100);
        assertArrayNear(new double[] {0, 1, 2}, frames.stream().mapToDouble(VideoFrame::timeSeconds).toArray());
        assertEquals(List.of("red", "green", "blue"), frames.stream().map(f -> colourName(f.image())).toList());
        assertEquals(webm + "@1.000s", frames.get(1).image().source());
    }

    @Test
    void grayFramesHaveOneChannel() throws Exception {
        ImageDecodeOptions gray = ImageDecodeOptions.builder().colorMode(ColorMode.GRAY).build();
        try (VideoFrameReader reader = VideoFrameReader.open(threeScenes, FrameSampling.perSecond(1), gray)) {
            assertEquals(10, reader.frameRate(), 1e-6);
            assertEquals(3, reader.durationSeconds(), 0.15);
            Image red = reader.next().image();
            assertEquals(1, red.channels());
            assertEquals(76, red.get(30, 20, 0), 8); // BT.601 luma of red
        }
    }

    @Test
    void refusesMoreFramesThanAllowedInsteadOfCuttingShort() {
        ImageFormatException e = assertThrows(ImageFormatException.class,
                () -> VideoFrameReader.readAll(threeScenes, FrameSampling.perSecond(10), RGB, 12));
        assertEquals(threeScenes + ": more than 12 frames at one frame every 0.1 s; sample less often",
                e.getMessage());
    }

    @Test
    void badVideosAreNamedErrors() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.mp4"), "this is not a video at all, just some words");
        ImageFormatException notVideo = assertThrows(ImageFormatException.class,
                () -> VideoFrameReader.open(text, FrameSampling.perSecond(1), RGB));
        assertTrue(notVideo.getMessage().startsWith(text + ": not a video FFmpeg can decode ("), notVideo.getMessage());
        // FFmpeg's image demuxer opens text named .png, then decodes nothing from it
        Path notes = Files.writeString(dir.resolve("notes.png"), "not an image either");
        ImageFormatException nothing = assertThrows(ImageFormatException.class,
                () -> VideoFrameReader.readAll(notes, FrameSampling.perSecond(1), RGB, 10));
        assertTrue(nothing.getMessage().startsWith(notes + ": no video frame could be decoded (format "),
                nothing.getMessage());
        Path binary = Files.write(dir.resolve("noise.webm"), new byte[] {0x1a, 0x45, (byte) 0xdf, (byte) 0xa3, 1, 2, 3});
        ImageFormatException notWebm = assertThrows(ImageFormatException.class,
                () -> VideoFrameReader.open(binary, FrameSampling.perSecond(1), RGB));
        assertTrue(notWebm.getMessage().startsWith(binary + ": not a video FFmpeg can decode ("), notWebm.getMessage());

        byte[] whole = Files.readAllBytes(threeScenes);
        Path cut = Files.write(dir.resolve("cut.mp4"), Arrays.copyOf(whole, whole.length / 2));
        ImageFormatException truncated = assertThrows(ImageFormatException.class,
                () -> VideoFrameReader.readAll(cut, FrameSampling.perSecond(1), RGB, 100));
        assertTrue(truncated.getMessage().startsWith(cut + ": "), truncated.getMessage());

        Path wav = Files.write(dir.resolve("tone.wav"), silentWav(8000));
        ImageFormatException audioOnly = assertThrows(ImageFormatException.class,
                () -> VideoFrameReader.open(wav, FrameSampling.perSecond(1), RGB));
        assertEquals(wav + ": no video stream (format: wav)", audioOnly.getMessage());

        ImageDecodeOptions tiny = ImageDecodeOptions.builder().maxPixels(1000).build();
        ImageFormatException tooLarge = assertThrows(ImageFormatException.class,
                () -> VideoFrameReader.open(threeScenes, FrameSampling.perSecond(1), tiny));
        assertEquals(threeScenes + ": video frames of 64 x 48 pixels are larger than the limit of 1000",
                tooLarge.getMessage());
    }

    @Test
    void openingAndFailingManyTimesReleasesNativeMemory() throws Exception {
        byte[] whole = Files.readAllBytes(threeScenes);
        Path cut = Files.write(dir.resolve("loop-cut.mp4"), Arrays.copyOf(whole, whole.length / 3));
        for (int i = 0; i < 20; i++) {
            VideoFrameReader.readAll(threeScenes, FrameSampling.perSecond(2), RGB, 100);
        }
        System.gc();
        long before = org.bytedeco.javacpp.Pointer.physicalBytes();
        for (int i = 0; i < 150; i++) {
            assertEquals(6, VideoFrameReader.readAll(threeScenes, FrameSampling.perSecond(2), RGB, 100).size());
            assertThrows(ImageFormatException.class,
                    () -> VideoFrameReader.readAll(cut, FrameSampling.perSecond(2), RGB, 100));
        }
        System.gc();
        long grown = org.bytedeco.javacpp.Pointer.physicalBytes() - before;
        // each open allocates FFmpeg's demuxer, decoder and frame buffers (a few MB): a leak of them
        // would show as hundreds of MB over 300 opens
        assertTrue(grown < 100L << 20, "resident memory grew by " + (grown >> 20) + " MB over 300 opens");
    }

    @Test
    void samplingRefusesNonsense() {
        assertEquals("frames per second must be positive, got 0.0",
                assertThrows(IllegalArgumentException.class, () -> FrameSampling.perSecond(0)).getMessage());
        assertEquals("scene threshold must be between 0 and 1, got 1.5",
                assertThrows(IllegalArgumentException.class, () -> FrameSampling.sceneChanges(1.5)).getMessage());
    }

    private static String colourName(Image image) {
        int r = image.get(32, 24, 0);
        int g = image.get(32, 24, 1);
        int b = image.get(32, 24, 2);
        if (r > 200 && g < 60 && b < 60) {
            return "red";
        }
        if (g > 200 && r < 60 && b < 60) {
            return "green";
        }
        if (b > 200 && r < 60 && g < 60) {
            return "blue";
        }
        return "rgb(" + r + ", " + g + ", " + b + ")";
    }

    private static void assertArrayNear(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length, Arrays.toString(actual));
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 0.02, Arrays.toString(actual));
        }
    }

    private static byte[] silentWav(int samples) {
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes()).putInt(36 + 2 * samples).put("WAVEfmt ".getBytes()).putInt(16)
                .putShort((short) 1).putShort((short) 1).putInt(8000).putInt(16000).putShort((short) 2)
                .putShort((short) 16).put("data".getBytes()).putInt(2 * samples);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.array());
        out.writeBytes(new byte[2 * samples]);
        return out.toByteArray();
    }
}
