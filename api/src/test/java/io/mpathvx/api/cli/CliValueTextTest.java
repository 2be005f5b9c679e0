package io.mpathvx.api.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CliValueTextTest {

    @Test
    void sizesScaleBy1024WithOneDecimalBelowTen() {
        assertEquals("0.0K", ValueText.size(1));
        assertEquals("1.0K", ValueText.size(2));
        assertEquals("1.0G", ValueText.size(2L * 1024 * 1024));
        assertEquals("10G", ValueText.size(20L * 1024 * 1024));
        assertEquals("1023M", ValueText.size(2L * 1023 * 1024));
        assertEquals("2048P", ValueText.size(2048L * 2 * 1024 * 1024 * 1024 * 1024));
    }

    @Test
    void sizesRoundExactHalvesToEvenAsPrintfDoes() {
        assertEquals("1.2G", ValueText.size(2621440L));      // 1.25 G
        assertEquals("1.8G", ValueText.size(3670016L));      // 1.75 G
        assertEquals("14G", ValueText.size(30408704L));      // 14.5 G
        assertEquals("16G", ValueText.size(32505856L));      // 15.5 G
    }

    @Test
    void progressDrawsTenCellsThenTheCount() {
        assertEquals("XXXXXX.... 3/5", ValueText.progress(3, 5));
        assertEquals(".......... 0/20", ValueText.progress(0, 20));
        assertEquals(" 0/0", ValueText.progress(0, 0));
    }
}
