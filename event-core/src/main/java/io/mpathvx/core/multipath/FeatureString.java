package io.mpathvx.core.multipath;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Editing of a dm-multipath feature string {@code "<count> word..."} with multipath-tools' semantics: add or remove
 * a feature (one or more words) and reconcile {@code queue_mode} with the configured mode. Text the edit does not
 * touch is kept verbatim. An edit that changes nothing returns the very same String instance.
 */
public final class FeatureString {
    private FeatureString() {
    }

    /** dm-multipath's queue_mode: undef (not configured / not in the features), bio, or request-based (rq, mq). */
    public enum QueueMode { UNDEF, BIO, RQ }

    /**
     * The result of {@link #reconcileQueueMode}.
     *
     * @param features  the features to use (the same instance as given when unchanged; null if given null)
     * @param queueMode the queue mode to use
     */
    public record Reconciled(String features, QueueMode queueMode) {
    }

    /** The feature string is malformed, or the feature to add or remove is. */
    public static final class FeatureStringException extends Exception {
        public FeatureStringException(String message) {
            super(message);
        }
    }

    /**
     * Adds {@code feature} (one or more words). A null or empty feature, or one already present as whole words, is a
     * no-op. {@code features} null means none yet.
     */
    public static String add(String features, String feature) throws FeatureStringException {
        if (feature == null || feature.isEmpty()) return features;
        checkTrimmed(feature);
        int words = countWords(feature);
        if (features == null) return words + " " + feature;
        if (find(features, feature, 0) >= 0) return features;
        int[] count = leadingCount(features, true);
        return (count[0] + words) + features.substring(count[1]) + " " + feature;
    }

    /** {@link #add(String, String)} in place, like libmultipath's add_feature(char **, ...); a null holder is an error. */
    public static void add(AtomicReference<String> holder, String feature) throws FeatureStringException {
        if (holder == null) throw new FeatureStringException("no features holder");
        holder.set(add(holder.get(), feature));
    }

    /** {@link #remove(String, String)} in place; a null holder is an error. */
    public static void remove(AtomicReference<String> holder, String feature) throws FeatureStringException {
        if (holder == null) throw new FeatureStringException("no features holder");
        holder.set(remove(holder.get(), feature));
    }

    /**
     * Removes the first whole-word occurrence of {@code feature}. Absent (even in a malformed string): a no-op.
     */
    public static String remove(String features, String feature) throws FeatureStringException {
        if (features == null) throw new FeatureStringException("no features to remove '" + feature + "' from");
        if (feature == null || feature.isEmpty()) return features;
        checkTrimmed(feature);
        int at = find(features, feature, 0);
        if (at < 0) return features;
        int[] count = leadingCount(features, false);
        int left = count[0] - countWords(feature);
        if (left < 0) throw new FeatureStringException("feature count " + count[0] + " too small in '" + features + "'");
        if (left == 0) return "0";
        int after = at + feature.length();
        while (after < features.length() && isSpace(features.charAt(after))) after++;
        String result = left + features.substring(count[1], at) + features.substring(after);
        if (after == features.length()) result = stripTrailing(result);
        return result;
    }

    /**
     * Reconciles the {@code queue_mode <value>} pair in {@code features} with the configured mode: an invalid value's
     * pair is removed; an undefined configuration adopts the features' mode; a different configured mode removes the
     * pair, and when the configured mode is bio (not the kernel default) {@code queue_mode bio} is appended.
     */
    public static Reconciled reconcileQueueMode(String features, QueueMode configured) {
        if (features == null) return new Reconciled(null, configured);
        String result = features;
        QueueMode found = QueueMode.UNDEF;
        int[] pair = findQueueMode(features);
        if (pair != null) {
            String value = features.substring(pair[1], pair[2]);
            found = switch (value) {
                case "rq", "mq" -> QueueMode.RQ;
                case "bio" -> QueueMode.BIO;
                default -> null;
            };
            if (found == null) {
                found = QueueMode.UNDEF;
                result = removeOrKeep(result, features.substring(pair[0], pair[2]));
            }
        }
        if (configured == QueueMode.UNDEF) return new Reconciled(result, found);
        if (configured == found || (configured == QueueMode.RQ && found == QueueMode.UNDEF)) {
            return new Reconciled(result, configured);
        }
        if (pair != null && found != QueueMode.UNDEF) result = removeOrKeep(result, features.substring(pair[0], pair[2]));
        if (configured == QueueMode.BIO) {
            try {
                result = add(result, "queue_mode bio");
            } catch (FeatureStringException e) {
                // malformed count: leave the features as they are; the kernel will reject a bad table loudly
            }
        }
        return new Reconciled(result, configured);
    }

    private static String removeOrKeep(String features, String feature) {
        try {
            return remove(features, feature);
        } catch (FeatureStringException e) {
            return features;
        }
    }

    /** [start of "queue_mode", start of value, end of value] of the first complete pair, or null. */
    private static int[] findQueueMode(String s) {
        String key = "queue_mode";
        for (int from = 0; ; ) {
            int at = s.indexOf(key, from);
            if (at < 0) return null;
            from = at + 1;
            if (at == 0 || !isSpace(s.charAt(at - 1))) continue;
            int i = at + key.length();
            if (i >= s.length() || !isSpace(s.charAt(i))) continue;
            while (i < s.length() && isSpace(s.charAt(i))) i++;
            if (i == s.length()) continue;
            int v = i;
            while (i < s.length() && !isSpace(s.charAt(i))) i++;
            return new int[]{at, v, i};
        }
    }

    /** Index of the first occurrence of {@code feature} preceded by whitespace and followed by whitespace or the end. */
    private static int find(String s, String feature, int from) {
        for (int at = s.indexOf(feature, from); at >= 0; at = s.indexOf(feature, at + 1)) {
            int end = at + feature.length();
            if (at > 0 && isSpace(s.charAt(at - 1)) && (end == s.length() || isSpace(s.charAt(end)))) return at;
        }
        return -1;
    }

    /** [count, index just after its digits]; the count must be followed by whitespace (or, if allowed, the end). */
    private static int[] leadingCount(String s, boolean endAllowed) throws FeatureStringException {
        int i = 0;
        while (i < s.length() && isSpace(s.charAt(i))) i++;
        int digits = i;
        long n = 0;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            n = n * 10 + (s.charAt(i) - '0');
            if (n > Integer.MAX_VALUE) throw new FeatureStringException("feature count too large in '" + s + "'");
            i++;
        }
        if (i == digits) throw new FeatureStringException("features do not start with a count: '" + s + "'");
        if (i == s.length() ? !endAllowed : !isSpace(s.charAt(i))) {
            throw new FeatureStringException("feature count not followed by a space: '" + s + "'");
        }
        return new int[]{(int) n, i};
    }

    private static void checkTrimmed(String feature) throws FeatureStringException {
        if (isSpace(feature.charAt(0)) || isSpace(feature.charAt(feature.length() - 1))) {
            throw new FeatureStringException("feature has leading or trailing whitespace: '" + feature + "'");
        }
    }

    private static int countWords(String s) {
        int n = 0;
        boolean in = false;
        for (int i = 0; i < s.length(); i++) {
            boolean sp = isSpace(s.charAt(i));
            if (!sp && !in) n++;
            in = !sp;
        }
        return n;
    }

    private static String stripTrailing(String s) {
        int e = s.length();
        while (e > 0 && isSpace(s.charAt(e - 1))) e--;
        return s.substring(0, e);
    }

    /** C isspace() in the C locale. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\f' || c == '\r';
    }
}
