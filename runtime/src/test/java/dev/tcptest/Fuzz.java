package dev.tcptest;

import java.util.SplittableRandom;

/**
 * Texts for parser fuzz tests, from a fixed seed: random runs of words and characters, and valid
 * texts with a few random edits.
 */
final class Fuzz {

    private final SplittableRandom random;
    private final String alphabet;
    private final String[] words;

    Fuzz(long seed, String alphabet, String... words) {
        this.random = new SplittableRandom(seed);
        this.alphabet = alphabet;
        this.words = words.clone();
    }

    /** @return the generator, for choices of the test's own */
    SplittableRandom random() {
        return random;
    }

    /** @return fewer than {@code maxTokens} words and characters, at least one */
    String text(int maxTokens) {
        StringBuilder out = new StringBuilder();
        int tokens = random.nextInt(1, maxTokens);
        for (int t = 0; t < tokens; t++) {
            if (random.nextBoolean()) {
                out.append(words[random.nextInt(words.length)]);
            } else {
                out.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
        }
        return out.toString();
    }

    /** @return the text with at least one and fewer than {@code maxEdits} insertions, deletions or replacements */
    String mutate(String text, int maxEdits) {
        StringBuilder out = new StringBuilder(text);
        int edits = random.nextInt(1, maxEdits);
        for (int e = 0; e < edits; e++) {
            int at = out.length() == 0 ? 0 : random.nextInt(out.length());
            switch (random.nextInt(4)) {
                case 0 -> out.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                case 1 -> out.insert(at, words[random.nextInt(words.length)]);
                case 2 -> {
                    if (out.length() > 0) {
                        out.deleteCharAt(at);
                    }
                }
                default -> {
                    if (out.length() > 0) {
                        out.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    }
                }
            }
        }
        return out.toString();
    }
}
