package io.mpathvx.reconciler.desired;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class InternerTest {
    @Test
    void equalValuesAreSharedAndOthersKept() {
        Interner<String> interner = new Interner<>();
        String a = new String("alua");
        String b = new String("alua");
        assertSame(a, interner.intern(a));
        assertSame(a, interner.intern(b));
        String c = new String("const");
        assertSame(c, interner.intern(c));
        assertNull(interner.intern(null));
    }

    @Test
    void aFullTableStartsAgainInsteadOfGrowing() {
        Interner<Integer> interner = new Interner<>();
        Integer first = 100_000;
        interner.intern(first);
        for (int i = 0; i < 1024; i++) interner.intern(200_000 + i);
        Integer again = Integer.valueOf(100_000);
        assertNotSame(first, again);
        assertSame(again, interner.intern(again), "the first value was dropped with the full table");
    }
}
