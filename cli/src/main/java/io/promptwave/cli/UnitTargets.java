package io.promptwave.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.promptwave.core.text.Vocabulary;
import io.promptwave.core.train.TrainingExample;
import io.promptwave.corpus.CorpusException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The pseudo-subword targets {@code units encode} wrote, as {@code <units>} token sequences by utterance id. */
final class UnitTargets {
    private final Map<String, int[]> byId;

    private UnitTargets(Map<String, int[]> byId) {
        this.byId = byId;
    }

    /**
     * @param file one {@code {"id", "units": [...]}} line per utterance
     * @param vocabulary the model's vocabulary (its unit count bounds the ids)
     * @return the targets as vocabulary tokens
     * @throws CorpusException naming the file and line of a malformed entry or an out-of-range unit
     * @throws IOException when reading fails
     */
    static UnitTargets read(Path file, Vocabulary vocabulary) throws CorpusException, IOException {
        Map<String, int[]> byId = new HashMap<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String where = file + ":" + number + ": ";
                try {
                    JsonObject o = JsonParser.parseString(line).getAsJsonObject();
                    JsonElement id = o.get("id");
                    JsonElement units = o.get("units");
                    if (id == null || units == null || !units.isJsonArray()) {
                        throw new CorpusException(where + "needs \"id\" and a \"units\" array");
                    }
                    JsonArray array = units.getAsJsonArray();
                    int[] tokens = new int[array.size()];
                    for (int i = 0; i < tokens.length; i++) {
                        int unit = array.get(i).getAsInt();
                        if (unit < 0 || unit >= vocabulary.unitCount()) {
                            throw new CorpusException(where + "unit " + unit + " outside the model's 0.."
                                    + (vocabulary.unitCount() - 1) + " (a targets file from another unit model?)");
                        }
                        tokens[i] = vocabulary.unit(unit);
                    }
                    byId.put(id.getAsString(), tokens);
                } catch (JsonParseException | IllegalStateException | UnsupportedOperationException
                        | NumberFormatException e) {
                    throw new CorpusException(where + "not a {\"id\", \"units\"} JSON line (" + e.getMessage() + ")");
                }
            }
        } catch (NoSuchFileException e) {
            throw new CorpusException(file + ": no such file");
        }
        return new UnitTargets(byId);
    }

    /**
     * @param transcription examples whose audio the targets were made from
     * @return an audio -> pseudo subwords example for each one with targets (no CTC: units outrun the
     *     encoder's frame rate)
     */
    List<TrainingExample> examples(List<TrainingExample> transcription) {
        List<TrainingExample> out = new ArrayList<>();
        for (TrainingExample e : transcription) {
            int[] tokens = byId.get(e.id());
            if (tokens != null && tokens.length > 0) {
                out.add(new TrainingExample(e.id() + "/units", e.features(), new int[] {Vocabulary.UNITS}, tokens,
                        false));
            }
        }
        return out;
    }
}
