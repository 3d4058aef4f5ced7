package io.promptwave.core.train;

import io.promptwave.audio.AudioFormatException;
import io.promptwave.features.FeatureSequence;
import io.promptwave.audio.decode.AudioDecoder;
import io.promptwave.audio.feature.CmvnStats;
import io.promptwave.audio.feature.FbankExtractor;
import io.promptwave.audio.feature.FeaturePipeline;
import io.promptwave.audio.npy.NpyFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The model's input features of audio files (80-dim fbank, mean and variance normalised per
 * utterance), kept as {@code .npy} files in a cache folder so the second epoch, run or resume
 * reads them instead of decoding again. An entry is keyed by the audio's path, size and
 * modification time, so a regenerated file is featurised afresh. Thread-safe.
 */
public final class FeatureCache {
    private final Path folder;
    private final FeaturePipeline pipeline = new FeaturePipeline(new AudioDecoder(), FbankExtractor::new);

    /** @param folder where cached features go, or null to compute every time */
    public FeatureCache(Path folder) {
        this.folder = folder;
    }

    /** @return the normalised features the model reads for {@code audio} */
    public static FeatureSequence normalize(FeatureSequence fbank) {
        return CmvnStats.of(fbank).normalize(fbank, true);
    }

    /**
     * @param audio an audio file
     * @return its normalised features
     * @throws AudioFormatException when the file cannot be decoded
     * @throws IOException when it cannot be read
     */
    public FeatureSequence features(Path audio) throws AudioFormatException, IOException {
        if (folder == null) {
            return normalize(pipeline.extract(audio));
        }
        Path abs = audio.toAbsolutePath().normalize();
        String key = Integer.toHexString(abs.toString().hashCode()) + "-" + Long.toHexString(Files.size(abs)) + "-"
                + Long.toHexString(Files.getLastModifiedTime(abs).toMillis());
        String name = abs.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
        Path cached = folder.resolve(name + "-" + key + ".npy");
        if (Files.isRegularFile(cached)) {
            FeatureSequence f = NpyFile.read(cached, 100.0);
            return FeatureSequence.wrap(f.toRowMajor(), f.frames(), f.dims(), f.frameRate(), abs.toString());
        }
        FeatureSequence f = normalize(pipeline.extract(abs));
        Files.createDirectories(folder);
        Path tmp = Files.createTempFile(folder, name, ".tmp");
        NpyFile.write(f, tmp);
        Files.move(tmp, cached, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return f;
    }
}
