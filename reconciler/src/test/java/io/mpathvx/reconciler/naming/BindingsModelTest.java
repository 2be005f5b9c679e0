package io.mpathvx.reconciler.naming;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link Bindings} (a base plus a folded delta) against a plain sorted-map model, over random lineages of adds and
 * removals long enough to fold the delta many times, and the free-id search against its definition.
 */
class BindingsModelTest {
    @Test
    void aLineageOfChangesAnswersLikeAPlainTable() {
        Random rnd = new Random(42);
        Bindings b = Bindings.empty();
        Map<String, String> model = new LinkedHashMap<>();
        for (int step = 0; step < 6000; step++) {
            String alias = AliasCodec.format("mpath", 1 + rnd.nextInt(3000));
            String wwid = "3600" + rnd.nextInt(2500);
            if (rnd.nextInt(4) == 0) {
                b = b.without(alias);
                model.remove(alias);
            } else {
                b = b.with(alias, wwid);
                model.putIfAbsent(alias, wwid);
            }
            if (step % 97 == 0) check(b, model, rnd);
        }
        check(b, model, rnd);
        assertEquals(b, Bindings.parse(b.format()), "round trip through the file");
    }

    /** Shorter aliases first, then strcmp's order: UTF-8 bytes, unsigned (aliases from the config may be any text). */
    @Test
    void aliasesOfOneLengthSortByTheirUtf8Bytes() {
        Random rnd = new Random(7);
        int[] alphabet = {'a', 'z', '0', '_', 0xe9, 0x3b1, 0xffe0, 0x1f600}; // 1-, 2-, 3- and 4-byte UTF-8
        for (int i = 0; i < 20000; i++) {
            String a = word(rnd, alphabet);
            String b = word(rnd, alphabet);
            byte[] x = a.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] y = b.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            int expected = a.length() != b.length() ? Integer.compare(a.length(), b.length()) : java.util.Arrays.compareUnsigned(x, y);
            assertEquals(Integer.signum(expected), Integer.signum(Bindings.ALIAS_ORDER.compare(a, b)), a + " vs " + b);
        }
    }

    private static String word(Random rnd, int[] alphabet) {
        StringBuilder sb = new StringBuilder();
        for (int n = rnd.nextInt(4); n >= 0; n--) sb.appendCodePoint(alphabet[rnd.nextInt(alphabet.length)]);
        return sb.toString();
    }

    private static void check(Bindings b, Map<String, String> model, Random rnd) {
        List<Binding> expected = new ArrayList<>();
        model.forEach((a, w) -> expected.add(new Binding(a, w)));
        expected.sort(Comparator.comparing(Binding::alias, Bindings.ALIAS_ORDER));
        assertEquals(expected, b.list());
        assertEquals(model.size(), b.size());
        for (int i = 0; i < 50; i++) {
            String wwid = "3600" + rnd.nextInt(2500);
            String first = expected.stream().filter(x -> x.wwid().equals(wwid)).map(Binding::alias).findFirst().orElse(null);
            assertEquals(first, b.aliasFor(wwid), wwid);
            String alias = AliasCodec.format("mpath", 1 + rnd.nextInt(3000));
            assertEquals(model.get(alias), b.wwidFor(alias), alias);
        }
        int free = 1;
        while (model.containsKey(AliasCodec.format("mpath", free))) free++;
        assertEquals(free, FriendlyNames.freeId(b, "mpath", "new", name -> null));
    }
}
