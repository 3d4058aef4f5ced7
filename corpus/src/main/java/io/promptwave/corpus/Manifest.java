package io.promptwave.corpus;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes JSONL manifests, one {@link ManifestEntry} per line. */
public final class Manifest {
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private Manifest() {
    }

    /** Writes the entries in order, atomically. */
    public static void write(List<ManifestEntry> entries, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            for (ManifestEntry entry : entries) {
                out.write(GSON.toJson(Line.of(entry)));
                out.write('\n');
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * @return every entry of {@code file}
     * @throws CorpusException naming the file and line when a line is not a valid entry
     */
    public static List<ManifestEntry> read(Path file) throws CorpusException, IOException {
        List<ManifestEntry> entries = new ArrayList<>();
        int number = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            Line parsed;
            try {
                parsed = GSON.fromJson(line, Line.class);
            } catch (JsonParseException e) {
                throw new CorpusException(file + ":" + number + ": not a JSON object (" + e.getMessage() + ")", e);
            }
            if (parsed == null || parsed.id == null || parsed.audio == null || parsed.text == null) {
                throw new CorpusException(file + ":" + number + ": needs at least id, audio and text");
            }
            entries.add(parsed.toEntry());
        }
        return entries;
    }

    /** The JSON layout of a line; field order is the order written. */
    private static final class Line {
        String id;
        String audio;
        double duration;
        String text;
        String original;
        String speaker;
        String lang;
        String intent;
        List<SlotSpan> slots;

        static Line of(ManifestEntry e) {
            Line line = new Line();
            line.id = e.id();
            line.audio = e.audio();
            line.duration = e.duration();
            line.text = e.text();
            line.original = e.original();
            line.speaker = e.speaker();
            line.lang = e.lang();
            line.intent = e.intent();
            line.slots = e.slots().isEmpty() ? null : e.slots();
            return line;
        }

        ManifestEntry toEntry() {
            return new ManifestEntry(id, audio, duration, text, original, speaker, lang, intent, slots);
        }
    }
}
