package dev.tcptest.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The JSON reader on random bytes and on valid documents with random damage (flipped, dropped,
 * doubled or cut text), from a fixed seed: only {@link JsonException} ever escapes, and what it
 * reads, written again, reads back to the same text.
 */
class JsonFuzzTest {

    /** Valid documents to damage, covering every form the reader knows. */
    static final List<String> DOCUMENTS = List.of(
            "{\"faults\":\"latency=50ms\"}",
            "{\"servers\":[{\"id\":\"smtp\",\"port\":41234,\"running\":true,\"host\":null}]}",
            "[1, -2.5e-3, 0, 1E+9, \"\\u00e9\\uD83D\\uDE00\\n\\\"\", true, false, null, {}, [[[]]]]",
            "{\"a\":{\"b\":{\"c\":[{\"d\":\"\\\\\\/\\b\\f\\r\\t\"}]}}}",
            "  \"just a string\"  ",
            "-0.0");
    private static final String ALPHABET = "{}[]:,\"\\/ -+.0123456789eEtrufalsn\u00e9\uD83D\uDE00\n\tbfu";

    @Test
    void randomTextOnlyEverThrowsTheParseException() {
        SplittableRandom random = new SplittableRandom(20_261_207L);
        assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
            for (int i = 0; i < 20_000; i++) {
                byte[] bytes = new byte[random.nextInt(1, 64)];
                random.nextBytes(bytes);
                readOrRefuse(new String(bytes, random.nextBoolean() ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1));
                StringBuilder text = new StringBuilder();
                for (int c = random.nextInt(1, 64); c > 0; c--) {
                    text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                }
                readOrRefuse(text.toString());
            }
        });
    }

    @Test
    void damagedDocumentsOnlyEverThrowTheParseException() {
        SplittableRandom random = new SplittableRandom(7L);
        assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
            for (int i = 0; i < 20_000; i++) {
                readOrRefuse(damage(random, DOCUMENTS.get(random.nextInt(DOCUMENTS.size()))));
            }
        });
    }

    /** The text with one to four edits: a flipped bit, a dropped, doubled or inserted part, or a cut. */
    static String damage(SplittableRandom random, String document) {
        StringBuilder text = new StringBuilder(document);
        for (int edits = random.nextInt(1, 5); edits > 0 && text.length() > 0; edits--) {
            int at = random.nextInt(text.length());
            int end = Math.min(text.length(), at + random.nextInt(1, 8));
            switch (random.nextInt(5)) {
                case 0 -> text.setCharAt(at, (char) (text.charAt(at) ^ (1 << random.nextInt(16))));
                case 1 -> text.delete(at, end);
                case 2 -> text.insert(at, text.substring(at, end));
                case 3 -> text.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                default -> text.setLength(at);
            }
        }
        return text.toString();
    }

    private static void readOrRefuse(String text) {
        try {
            String written = JsonWriter.write(JsonReader.parse(text));
            assertEquals(written, JsonWriter.write(JsonReader.parse(written)), text);
        } catch (JsonException refused) {
            // The one way to say no.
        }
    }
}
