package io.mpathvx.uevent;

import io.mpathvx.core.model.DevT;
import io.mpathvx.core.model.Wwid;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One parsed uevent, from either the kernel or udevd. Immutable.
 *
 * @param action     add, remove, change, bind, ...
 * @param devpath    the sysfs path below /sys, e.g. {@code /devices/.../block/sda}
 * @param subsystem  block, scsi, ...; empty if the event named none
 * @param seqnum     the kernel's SEQNUM, -1 if absent
 * @param properties every {@code KEY=VALUE} in arrival order; for a repeated key the first one counts (as in
 *                   multipathd)
 * @param source     which netlink group it came from
 */
public record Uevent(String action, String devpath, String subsystem, long seqnum, Map<String, String> properties,
                     Source source) {
    /** Where a uevent came from. */
    public enum Source { KERNEL, UDEV }

    public Uevent {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(devpath, "devpath");
        subsystem = subsystem == null ? "" : subsystem;
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        Objects.requireNonNull(source, "source");
    }

    /**
     * Builds a uevent from an environment list of {@code NAME=value} strings, the way multipathd sees one: an entry
     * without '=' defines nothing, and the first definition of a name wins.
     */
    public static Uevent fromEnvironment(Iterable<String> env, Source source) {
        Map<String, String> props = new LinkedHashMap<>();
        for (String entry : env) {
            int eq = entry.indexOf('=');
            if (eq > 0) props.putIfAbsent(entry.substring(0, eq), entry.substring(eq + 1));
        }
        return new Uevent(props.getOrDefault("ACTION", ""), props.getOrDefault("DEVPATH", ""),
                props.get("SUBSYSTEM"), seqnumOf(props.get("SEQNUM")), props, source);
    }

    static long seqnumOf(String text) {
        if (text == null || text.isEmpty() || text.length() > 18) return -1;
        for (int i = 0; i < text.length(); i++) if (text.charAt(i) < '0' || text.charAt(i) > '9') return -1;
        return Long.parseLong(text);
    }

    /** A property's value; null when absent. */
    public String property(String name) {
        return properties.get(name);
    }

    /** The kernel's device name: the last component of DEVPATH ({@code sda}, {@code dm-0}). */
    public String kernelName() {
        int slash = devpath.lastIndexOf('/');
        return slash < 0 ? devpath : devpath.substring(slash + 1);
    }

    /** MAJOR as a non-negative decimal, -1 when missing or not entirely decimal digits. */
    public int major() {
        return positiveInt("MAJOR");
    }

    /** MINOR as a non-negative decimal, -1 when missing or invalid. */
    public int minor() {
        return positiveInt("MINOR");
    }

    /** DISK_RO as a non-negative decimal, -1 when missing or invalid. */
    public int diskRo() {
        return positiveInt("DISK_RO");
    }

    /** MAJOR:MINOR, when both are valid and in range. */
    public Optional<DevT> devt() {
        int major = major(), minor = minor();
        if (major < 0 || minor < 0 || major > 0xfff || minor > 0xfffff) return Optional.empty();
        return Optional.of(new DevT(major, minor));
    }

    /** DEVNAME as sent (the kernel sends {@code sda}, udev {@code /dev/sda}); null when absent. */
    public String devName() {
        return properties.get("DEVNAME");
    }

    /** DEVTYPE: disk or partition for block devices; null when absent. */
    public String devType() {
        return properties.get("DEVTYPE");
    }

    public String dmName() {
        return properties.get("DM_NAME");
    }

    public String dmUuid() {
        return properties.get("DM_UUID");
    }

    /** PATH_FAILED or PATH_REINSTATED on dm-multipath change events; null otherwise. */
    public String dmAction() {
        return properties.get("DM_ACTION");
    }

    /** The path (M:m) a dm-multipath DM_ACTION is about; null otherwise. */
    public String dmPath() {
        return properties.get("DM_PATH");
    }

    /** Whether this is a device-mapper device (kernel name dm-N), as multipathd decides it. */
    public boolean isDm() {
        return kernelName().startsWith("dm-");
    }

    /** Whether DM_UUID names a multipath map: prefix {@code mpath-} and at least one character after it. */
    public boolean isMultipath() {
        return Wwid.fromMapUuid(dmUuid()) != null;
    }

    public boolean isBlock() {
        return "block".equals(subsystem);
    }

    public boolean isPartition() {
        return "partition".equals(devType());
    }

    /**
     * The WWID carried in this uevent: the value of the uid attribute that {@code uidAttrs} selects for this
     * device's kernel name (multipathd's uevent_get_wwid); empty when none is configured or the property is absent.
     */
    public Optional<String> wwid(UidAttributes uidAttrs) {
        String attr = uidAttrs.attributeFor(kernelName());
        if (attr == null || attr.isEmpty()) return Optional.empty();
        return Optional.ofNullable(properties.get(attr)); // multipathd takes even an empty value here
    }

    /** The WWID in the given udev property (multipathd's {@code uid_attribute}); empty when absent or empty. */
    public Optional<String> wwid(String uidAttribute) {
        String v = uidAttribute == null || uidAttribute.isEmpty() ? null : properties.get(uidAttribute);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    private int positiveInt(String name) {
        String v = properties.get(name);
        if (v == null || v.isEmpty() || v.length() > 10) return -1;
        long n = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') return -1;
            n = n * 10 + (c - '0');
        }
        return n > Integer.MAX_VALUE ? -1 : (int) n;
    }

    @Override
    public String toString() {
        return action + "@" + devpath + " (" + source + ", seq " + seqnum + ")";
    }
}
