package io.mpathvx.core.multipath;

import io.mpathvx.core.model.DevT;

import java.util.ArrayList;
import java.util.List;

/** A cursor over the space-separated words of a table or status string, with typed reads that fail clearly. */
final class Words {
    private static final int MAX_COUNT = 1 << 20;
    private final String[] words;
    private final String text;
    private int pos;

    Words(String text) {
        this.text = text;
        this.words = split(text);
    }

    /** The whitespace-separated words of {@code text}; no regex: every table and status read goes through here. */
    static String[] split(String text) {
        List<String> out = new ArrayList<>();
        int n = text.length();
        for (int i = 0; i < n; ) {
            while (i < n && Character.isWhitespace(text.charAt(i))) i++;
            int start = i;
            while (i < n && !Character.isWhitespace(text.charAt(i))) i++;
            if (i > start) out.add(text.substring(start, i));
        }
        return out.toArray(new String[0]);
    }

    String next(String what) throws MultipathSyntaxException {
        if (pos >= words.length) throw error("missing " + what);
        return words[pos++];
    }

    int count(String what) throws MultipathSyntaxException {
        String w = next(what);
        int n;
        try {
            n = Integer.parseInt(w);
        } catch (NumberFormatException e) {
            throw error(what + " is not a number: '" + w + "'");
        }
        if (n < 0 || n > MAX_COUNT) throw error(what + " out of range: " + n);
        return n;
    }

    /** A count followed by that many words. */
    List<String> counted(String what) throws MultipathSyntaxException {
        int n = count("number of " + what);
        return take(n, what);
    }

    List<String> take(int n, String what) throws MultipathSyntaxException {
        if (n > words.length - pos) throw error("expected " + n + " " + what + " words, only " + (words.length - pos) + " left");
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(words[pos++]);
        return List.copyOf(out);
    }

    DevT devt(String what) throws MultipathSyntaxException {
        String w = next(what);
        try {
            return DevT.parse(w);
        } catch (IllegalArgumentException e) {
            throw error(what + " is not major:minor: '" + w + "'");
        }
    }

    void end() throws MultipathSyntaxException {
        if (pos != words.length) throw error("unexpected trailing words from '" + words[pos] + "'");
    }

    MultipathSyntaxException error(String problem) {
        String shown = text.length() > 120 ? text.substring(0, 120) + "..." : text;
        return new MultipathSyntaxException(problem + " at word " + (pos + 1) + " in '" + shown + "'");
    }

    static void appendCounted(StringBuilder sb, List<String> words) {
        sb.append(words.size());
        for (String w : words) sb.append(' ').append(w);
    }
}
