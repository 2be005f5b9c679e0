package io.mpathvx.uevent;

import io.mpathvx.core.kernel.Sysfs;
import io.mpathvx.core.model.DevT;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/** Reads a path's WWID the way multipathd's get_uid does, from the configured {@link WwidSource}. Blocking. */
final class WwidResolver {
    static final String DEFAULT_UID_ATTRIBUTE = "ID_SERIAL";
    static final String NVME_UID_ATTRIBUTE = "ID_WWN";
    static final String DASD_UID_ATTRIBUTE = "ID_UID";

    /** @param udevPending no WWID yet: udevd runs and has no record of the device; read it again later */
    record Found(String wwid, WwidSource source, boolean udevPending) {
        static final Found NONE = new Found(null, WwidSource.NONE, false);
        static final Found UDEV_PENDING = new Found(null, WwidSource.NONE, true);

        Found(String wwid, WwidSource source) {
            this(wwid, source, false);
        }
    }

    private final Sysfs sysfs;
    private final WwidSource mode;
    private final UidAttributes uidAttrs;

    WwidResolver(Sysfs sysfs, WwidSource mode, UidAttributes uidAttrs) {
        this.sysfs = sysfs;
        this.mode = mode;
        this.uidAttrs = uidAttrs;
    }

    /** The udev property holding the WWID for this device name (uid_attrs, then multipathd's per-bus defaults). */
    String uidAttribute(String name) {
        String attr = uidAttrs.attributeFor(name);
        if (attr != null) return attr;
        if (name.startsWith("nvme")) return NVME_UID_ATTRIBUTE;
        if (name.startsWith("dasd")) return DASD_UID_ATTRIBUTE;
        return DEFAULT_UID_ATTRIBUTE;
    }

    /**
     * The udev property holding the WWID, as multipathd's select_getuid(): uid_attrs by device name, then the
     * configured uid_attribute (overrides > device entry > defaults, from {@code configured}), then the per-bus
     * default.
     */
    String uidAttribute(String name, UidAttributeChooser configured, String vendor, String product, String revision) {
        String attr = uidAttrs.attributeFor(name);
        if (attr != null) return attr;
        if (configured != null) {
            attr = configured.attribute(name, vendor, product, revision);
            if (attr != null) return attr;
        }
        return uidAttribute(name);
    }

    Found resolve(String name, DevT devt, boolean scsi) throws IOException {
        return resolve(name, scsi, sysfs.udevProperties(devt), uidAttribute(name), true);
    }

    /**
     * The same with udev's properties already read (empty: udev has no record of the device) and the attribute chosen.
     * Without {@code fallbackAllowed}, a device udevd has not processed yet while it runs is {@link Found#UDEV_PENDING}
     * rather than named by the fallback: in a storm udevd lags the kernel's uevents, and a path named from VPD now
     * and from udev's ID_SERIAL later (or its sibling path so) splits one LUN into two maps. Mirrors get_uid(), which
     * uses uid_fallback() only once the path's retriggers are used up (allow_fallback).
     */
    Found resolve(String name, boolean scsi, Optional<Map<String, String>> udevProperties, String attr,
                  boolean fallbackAllowed) throws IOException {
        boolean wait = udevProperties.isEmpty() && !attr.isEmpty() && !fallbackAllowed && sysfs.udevRunning();
        return switch (mode) {
            case UDEV -> wait ? Found.UDEV_PENDING : udev(udevProperties, attr);
            case VPD_PG83 -> vpd(name);
            case SYSFS_WWID -> kernelWwid(name);
            case NONE -> Found.NONE;
            case AUTO -> {
                Found f = udev(udevProperties, attr);
                if (f.wwid() != null) yield f;
                if (wait) yield Found.UDEV_PENDING;
                // multipathd falls back only for the default attribute: a custom one means "trust udev only"
                boolean defaultAttr = attr.equals(DEFAULT_UID_ATTRIBUTE) || attr.equals(NVME_UID_ATTRIBUTE);
                if (!defaultAttr) yield Found.NONE;
                if (scsi) yield vpd(name);
                if (name.startsWith("nvme")) yield nvmeWwid(name);
                yield Found.NONE;
            }
        };
    }

    private Found udev(Optional<Map<String, String>> props, String attr) {
        if (props.isEmpty() || attr.isEmpty()) return Found.NONE; // "" = uid_attribute unset: no udev WWID
        String v = props.get().get(attr);
        return v == null || v.isBlank() ? Found.NONE : new Found(v.trim(), WwidSource.UDEV);
    }

    private Found vpd(String name) throws IOException {
        Optional<byte[]> page = sysfs.readBytes("block/" + name + "/device/vpd_pg83");
        if (page.isEmpty()) return Found.NONE;
        return VpdWwid.fromPage83(page.get()).map(w -> new Found(w, WwidSource.VPD_PG83)).orElse(Found.NONE);
    }

    private Found kernelWwid(String name) throws IOException {
        Optional<String> w = sysfs.read("block/" + name + "/device/wwid");
        if (w.isEmpty()) w = sysfs.read("block/" + name + "/wwid");
        return w.map(String::trim).filter(s -> !s.isEmpty()).map(s -> new Found(s, WwidSource.SYSFS_WWID))
                .orElse(Found.NONE);
    }

    private Found nvmeWwid(String name) throws IOException {
        return sysfs.read("block/" + name + "/wwid").map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> new Found(s, WwidSource.SYSFS_WWID)).orElse(Found.NONE);
    }
}
