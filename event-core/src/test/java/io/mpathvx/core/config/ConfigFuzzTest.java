package io.mpathvx.core.config;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.mpathvx.core.model.Wwid;
import io.mpathvx.core.testkit.Fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Feeds random and mutated config texts to the parser (seeded, so a failure is reproducible):
 * nothing may escape but ConfigException, and whatever parses must resolve without errors.
 */
class ConfigFuzzTest {
    private static final long SEED = 0x6d70617468L;
    /** Half random texts, half mutations of SEED_TEXT. */
    private static final int TEXTS = 12_000;

    private static final String[] WORDS = {
        "defaults", "blacklist", "blacklist_exceptions", "devices", "device", "overrides", "protocol",
        "multipaths", "multipath", "vendor", "product", "revision", "wwid", "alias", "devnode", "property", "type",
        "polling_interval", "max_polling_interval", "path_grouping_policy", "path_selector", "features",
        "hardware_handler", "no_path_retry", "failback", "rr_weight", "rr_min_io_rq", "prio", "prio_args",
        "path_checker", "checker", "uid_attribute", "fast_io_fail_tmo", "dev_loss_tmo", "flush_on_last_del",
        "find_multipaths", "user_friendly_names", "config_dir", "checker_timeout", "product_blacklist",
        "verbosity", "detect_prio", "deferred_remove", "unknown_kw", "queue", "fail", "immediate", "manual",
        "followover", "multibus", "group_by_prio", "yes", "no", "infinity", "off", "0", "1", "-1", "12",
        "4294967296", "99999999999999999999", "\"1 queue_if_no_path\"", "\"3 queue_mode bio\"", "scsi:iscsi",
        "\"^sd[a-z]\"", "\"!^(sd[a-z]|dasd[a-z])\"", "\"\\\\!x\"", "\"[[:alpha:]]\"", "\"([a-z]\"", "\"a{2,}\"",
        "\"(?i)x\"", "\"a*+\"", "\"[z-a]\"", "\"\\\\\"", ".*", "{", "}", "\"", "\"\"", "!", "#", "é", "\u0000",
        "\r", "\t", "\"{\"", "\"}\"", "conf.d", "/etc/multipath/conf.d", "\"((((((((((a))))))))))\"", "\" \"", "\"\\t\""};

    private static final String SEED_TEXT = """
            defaults {
            \tpolling_interval 5
            \tfind_multipaths strict
            \tno_path_retry 12
            \tfeatures "1 queue_if_no_path"
            }
            blacklist {
            \tdevnode "^(ram|loop|fd|md|dm-|sr|scd|st)[0-9]"
            \twwid "!^36"
            \tprotocol "scsi:usb"
            \tdevice {
            \t\tvendor "QEMU"
            \t\tproduct "!HARDDISK"
            \t}
            }
            blacklist_exceptions {
            \tproperty "(SCSI_IDENT_|ID_WWN)"
            }
            devices {
            \tdevice {
            \t\tvendor "ACME"
            \t\tproduct "^Fast"
            \t\trevision "^0"
            \t\tpath_grouping_policy group_by_prio
            \t\thardware_handler "1 alua"
            \t\tfailback 30
            \t}
            }
            overrides {
            \tdev_loss_tmo infinity
            \tprotocol {
            \t\ttype scsi:fcp
            \t\tfast_io_fail_tmo off
            \t}
            }
            multipaths {
            \tmultipath {
            \t\twwid 36001
            \t\talias "db data"
            \t}
            }
            """;

    private static final List<DeviceIdentity> IDS = List.of(
            new DeviceIdentity("ACME", "FastArray", "0001", "scsi:fcp"),
            new DeviceIdentity("Linux", "scsi_debug", null, "scsi:iscsi"),
            new DeviceIdentity(null, null, null, null));

    @Test
    void onlyConfigExceptionEscapes() {
        Fuzz fuzz = Fuzz.of(SEED, TEXTS);
        fuzz.verify(rnd -> {
            int parsed = 0;
            int rejected = 0;
            long warnings = 0;
            for (int i = 0; i < fuzz.iterations(); i++) {
                String text = i < fuzz.iterations() / 2 ? randomText(rnd) : mutate(SEED_TEXT, rnd);
                try {
                    LoadedConfig lc = ConfigLoader.parse(text, "fuzz.conf");
                    exercise(lc);
                    warnings += lc.warnings().size();
                    parsed++;
                } catch (ConfigException e) {
                    assertTrue(e.getMessage().startsWith("fuzz.conf:" + e.line() + ": "), e.getMessage());
                    rejected++;
                } catch (Throwable t) {
                    fail("text #" + i + " escaped with " + t + ":\n" + text, t);
                }
            }
            System.out.printf("config fuzz: %d texts, %d parsed (%d warnings), %d rejected with ConfigException%n",
                    fuzz.iterations(), parsed, warnings, rejected);
            // both outcomes must actually be exercised, or the generator is useless
            assertTrue(parsed > fuzz.iterations() / 12, "parsed " + parsed);
            assertTrue(rejected > fuzz.iterations() / 12, "rejected " + rejected);
        });
    }

