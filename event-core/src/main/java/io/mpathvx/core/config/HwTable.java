package io.mpathvx.core.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in device table: multipath-tools 0.14.3's hwtable.c, kept as a multipath.conf devices
 * section in the resource {@value #RESOURCE} and read with the config file's own parser, so every
 * keyword and value is checked as a user's would be. User device entries come after these.
 */
final class HwTable {
    static final String RESOURCE = "hwtable.conf";

    private static final ConfigBuilder TABLE = read();

    /** The built-in entries in upstream's order (generic before specific: a later match wins per keyword). */
    static final List<DeviceEntry> ENTRIES = TABLE.devices();

    /** The blacklist rules from the entries' product_blacklist (upstream's bl_product). */
    static final List<DeviceRule> PRODUCT_BLACKLIST = TABLE.productBlacklist();

    private HwTable() {
    }

    private static ConfigBuilder read() {
        List<ConfigWarning> warnings = new ArrayList<>();
        ConfigBuilder builder = ConfigBuilder.forHwTable(warnings);
        try (InputStream in = HwTable.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("resource " + RESOURCE + " missing");
            builder.apply(StanzaParser.parse(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1), RESOURCE,
                    warnings), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ConfigException e) {
            throw new IllegalStateException("built-in " + RESOURCE + " is broken", e);
        }
        // a warning means an entry or keyword was dropped: the shipped table must be clean
        if (!warnings.isEmpty()) throw new IllegalStateException("built-in " + RESOURCE + ": " + warnings);
        return builder;
    }
}
