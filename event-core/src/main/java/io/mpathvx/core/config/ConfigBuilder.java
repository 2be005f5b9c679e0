package io.mpathvx.core.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Applies the stanzas of one or more files (main file, then config_dir files) to a configuration
 * under construction: checks every keyword against the section it is in and its value against
 * the keyword, turning what it cannot use into warnings.
 */
final class ConfigBuilder {
    private final List<ConfigWarning> warnings;
    private final Map<String, ConfigValue> defaults = new LinkedHashMap<>();
    private final Map<String, ConfigValue> overrides = new LinkedHashMap<>();
    private final List<ProtocolEntry> protocols = new ArrayList<>();
    private final List<DeviceEntry> devices = new ArrayList<>();
    private final List<MultipathEntry> multipaths = new ArrayList<>();
    private final RuleLists blacklist = new RuleLists();
    private final RuleLists exceptions = new RuleLists();
    private final List<DeviceRule> productBlacklist = new ArrayList<>();
    private final Origin.Source deviceSource;   // DEVICES, or HWTABLE while reading the built-in table

    private static final class RuleLists {
        final List<BlacklistRule> devnode = new ArrayList<>();
        final List<BlacklistRule> wwid = new ArrayList<>();
        final List<BlacklistRule> property = new ArrayList<>();
        final List<BlacklistRule> protocol = new ArrayList<>();
        final List<DeviceRule> device = new ArrayList<>();

        Blacklist.Lists freeze() {
            return new Blacklist.Lists(devnode, wwid, property, protocol, device);
        }
    }

    ConfigBuilder(List<ConfigWarning> warnings) {
        this(warnings, Origin.Source.DEVICES);
    }

    private ConfigBuilder(List<ConfigWarning> warnings, Origin.Source deviceSource) {
        this.warnings = warnings;
        this.deviceSource = deviceSource;
    }

    /** A builder for the built-in table: its device entries are built-in, their values of origin HWTABLE. */
    static ConfigBuilder forHwTable(List<ConfigWarning> warnings) {
        return new ConfigBuilder(warnings, Origin.Source.HWTABLE);
    }

    /** The device entries read so far, in file order. */
    List<DeviceEntry> devices() {
        return List.copyOf(devices);
    }

    /** The blacklist rules of the product_blacklist keywords read so far. */
    List<DeviceRule> productBlacklist() {
        return List.copyOf(productBlacklist);
    }

    /** The config_dir set so far (main file), or the built-in one. */
    String configDir() {
        ConfigValue v = defaults.get("config_dir");
        return v == null ? (String) BuiltinDefaults.VALUES.get("config_dir") : (String) v.value();
    }

    void apply(List<Stanza> top, boolean mainFile) {
        for (Stanza s : top) {
            if (!s.section()) {
                warn(s, "unknown keyword '" + s.keyword() + "' outside any section; ignored");
                continue;
            }
            switch (s.keyword()) {
                case "defaults" -> values(s, Scope.DEFAULTS, Origin.Source.DEFAULTS, defaults, null, mainFile);
                case "blacklist" -> blacklistSection(s, blacklist);
                case "blacklist_exceptions" -> blacklistSection(s, exceptions);
                case "devices" -> subsections(s, "device", this::device);
                case "overrides" -> values(s, Scope.OVERRIDES, Origin.Source.OVERRIDES, overrides,
                        sub -> subsection(sub, "protocol", this::protocol), true);
                case "multipaths" -> subsections(s, "multipath", this::multipath);
                default -> unknownSection(s, null);
            }
        }
    }

    MultipathConfig build() {
        return build(false);
    }

