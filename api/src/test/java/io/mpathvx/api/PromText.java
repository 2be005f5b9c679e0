package io.mpathvx.api;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A strict reader of the Prometheus text format 0.0.4 (prometheus.io exposition_formats: HELP and TYPE lines, samples
 * {@code name{label="value",...} value}, escapes \\ \" \n in label values). The Java client has writers only, so the
 * test reads the daemon's output with this and fails on any line outside the grammar.
 */
final class PromText {
    record Sample(String name, Map<String, String> labels, double value) {
    }

    final Map<String, String> types = new HashMap<>();
    final List<Sample> samples = new ArrayList<>();

    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    static PromText parse(String text) {
        PromText t = new PromText();
        if (!text.endsWith("\n")) throw new IllegalArgumentException("the last line must end with a line feed");
        for (String line : text.split("\n")) {
            if (line.isBlank()) continue;
            if (line.startsWith("# TYPE ")) {
                String[] w = line.substring(7).split(" ");
                if (w.length != 2 || !TYPES.contains(w[1]) || !w[0].matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) throw bad(line);
                if (t.types.put(w[0], w[1]) != null) throw new IllegalArgumentException("TYPE twice: " + line);
            } else if (line.startsWith("#")) {
                continue; // HELP and comments
            } else {
                t.samples.add(t.sample(line));
            }
        }
        return t;
    }

    private Sample sample(String line) {
        int i = 0;
        while (i < line.length() && (Character.isLetterOrDigit(line.charAt(i)) || line.charAt(i) == '_' || line.charAt(i) == ':')) i++;
        String name = line.substring(0, i);
        if (name.isEmpty()) throw bad(line);
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf("=\"", i);
                if (eq < 0) throw bad(line);
                String label = line.substring(i, eq);
                if (!label.matches("[a-zA-Z_][a-zA-Z0-9_]*")) throw bad(line);
                StringBuilder v = new StringBuilder();
                int j = eq + 2;
                for (; line.charAt(j) != '"'; j++) {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char e = line.charAt(++j);
                        v.append(switch (e) {
                            case '\\' -> '\\';
                            case '"' -> '"';
                            case 'n' -> '\n';
                            default -> throw bad(line);
                        });
                    } else v.append(c);
                }
                labels.put(label, v.toString());
                i = j + 1;
                if (line.charAt(i) == ',') i++;
            }
            i++;
        }
        if (i >= line.length() || line.charAt(i) != ' ') throw bad(line);
        String[] rest = line.substring(i + 1).split(" ");
        if (rest.length > 2) throw bad(line);
        String family = family(name);
        if (family == null) throw new IllegalArgumentException("sample before its TYPE: " + line);
        return new Sample(name, labels, Double.parseDouble(rest[0].replace("+Inf", "Infinity").replace("-Inf", "-Infinity")));
    }

    /** The TYPE'd family a sample belongs to ({@code x_total} of counter {@code x}, the name itself otherwise). */
    private String family(String name) {
        if (types.containsKey(name)) return name;
        for (String suffix : List.of("_total", "_bucket", "_sum", "_count")) {
            if (name.endsWith(suffix) && types.containsKey(name.substring(0, name.length() - suffix.length()))) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return null;
    }

    private static IllegalArgumentException bad(String line) {
        return new IllegalArgumentException("not in the text format: " + line);
    }

    /** The one sample of {@code name} with exactly these labels. */
    double value(String name, String... labelPairs) {
        Map<String, String> want = new LinkedHashMap<>();
        for (int i = 0; i < labelPairs.length; i += 2) want.put(labelPairs[i], labelPairs[i + 1]);
        List<Sample> found = samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(want)).toList();
        if (found.size() != 1) throw new AssertionError(found.size() + " samples " + name + want);
        return found.get(0).value();
    }

    List<Sample> all(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }
}
