package io.mpathvx.core.multipath;

import io.mpathvx.core.testkit.Fuzz;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random and mutated table and status strings: the parsers either succeed (and then format → parse is stable) or
 * throw {@link MultipathSyntaxException}; nothing else escapes. Seeded, so a failure reproduces.
 */
class MultipathGrammarFuzzTest {
    private static final String[] TABLES = {
            "2 pg_init_retries 50 1 alua 2 1 service-time 0 3 2 65:32 1 1 67:64 1 1 69:96 1 1 service-time 0 3 2 8:16 1 1 66:48 1 1 68:80 1 1 ",
            "1 queue_if_no_path 0 2 2 round-robin 0 3 1 65:32 1000 67:64 1000 69:96 1000 round-robin 0 3 1 8:16 1000 66:48 1000 68:80 1000",
            "0 0 0 0",
            "3 queue_if_no_path queue_mode bio 1 alua 1 1 queue-length 0 1 1 8:0 1",
    };
    private static final String[] STATUSES = {
            "2 0 1 0 2 1 A 0 3 2 65:32 A 0 0 1 67:64 A 0 0 1 69:96 A 0 0 1 E 0 3 2 8:16 A 0 0 1 66:48 A 0 0 1 68:80 A 0 0 1 ",
            "2 1 0 0 1 1 A 0 2 0 8:0 F 3 8:16 F 1",
            "2 0 0 1 alua 0 0",
    };
    private static final String[] ATOMS = {"0", "1", "2", "3", "-1", "4294967296", "2147483647", "A", "E", "D", "F",
            "8:0", "253:1", ":", "8:", ":0", "4096:0", "8:1048576", "round-robin", "service-time", "alua", "x", "",
            "  ", "\t", "\n", "1048577", "007", "+1", "0x10", "\u0000", "é"};

    @Test
    void randomAndMutatedStringsGiveOnlyTypedErrors() {
        Fuzz fuzz = Fuzz.of(0x6d706174L, 12_000);
        fuzz.verify(rnd -> {
            int parsedTables = 0;
            int parsedStatuses = 0;
            for (int n = 0; n < fuzz.iterations(); n++) {
                String input = switch (n % 4) {
                    case 0 -> mutate(rnd, TABLES[rnd.nextInt(TABLES.length)]);
                    case 1 -> mutate(rnd, STATUSES[rnd.nextInt(STATUSES.length)]);
                    case 2 -> randomWords(rnd);
                    default -> randomChars(rnd);
                };
                parsedTables += tryTable(input);
                parsedStatuses += tryStatus(input);
            }
            // The mutations must also produce valid strings now and then, or the round-trip check proves nothing.
            assertTrue(parsedTables > fuzz.iterations() / 120, "tables parsed: " + parsedTables);
            assertTrue(parsedStatuses > fuzz.iterations() / 120, "statuses parsed: " + parsedStatuses);
        });
    }

    private static int tryTable(String s) {
        try {
            MultipathTable t = MultipathTable.parse(s);
            assertEquals(t, MultipathTable.parse(t.format()), s);
            return 1;
        } catch (MultipathSyntaxException e) {
            return 0;
        } catch (RuntimeException e) {
            throw new AssertionError("table parser threw " + e + " for '" + s + "'", e);
        }
    }

    private static int tryStatus(String s) {
        try {
            MultipathStatus st = MultipathStatus.parse(s);
            assertEquals(st, MultipathStatus.parse(st.format()), s);
            return 1;
        } catch (MultipathSyntaxException e) {
            return 0;
        } catch (RuntimeException e) {
            throw new AssertionError("status parser threw " + e + " for '" + s + "'", e);
        }
    }

    private static String mutate(Random rnd, String base) {
        List<String> w = new ArrayList<>(Arrays.asList(base.strip().split(" ")));
        int edits = rnd.nextInt(4);
        for (int i = 0; i < edits && !w.isEmpty(); i++) {
            int at = rnd.nextInt(w.size());
            switch (rnd.nextInt(6)) {
                case 0 -> w.remove(at);
                case 1 -> w.add(at, ATOMS[rnd.nextInt(ATOMS.length)]);
                case 2 -> w.set(at, ATOMS[rnd.nextInt(ATOMS.length)]);
                case 3 -> w.set(at, Integer.toString(rnd.nextInt(8)));
                case 4 -> Collections2.swap(w, at, rnd.nextInt(w.size()));
                default -> w = new ArrayList<>(w.subList(0, at));
            }
        }
        return String.join(rnd.nextInt(10) == 0 ? "  " : " ", w);
    }

    private static String randomWords(Random rnd) {
        StringBuilder sb = new StringBuilder();
        int n = rnd.nextInt(30);
        for (int i = 0; i < n; i++) sb.append(ATOMS[rnd.nextInt(ATOMS.length)]).append(' ');
        return sb.toString();
    }

    private static String randomChars(Random rnd) {
        char[] c = new char[rnd.nextInt(60)];
        String alphabet = "0123456789 :AEDF\t-x";
        for (int i = 0; i < c.length; i++) c[i] = rnd.nextInt(20) == 0 ? (char) rnd.nextInt(0x3000) : alphabet.charAt(rnd.nextInt(alphabet.length()));
        return new String(c);
    }

    private static final class Collections2 {
        static void swap(List<String> l, int a, int b) {
            String t = l.get(a);
            l.set(a, l.get(b));
            l.set(b, t);
        }
    }
}
