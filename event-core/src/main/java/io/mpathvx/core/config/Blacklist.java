package io.mpathvx.core.config;

import java.util.List;

/**
 * The blacklist and blacklist_exceptions of a configuration, with multipathd's semantics: in
 * each category the exceptions are checked first (a hit gives the negative *_EXCEPT code), then
 * the blacklist; {@link #filter(PathFacts)} runs property, devnode, device, protocol and wwid
 * checks in that order and returns the first blacklisting verdict, else the wwid check's result.
 */
public final class Blacklist {
    /** Upstream's default devnode rule when the kernel's native NVMe multipathing is off. */
    public static final String DEFAULT_DEVNODE = "!^(sd[a-z]|dasd[a-z]|nvme[0-9])";
    /** The same when native NVMe multipathing is on: NVMe namespaces are then left to the kernel. */
    public static final String DEFAULT_DEVNODE_NVME_NATIVE = "!^(sd[a-z]|dasd[a-z])";
    /** Upstream's default property exception: devices udev found an identity for. */
    public static final String DEFAULT_PROPERTY_EXCEPTION = "(SCSI_IDENT_|ID_WWN)";

    private final Lists blacklist;
    private final Lists exceptions;

    /** The rules of one side (blacklist or exceptions). */
    record Lists(List<BlacklistRule> devnode, List<BlacklistRule> wwid, List<BlacklistRule> property,
                 List<BlacklistRule> protocol, List<DeviceRule> device) {
        Lists {
            devnode = List.copyOf(devnode);
            wwid = List.copyOf(wwid);
            property = List.copyOf(property);
            protocol = List.copyOf(protocol);
            device = List.copyOf(device);
        }

        static final Lists EMPTY = new Lists(List.of(), List.of(), List.of(), List.of(), List.of());
    }

    Blacklist(Lists blacklist, Lists exceptions) {
        this.blacklist = blacklist;
        this.exceptions = exceptions;
    }

    Lists blacklist() {
        return blacklist;
    }

    Lists exceptions() {
        return exceptions;
    }

    public BlacklistResult filter(PathFacts p) {
        BlacklistResult r = filterProperty(p.udevProperties(), p.uidAttribute());
        if (r.blacklisted()) return r;
        r = filterDevnode(p.devnode());
        if (r.blacklisted()) return r;
        r = filterDevice(p.vendor(), p.product());
        if (r.blacklisted()) return r;
        r = filterProtocol(p.protocol());
        if (r.blacklisted()) return r;
        return filterWwid(p.wwid());
    }

    public BlacklistResult filterDevnode(String devnode) {
        return simple(devnode, exceptions.devnode(), blacklist.devnode(),
                BlacklistResult.DEVNODE_BLIST_EXCEPT, BlacklistResult.DEVNODE_BLIST);
    }

    public BlacklistResult filterWwid(String wwid) {
        return simple(wwid, exceptions.wwid(), blacklist.wwid(),
                BlacklistResult.WWID_BLIST_EXCEPT, BlacklistResult.WWID_BLIST);
    }

    public BlacklistResult filterProtocol(String protocol) {
        // multipathd prints an unknown protocol as "undef" before matching
        return simple(protocol == null ? "undef" : protocol, exceptions.protocol(), blacklist.protocol(),
                BlacklistResult.PROTOCOL_BLIST_EXCEPT, BlacklistResult.PROTOCOL_BLIST);
    }

    public BlacklistResult filterDevice(String vendor, String product) {
        if (vendor == null || product == null) return BlacklistResult.NOTHING;
        // remembered per vendor/product: the built-in table adds dozens of device rules, a SAN has few identities
        String key = vendor + '\0' + product;
        BlacklistResult known = deviceVerdicts.get(key);
        if (known != null) return known;
        BlacklistResult r = matchDevice(vendor, product);
        if (deviceVerdicts.size() >= 4096) deviceVerdicts.clear();
        deviceVerdicts.put(key, r);
        return r;
    }

    private final java.util.concurrent.ConcurrentHashMap<String, BlacklistResult> deviceVerdicts =
            new java.util.concurrent.ConcurrentHashMap<>();

    private BlacklistResult matchDevice(String vendor, String product) {
        for (DeviceRule r : exceptions.device()) {
            if (r.matches(vendor, product)) return BlacklistResult.DEVICE_BLIST_EXCEPT;
        }
        for (DeviceRule r : blacklist.device()) {
            if (r.matches(vendor, product)) return BlacklistResult.DEVICE_BLIST;
        }
        return BlacklistResult.NOTHING;
    }

    /**
     * Walks the udev property names in order; the first name hit by an exception or blacklist rule
     * decides. With no hit, a path whose uid attribute property is present is blacklisted as
     * "missing property" (it has an identity, yet none the exceptions accept); an empty or null
     * uidAttribute disables that verdict.
     */
    public BlacklistResult filterProperty(List<String> propertyNames, String uidAttribute) {
        boolean checkMissing = uidAttribute != null && !uidAttribute.isEmpty();
        boolean uidSeen = false;
        for (String name : propertyNames) {
            if (name == null) continue;
            if (checkMissing && name.equals(uidAttribute)) uidSeen = true;
            if (any(exceptions.property(), name)) return BlacklistResult.PROPERTY_BLIST_EXCEPT;
            if (any(blacklist.property(), name)) return BlacklistResult.PROPERTY_BLIST;
        }
        return checkMissing && uidSeen ? BlacklistResult.PROPERTY_BLIST_MISSING : BlacklistResult.NOTHING;
    }

    private static BlacklistResult simple(String value, List<BlacklistRule> except, List<BlacklistRule> black,
                                          BlacklistResult exceptResult, BlacklistResult blackResult) {
        if (value == null) return BlacklistResult.NOTHING;
        if (any(except, value)) return exceptResult;
        if (any(black, value)) return blackResult;
        return BlacklistResult.NOTHING;
    }

    private static boolean any(List<BlacklistRule> rules, String value) {
        for (BlacklistRule r : rules) if (r.matches(value)) return true;
        return false;
    }
}