    @Test
    void pathologicalInputsAreHandled() throws ConfigException {
        // 20,000 nested sections, closed: parsed iteratively, skipped as unknown
        String deep = "x {\n".repeat(20_000) + "}\n".repeat(20_000);
        assertTrue(ConfigLoader.parse(deep, "deep.conf").warnings().size() == 1);
        // unclosed: fatal, naming the innermost open section
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> ConfigLoader.parse("x {\n".repeat(5_000), "deep.conf"));
        assertTrue(e.line() == 5_000, e.getMessage());
        // deeply nested groups and huge alternations in regexes become warnings, not stack overflows
        String groups = "blacklist {\n devnode \"" + "(".repeat(10_000) + "a" + ")".repeat(10_000) + "\"\n"
                + " wwid \"" + "a|".repeat(20_000) + "b\"\n}\n";
        LoadedConfig lc = ConfigLoader.parse(groups, "re.conf");
        assertTrue(lc.warnings().size() == 1, lc.warnings().toString());
        exercise(lc);
        // a 1 MB line
        exercise(ConfigLoader.parse("defaults {\n prio_args \"" + "x".repeat(1 << 20) + "\"\n}\n", "big.conf"));
    }

    private static void exercise(LoadedConfig lc) {
        for (ConfigWarning w : lc.warnings()) w.toString();
        MultipathConfig c = lc.config();
        c.globals().toString();
        for (DeviceIdentity id : IDS) {
            PathSettings p = c.forPath(id);
            p.toString();
            p.checkerTimeout(OptionalInt.empty());
            for (Wwid w : List.of(Wwid.of("36001"), Wwid.of("x"))) {
                MapSettings m = c.forMap(w, id);
                m.toString();
                m.queueMode();
                m.pgInitRetries();
            }
            c.blacklist().filter(new PathFacts("sda", "36001", id.vendor(), id.product(), id.protocol(),
                    List.of("ID_SERIAL", "ID_WWN"), "ID_SERIAL"));
        }
        c.configuredWwids();
    }

    private static String randomText(Random rnd) {
        StringBuilder sb = new StringBuilder();
        int lines = 1 + rnd.nextInt(30);
        for (int l = 0; l < lines; l++) {
            int words = rnd.nextInt(4);
            for (int w = 0; w < words; w++) {
                if (w > 0 || rnd.nextBoolean()) sb.append(rnd.nextInt(8) == 0 ? "\t" : " ");
                sb.append(rnd.nextInt(10) == 0 ? randomChars(rnd) : WORDS[rnd.nextInt(WORDS.length)]);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String randomChars(Random rnd) {
        StringBuilder sb = new StringBuilder();
        int n = 1 + rnd.nextInt(12);
        for (int i = 0; i < n; i++) {
            sb.append(rnd.nextInt(4) == 0 ? (char) rnd.nextInt(0x3000) : (char) (0x20 + rnd.nextInt(0x5f)));
        }
        return sb.toString();
    }

    private static String mutate(String text, Random rnd) {
        StringBuilder sb = new StringBuilder(text);
        int edits = 1 + rnd.nextInt(6);
        for (int e = 0; e < edits && sb.length() > 0; e++) {
            int pos = rnd.nextInt(sb.length());
            switch (rnd.nextInt(7)) {
                case 0 -> sb.deleteCharAt(pos);
                case 1 -> sb.insert(pos, WORDS[rnd.nextInt(WORDS.length)]);
                case 2 -> sb.insert(pos, "{}\"!#\n \\".charAt(rnd.nextInt(8)));
                case 3 -> sb.setCharAt(pos, (char) rnd.nextInt(0x100));
                case 4 -> sb.delete(pos, Math.min(sb.length(), pos + rnd.nextInt(40)));
                case 5 -> sb.setLength(pos);
                default -> {
                    List<String> lines = new ArrayList<>(List.of(sb.toString().split("\n", -1)));
                    int a = rnd.nextInt(lines.size());
                    int b = rnd.nextInt(lines.size());
                    if (rnd.nextBoolean()) lines.add(b, lines.get(a));
                    else java.util.Collections.swap(lines, a, b);
                    sb = new StringBuilder(String.join("\n", lines));
                }
            }
        }
        return sb.toString();
    }
}
