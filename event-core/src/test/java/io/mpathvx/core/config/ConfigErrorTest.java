package io.mpathvx.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathvx.core.model.Wwid;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fatal errors name file and line; everything else is a warning and the rest of the file applies. */
class ConfigErrorTest {
    private static final DeviceIdentity ID = new DeviceIdentity("ACME", "X", null, "scsi:fcp");

    private static ConfigException fatal(String text) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.parse(text, "bad.conf"));
    }

    @Test
    void unmatchedClosingBrace() {
        ConfigException e = fatal("defaults {\n polling_interval 3\n}\n}\n");
        assertEquals("bad.conf:4: unmatched '}'", e.getMessage());
        assertEquals("bad.conf", e.file());
        assertEquals(4, e.line());
    }

    @Test
    void sectionNotClosedNamesTheLineThatOpenedIt() {
        ConfigException e = fatal("defaults {\n}\ndevices {\n device {\n  vendor A\n }\n");
        assertEquals(3, e.line());
        assertEquals("bad.conf:3: missing '}': section 'devices' is not closed before the end of the file",
                e.getMessage());
    }

    @Test
    void braceWithoutSectionName() {
        assertEquals(2, fatal("defaults {\n{\n}\n").line());
        assertEquals("bad.conf:1: '{' without a section name", fatal("{ \n}\n").getMessage());
    }

    @Test
    void sectionNameWithoutBrace() {
        ConfigException e = fatal("# comment\ndefaults\n{\n}\n");
        assertEquals("bad.conf:2: missing '{' after section name 'defaults'", e.getMessage());
        assertEquals(3, fatal("devices {\n\n device vendor\n}\n").line());
    }

    @Test
    void secondBraceOnALineIsFatalUnlessQuoted() throws ConfigException {
        assertEquals("bad.conf:1: '}' must be on a line of its own (one keyword, section opening or '}' per line)",
                fatal("defaults { polling_interval 5 }\n").getMessage());
        assertEquals(2, fatal("defaults {\n polling_interval 5 }\n").line());
        assertEquals(3, fatal("devices {\n device {\n } }\n").line());
        assertEquals(1, fatal("devices { device {\n}\n}\n").line());
        LoadedConfig lc = ConfigLoader.parse("blacklist {\n wwid \"{\" \"}\"\n}\n", "ok.conf");
        assertEquals(List.of("ok.conf:2: ignoring extra data starting with '\"'"),
                lc.warnings().stream().map(ConfigWarning::toString).toList());
        assertEquals(BlacklistResult.WWID_BLIST, lc.config().blacklist().filterWwid("x{y"));
    }

    @Test
    void unreadableFileIsLineZero(@TempDir Path dir) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir));
        assertEquals(0, e.line());
        assertTrue(e.getMessage().startsWith(dir + ":0: cannot read"), e.getMessage());
    }

    @Test
    void shippedBrokenExampleFailsAtTheDocumentedLine() {
        Path broken = Path.of("..", "examples", "broken.conf");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(broken));
        assertEquals(broken + ":8: missing '}': section 'devices' is not closed before the end of the file",
                e.getMessage());
    }

    @Test
    void warningsLeaveTheRestOfTheFileInForce() throws ConfigException {
        String text = """
                defaults {
                  polling_interval 7
                  no_such_keyword 1
                  no_path_retry sometimes
                  path_grouping_policy
                  hardware_handler "1 alua"
                  failback immediate
                  fancy_subsection {
                    path_checker directio
                  }
                  features "2 queue_if_no_path"
                  user_friendly_names yes
                }
                toplevel_keyword 3
                frobnicate {
                  x {
                    y 1
                  }
                }
                blacklist {
                  devnode "([a-z]"
                  devnode "^sdz"
                  colour blue
                }
                devices {
                  device {
                    product "no vendor"
                  }
                  device {
                    vendor "[[:bogus:]]"
                    product x
                  }
                  device {
                    vendor ACME
                    product X
                    rr_weight heavy
                    rr_min_io_rq 3
                  }
                }
                multipaths {
                  multipath {
                    alias nowwid
                  }
                }
                overrides {
                  protocol {
                    fast_io_fail_tmo 3
                  }
                  checker "tur" extra
                }
                """;
        LoadedConfig lc = ConfigLoader.parse(text, "w.conf");
        List<String> w = lc.warnings().stream().map(ConfigWarning::toString).toList();
        assertEquals(List.of(
                "w.conf:3: unknown keyword 'no_such_keyword' in the defaults section; ignored",
                "w.conf:4: invalid value for no_path_retry: \"sometimes\" (expected fail, queue or a number >= 1); ignored",
                "w.conf:5: missing value for 'path_grouping_policy'; ignored",
                "w.conf:6: keyword 'hardware_handler' is not valid in the defaults section (only in: devices/device);"
                        + " ignored",
                "w.conf:8: unknown section 'fancy_subsection' in the defaults section; skipped with everything inside it",
                "w.conf:11: invalid value for features: \"2 queue_if_no_path\" (expected \"<count> word...\" where count (2)"
                        + " equals the number of words (1)); ignored",
                "w.conf:14: unknown keyword 'toplevel_keyword' outside any section; ignored",
                "w.conf:15: unknown section 'frobnicate'; skipped with everything inside it",
                "w.conf:21: invalid regular expression for devnode \"([a-z]\": Unclosed group; ignored",
                "w.conf:23: unknown keyword 'colour' in the blacklist section; ignored",
                "w.conf:26: device entry without vendor and product; ignored",
                "w.conf:29: invalid regular expression for vendor \"[[:bogus:]]\": unknown character class 'bogus';"
                        + " device entry ignored",
                "w.conf:36: invalid value for rr_weight: \"heavy\" (expected uniform or priorities); ignored",
                "w.conf:41: multipath entry without wwid; ignored",
                "w.conf:46: protocol entry without type; ignored",
                "w.conf:49: ignoring extra data starting with 'extra'"), w);

        MultipathConfig c = lc.config();
        assertEquals(7, c.globals().pollingInterval().value());
        assertEquals(true, c.globals().userFriendlyNames().value());
        MapSettings m = c.forMap(Wwid.of("w1"), ID);
        assertEquals(Failback.IMMEDIATE, m.failback().value());
        assertEquals(NoPathRetry.UNDEF, m.noPathRetry().value());
        assertEquals(3, m.rrMinIoRq().value());
        assertEquals(RrWeight.UNIFORM, m.rrWeight().value());
        assertEquals("tur", c.forPath(ID).checker().value());
        assertEquals(BlacklistResult.DEVNODE_BLIST, c.blacklist().filterDevnode("sdz"));
        assertEquals(BlacklistResult.NOTHING, c.blacklist().filterDevnode("sda"));
    }

    @Test
    void unterminatedQuoteIsAWarningAndTheValueIsKept() throws ConfigException {
        LoadedConfig lc = ConfigLoader.parse("defaults {\n path_selector \"round-robin 0\n}\n", "q.conf");
        assertEquals("q.conf:2: missing closing quote; value taken up to the end of the line",
                lc.warnings().get(0).toString());
        assertEquals("round-robin 0", lc.config().forMap(Wwid.of("w"), ID).pathSelector().value());
    }

    @Test
    void configDirThatIsAFileIsAWarning(@TempDir Path dir) throws Exception {
        Path main = dir.resolve("m.conf");
        Files.writeString(dir.resolve("notadir"), "x");
        Files.writeString(main, "defaults {\n config_dir notadir\n}\n");
        LoadedConfig lc = ConfigLoader.load(main);
        assertEquals(1, lc.warnings().size());
        assertTrue(lc.warnings().get(0).problem().contains("is not a directory"));
    }

    @Test
    void fatalErrorInAConfDirFileNamesThatFile(@TempDir Path dir) throws Exception {
        Path confd = Files.createDirectory(dir.resolve("conf.d"));
        Path main = dir.resolve("m.conf");
        Files.writeString(main, "defaults {\n config_dir conf.d\n}\n");
        Files.writeString(confd.resolve("a.conf"), "\n\noverrides {\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(main));
        assertEquals(confd.resolve("a.conf").toString(), e.file());
        assertEquals(3, e.line());
    }
}
