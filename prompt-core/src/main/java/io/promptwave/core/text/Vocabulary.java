package io.promptwave.core.text;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The backbone's token ids, laid out in four blocks:
 * <ol>
 *   <li>special and task tokens: {@code <pad> <bos> <eos> <unk> <asr> <units> <slots> <ocr>} (ids 0-7);</li>
 *   <li>one token per language, {@code <en>}, {@code <it>}, ... in the order given;</li>
 *   <li>the 256 UTF-8 bytes, so any text in any language can be written;</li>
 *   <li>the pseudo-subword units {@code <u0>} ... of the pseudo language.</li>
 * </ol>
 * Text is encoded as its UTF-8 bytes; decoding skips non-byte tokens and replaces malformed byte
 * sequences (a model can emit half a character) with U+FFFD instead of failing. Immutable.
 */
public final class Vocabulary {
    /** The special and task tokens, in id order. */
    public static final List<String> SPECIALS = List.of("<pad>", "<bos>", "<eos>", "<unk>", "<asr>", "<units>",
            "<slots>", "<ocr>");
    /** Padding. */
    public static final int PAD = 0;
    /** Start of the decoder sequence. */
    public static final int BOS = 1;
    /** End of the output. */
    public static final int EOS = 2;
    /** Unknown. */
    public static final int UNK = 3;
    /** Task: transcribe speech. */
    public static final int ASR = 4;
    /** Task: emit pseudo-subword units. */
    public static final int UNITS = 5;
    /** Task: transcript, intent and slots. */
    public static final int SLOTS = 6;
    /** Task: read a text line image. */
    public static final int OCR = 7;

    private final List<String> languages;
    private final int unitCount;

    /**
     * @param languages language codes, e.g. {@code ["en", "it"]}; their order fixes their ids
     * @param unitCount number of pseudo-subword units (0 for none)
     */
    public Vocabulary(List<String> languages, int unitCount) {
        for (String lang : languages) {
            if (!lang.matches("[a-z]{2,3}")) {
                throw new IllegalArgumentException("language codes are 2-3 lowercase letters, got '" + lang + "'");
            }
        }
        if (languages.stream().distinct().count() != languages.size()) {
            throw new IllegalArgumentException("languages repeat: " + languages);
        }
        if (unitCount < 0) {
            throw new IllegalArgumentException("unit count must be >= 0, got " + unitCount);
        }
        this.languages = List.copyOf(languages);
        this.unitCount = unitCount;
    }

    /** @return the total number of tokens */
    public int size() {
        return byteBase() + 256 + unitCount;
    }

    /** @return the language codes in id order */
    public List<String> languages() {
        return languages;
    }

    /** @return the number of pseudo-subword units */
    public int unitCount() {
        return unitCount;
    }

    /**
     * @return the token of a language
     * @throws IllegalArgumentException naming the languages there are
     */
    public int language(String code) {
        int index = languages.indexOf(code);
        if (index < 0) {
            throw new IllegalArgumentException("the vocabulary has no language '" + code + "' (has " + languages + ")");
        }
        return SPECIALS.size() + index;
    }

    /** @return the language code a token stands for, or null when it is not a language token */
    public String languageOf(int token) {
        int index = token - SPECIALS.size();
        return index >= 0 && index < languages.size() ? languages.get(index) : null;
    }

    /** @return the token of pseudo-subword unit {@code unit} */
    public int unit(int unit) {
        if (unit < 0 || unit >= unitCount) {
            throw new IllegalArgumentException("unit " + unit + " outside 0.." + (unitCount - 1));
        }
        return byteBase() + 256 + unit;
    }

    /** @return the unit a token stands for, or -1 when it is not a unit */
    public int unitOf(int token) {
        int unit = token - byteBase() - 256;
        return unit >= 0 && unit < unitCount ? unit : -1;
    }

    /** @return the byte (0-255) a token stands for, or -1 when it is not a byte */
    public int byteOf(int token) {
        int b = token - byteBase();
        return b >= 0 && b < 256 ? b : -1;
    }

    /** @return the token ids of {@code text}'s UTF-8 bytes */
    public int[] encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            ids[i] = byteBase() + (bytes[i] & 0xff);
        }
        return ids;
    }

    /** @return the text of the byte tokens among {@code ids}; other tokens are skipped, bad UTF-8 becomes U+FFFD */
    public String decode(int[] ids) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int id : ids) {
            int b = id - byteBase();
            if (b >= 0 && b < 256) {
                bytes.write(b);
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes.toByteArray()));
            return chars.toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalStateException("a replacing decoder does not throw", e);
        }
    }

    /** @return a readable name for a token: {@code <eos>}, {@code <en>}, {@code 0x61}, {@code <u17>} */
    public String name(int id) {
        if (id < 0 || id >= size()) {
            throw new IllegalArgumentException("token " + id + " outside 0.." + (size() - 1));
        }
        if (id < SPECIALS.size()) {
            return SPECIALS.get(id);
        }
        if (id < byteBase()) {
            return "<" + languages.get(id - SPECIALS.size()) + ">";
        }
        if (id < byteBase() + 256) {
            return String.format("0x%02x", id - byteBase());
        }
        return "<u" + (id - byteBase() - 256) + ">";
    }

    /** @return the layout for a model's config.json */
    public Map<String, Object> toConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("specials", SPECIALS);
        config.put("languages", languages);
        config.put("bytes", 256);
        config.put("units", unitCount);
        config.put("size", size());
        return config;
    }

    /** @return the vocabulary a config describes, checked against its stated size */
    public static Vocabulary fromConfig(List<String> specials, List<String> languages, int units, int size) {
        if (!SPECIALS.equals(specials)) {
            throw new IllegalArgumentException("config lists specials " + specials + ", this SDK has " + SPECIALS);
        }
        Vocabulary v = new Vocabulary(new ArrayList<>(languages), units);
        if (v.size() != size) {
            throw new IllegalArgumentException("config states " + size + " tokens, its blocks add up to " + v.size());
        }
        return v;
    }

    private int byteBase() {
        return SPECIALS.size() + languages.size();
    }
}
