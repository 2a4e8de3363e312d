package dev.docreactor.config;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The known configuration key closest to a misspelled one, by edit distance (Levenshtein: insertions,
 * deletions, substitutions). Used to answer an unknown key with "did you mean ...".
 */
public final class KeySuggestions {

    /** Keys longer than this get no suggestion: the distance costs length², and no real key is this long. */
    public static final int MAX_KEY_LENGTH = 256;

    private KeySuggestions() {
    }

    /**
     * The candidate closest to {@code key}, if it is close enough to be a likely typo: at most a third of
     * the key's length away (and at most 2 edits for short keys). Ties go to the first candidate.
     */
    public static Optional<String> closest(String key, Collection<String> candidates) {
        if (key.length() > MAX_KEY_LENGTH) {
            return Optional.empty();
        }
        int limit = Math.max(2, key.length() / 3);
        String best = null;
        int bestDistance = limit + 1;
        for (String candidate : candidates) {
            if (candidate.length() > MAX_KEY_LENGTH || Math.abs(candidate.length() - key.length()) >= bestDistance) {
                continue;
            }
            int d = distance(key, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The edit distance between two strings (each at most {@link #MAX_KEY_LENGTH} characters). */
    public static int distance(String a, String b) {
        if (a.length() > MAX_KEY_LENGTH || b.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("keys longer than " + MAX_KEY_LENGTH + " characters are not compared");
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** The keys of all {@code sets} together: the candidates a misspelled key is compared with. */
    @SafeVarargs
    public static Set<String> union(Set<String>... sets) {
        Set<String> all = new TreeSet<>();
        for (Set<String> set : sets) {
            all.addAll(set);
        }
        return Set.copyOf(all);
    }
}
