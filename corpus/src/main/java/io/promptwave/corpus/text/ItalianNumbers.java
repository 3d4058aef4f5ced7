package io.promptwave.corpus.text;

/**
 * Italian cardinal numbers, written as words separated by spaces at the thousands and millions
 * (so a recogniser's output can be compared word by word): 1984 is "mille novecentottantaquattro",
 * 21 is "ventuno", 28 is "ventotto".
 */
final class ItalianNumbers implements NumberWords {
    private static final String[] SMALL = {"zero", "uno", "due", "tre", "quattro", "cinque", "sei", "sette", "otto",
        "nove", "dieci", "undici", "dodici", "tredici", "quattordici", "quindici", "sedici", "diciassette", "diciotto",
        "diciannove"};
    private static final String[] TENS = {"", "", "venti", "trenta", "quaranta", "cinquanta", "sessanta", "settanta",
        "ottanta", "novanta"};

    @Override
    public String spell(long n) {
        if (n < 0 || n > MAX) {
            throw new IllegalArgumentException("cannot spell " + n);
        }
        if (n < 1000) {
            return belowThousand((int) n);
        }
        if (n < 1_000_000) {
            long thousands = n / 1000;
            String head = thousands == 1 ? "mille" : belowThousand((int) thousands) + "mila";
            return head + (n % 1000 == 0 ? "" : " " + belowThousand((int) (n % 1000)));
        }
        long millions = n / 1_000_000;
        String head = millions == 1 ? "un milione" : belowThousand((int) millions) + " milioni";
        return head + (n % 1_000_000 == 0 ? "" : " " + spell(n % 1_000_000));
    }

    private static String belowThousand(int n) {
        if (n < 20) {
            return SMALL[n];
        }
        if (n < 100) {
            String tens = TENS[n / 10];
            int unit = n % 10;
            if (unit == 0) {
                return tens;
            }
            // the tens drop their final vowel before uno and otto: ventuno, trentotto
            if (unit == 1 || unit == 8) {
                tens = tens.substring(0, tens.length() - 1);
            }
            return tens + (unit == 3 ? "tré" : SMALL[unit]);
        }
        int hundreds = n / 100;
        String head = hundreds == 1 ? "cento" : SMALL[hundreds] + "cento";
        int rest = n % 100;
        if (rest == 0) {
            return head;
        }
        // centottanta: cento loses its o before otto and ottanta
        if (rest / 10 == 8 || rest == 8) {
            head = head.substring(0, head.length() - 1);
        }
        return head + (rest == 3 ? "tré" : belowThousand(rest));
    }
}