    /** @param nvmeNativeMultipath the kernel's native NVMe multipathing is on: leave NVMe devices to it */
    MultipathConfig build(boolean nvmeNativeMultipath) {
        Blacklist.Lists black = blacklist.freeze();
        Blacklist.Lists except = exceptions.freeze();
        // upstream appends its defaults after the user's rules (order within a list does not matter)
        List<BlacklistRule> devnode = new ArrayList<>(black.devnode());
        devnode.add(BlacklistRule.of(
                nvmeNativeMultipath ? Blacklist.DEFAULT_DEVNODE_NVME_NATIVE : Blacklist.DEFAULT_DEVNODE, Origin.BUILTIN));
        List<DeviceRule> device = new ArrayList<>(black.device());
        // as blacklist.c setup_default_blist: the product_blacklist of every entry, built-in ones first
        device.addAll(HwTable.PRODUCT_BLACKLIST);
        device.addAll(productBlacklist);
        List<BlacklistRule> property = new ArrayList<>(except.property());
        property.add(BlacklistRule.of(Blacklist.DEFAULT_PROPERTY_EXCEPTION, Origin.BUILTIN));
        Blacklist bl = new Blacklist(
                new Blacklist.Lists(devnode, black.wwid(), black.property(), black.protocol(), device),
                new Blacklist.Lists(except.devnode(), except.wwid(), property, except.protocol(), except.device()));
        List<DeviceEntry> allDevices = new ArrayList<>(HwTable.ENTRIES);
        allDevices.addAll(devices);
        allDevices = DeviceTable.factorize(allDevices);
        return new MultipathConfig(new SectionValues(defaults), new SectionValues(overrides), List.copyOf(protocols),
                List.copyOf(allDevices), List.copyOf(multipaths), bl);
    }

    private void values(Stanza section, Scope scope, Origin.Source source, Map<String, ConfigValue> into,
                        Consumer<Stanza> subsections, boolean mainFile) {
        for (Stanza s : section.children()) {
            if (s.section()) {
                if (subsections != null) subsections.accept(s);
                else unknownSection(s, section.keyword());
                continue;
            }
            if (!mainFile && s.keyword().equals("config_dir")) {
                warn(s, "config_dir is only read from the main config file; ignored");
                continue;
            }
            value(s, scope, source, section.keyword(), into);
        }
    }

    private void value(Stanza s, Scope scope, Origin.Source source, String sectionName, Map<String, ConfigValue> into) {
        Keyword k = Keywords.find(scope, s.keyword());
        if (k == null) {
            java.util.Set<Scope> elsewhere = Keywords.scopesOf(s.keyword());
            if (elsewhere.isEmpty()) {
                warn(s, "unknown keyword '" + s.keyword() + "' in the " + sectionName + " section; ignored");
            } else {
                warn(s, "keyword '" + s.keyword() + "' is not valid in the " + sectionName + " section (only in: "
                        + String.join(", ", elsewhere.stream().map(Scope::sectionName).toList()) + "); ignored");
            }
            return;
        }
        if (s.value() == null) {
            warn(s, "missing value for '" + s.keyword() + "'; ignored");
            return;
        }
        try {
            into.put(k.name(), new ConfigValue(k.type().parse(s.value()), Origin.at(source, s.file(), s.line())));
        } catch (InvalidValue e) {
            warn(s, "invalid value for " + s.keyword() + ": \"" + s.value() + "\" (expected " + e.getMessage()
                    + "); ignored");
        }
    }

    private void subsections(Stanza section, String name, Consumer<Stanza> handler) {
        for (Stanza s : section.children()) {
            if (s.section()) subsection(s, name, handler);
            else warn(s, "unknown keyword '" + s.keyword() + "' in the " + section.keyword() + " section; ignored");
        }
    }

    private void subsection(Stanza s, String name, Consumer<Stanza> handler) {
        if (s.keyword().equals(name)) handler.accept(s);
        else unknownSection(s, null);
    }

    private void device(Stanza section) {
        Map<String, ConfigValue> v = new LinkedHashMap<>();
        values(section, Scope.DEVICE, deviceSource, v, null, true);
        String vendor = text(v, "vendor");
        String product = text(v, "product");
        if (vendor == null || product == null) {
            warn(section, "device entry without vendor and product; ignored");
            return;
        }
        Pattern vp = regex(section, "vendor", vendor);
        Pattern pp = regex(section, "product", product);
        String revision = text(v, "revision");
        Pattern rp = revision == null ? null : regex(section, "revision", revision);
        if (vp == null || pp == null || (revision != null && rp == null)) return;
        devices.add(new DeviceEntry(vp, pp, rp, new SectionValues(v), deviceSource == Origin.Source.HWTABLE));
        String bl = text(v, "product_blacklist");
        if (bl != null) {
            DeviceRule rule = deviceRule(section, vendor, bl);
            if (rule != null) productBlacklist.add(rule);
        }
    }

