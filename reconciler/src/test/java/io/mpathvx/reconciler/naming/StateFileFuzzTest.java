package io.mpathvx.reconciler.naming;

import io.mpathvx.core.config.NoPathRetry;
import io.mpathvx.reconciler.desired.TableAssembler;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Random and mutated text into every parser of the module: results or IllegalArgumentException, nothing else. */
class StateFileFuzzTest {
    private static final String ALPHABET = "mpathMPATH abcxyz0129\t\n#/-_.\u00e9 ";

    private static String random(Random r, int max) {
        int n = r.nextInt(max);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) sb.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
        return sb.toString();
    }

    @Test
    void parsersNeverCrash() {
        Random r = new Random(20261122);
        String good = Bindings.HEADER + "mpatha 3600a\nmpathb 3600b\n";
        for (int i = 0; i < 20_000; i++) {
            String text = random(r, 200);
            if (i % 2 == 0) {
                StringBuilder m = new StringBuilder(good);
                int at = r.nextInt(m.length());
                m.insert(at, random(r, 10));
                text = m.toString();
            }
            Bindings b = Bindings.parse(text);
            assertEquals(b, Bindings.parse(b.format()), "format then parse is stable");
            for (Binding x : b.list()) assertEquals(x.wwid(), b.wwidFor(x.alias()));
            assertNotNull(WwidsFile.parse(text));
            int id = AliasCodec.scan(text, "mpath");
            assertTrue(id == -1 || id > 0);
            if (id > 0 && text.indexOf(' ') < 0 && text.indexOf('\t') < 0) assertEquals(text, AliasCodec.format("mpath", id));
            try {
                NoPathRetry.of(text);
            } catch (IllegalArgumentException expected) {
                // typed error
            }
            try {
                TableAssembler.emptyGroup(text.isBlank() ? "x" : text);
            } catch (IllegalArgumentException expected) {
                // typed error
            }
            FriendlyNames.Choice c = FriendlyNames.choose(b, "W" + i, random(r, 8), "mpath", false, n -> null);
            if (c.alias() != null && c.allocate() != null) assertNull(b.wwidFor(c.allocate().alias()), "never reuses a bound alias");
        }
    }
}