    private void multipath(Stanza section) {
        Map<String, ConfigValue> v = new LinkedHashMap<>();
        values(section, Scope.MULTIPATH, Origin.Source.MULTIPATHS, v, null, true);
        String wwid = text(v, "wwid");
        if (wwid == null) {
            warn(section, "multipath entry without wwid; ignored");
            return;
        }
        multipaths.add(new MultipathEntry(wwid, new SectionValues(v)));
    }

    private void protocol(Stanza section) {
        Map<String, ConfigValue> v = new LinkedHashMap<>();
        values(section, Scope.PROTOCOL, Origin.Source.OVERRIDES_PROTOCOL, v, null, true);
        String type = text(v, "type");
        if (type == null) {
            warn(section, "protocol entry without type; ignored");
            return;
        }
        protocols.add(new ProtocolEntry(type, new SectionValues(v)));
    }

    private void blacklistSection(Stanza section, RuleLists into) {
        for (Stanza s : section.children()) {
            if (s.section()) {
                if (s.keyword().equals("device")) blacklistDevice(s, into);
                else unknownSection(s, section.keyword());
                continue;
            }
            List<BlacklistRule> list = switch (s.keyword()) {
                case "devnode" -> into.devnode;
                case "wwid" -> into.wwid;
                case "property" -> into.property;
                case "protocol" -> into.protocol;
                default -> null;
            };
            if (list == null) {
                warn(s, "unknown keyword '" + s.keyword() + "' in the " + section.keyword() + " section; ignored");
            } else if (s.value() == null) {
                warn(s, "missing value for '" + s.keyword() + "'; ignored");
            } else {
                BlacklistRule r = rule(s, s.keyword(), s.value());
                if (r != null) list.add(r);
            }
        }
    }

    private void blacklistDevice(Stanza section, RuleLists into) {
        String vendor = null;
        String product = null;
        for (Stanza s : section.children()) {
            if (s.section()) {
                unknownSection(s, "device");
            } else if (!s.keyword().equals("vendor") && !s.keyword().equals("product")) {
                warn(s, "unknown keyword '" + s.keyword() + "' in a blacklist device section; ignored");
            } else if (s.value() == null) {
                warn(s, "missing value for '" + s.keyword() + "'; ignored");
            } else if (s.keyword().equals("vendor")) {
                vendor = s.value();
            } else {
                product = s.value();
            }
        }
        if (vendor == null && product == null) {
            warn(section, "blacklist device entry without vendor or product; ignored");
            return;
        }
        DeviceRule r = deviceRule(section, vendor, product);
        if (r != null) into.device.add(r);
    }

    private DeviceRule deviceRule(Stanza at, String vendor, String product) {
        BlacklistRule v = vendor == null ? null : rule(at, "vendor", vendor);
        BlacklistRule p = product == null ? null : rule(at, "product", product);
        if ((vendor != null && v == null) || (product != null && p == null)) return null;
        return new DeviceRule(v, p);
    }

    private BlacklistRule rule(Stanza at, String what, String text) {
        try {
            return BlacklistRule.of(text, Origin.at(Origin.Source.BLACKLIST, at.file(), at.line()));
        } catch (IllegalArgumentException e) {
            warn(at, "invalid regular expression for " + what + " \"" + text + "\": " + e.getMessage() + "; ignored");
            return null;
        }
    }

    private Pattern regex(Stanza at, String what, String text) {
        try {
            return PosixRegex.compile(text);
        } catch (IllegalArgumentException e) {
            warn(at, "invalid regular expression for " + what + " \"" + text + "\": " + e.getMessage()
                    + "; device entry ignored");
            return null;
        }
    }

    private void unknownSection(Stanza s, String parent) {
        warn(s, "unknown section '" + s.keyword() + "'" + (parent == null ? "" : " in the " + parent + " section")
                + "; skipped with everything inside it");
    }

    private static String text(Map<String, ConfigValue> v, String keyword) {
        ConfigValue c = v.get(keyword);
        return c == null ? null : (String) c.value();
    }

    private void warn(Stanza s, String problem) {
        warnings.add(new ConfigWarning(s.file(), s.line(), problem));
    }
}
