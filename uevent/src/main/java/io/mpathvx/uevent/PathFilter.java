package io.mpathvx.uevent;

import io.mpathvx.core.config.Blacklist;
import io.mpathvx.core.config.BlacklistResult;

import java.util.List;

/**
 * The checks multipathd makes once it has read a path from sysfs and udev, before the path may join a map
 * (libmultipath/discovery.c pathinfo(): the USB skip after sysfs_pathinfo(), then with DI_BLACKLIST
 * filter_property(), filter_device() and filter_protocol()). Devnode rules run earlier, on the name alone
 * ({@link DevnodeFilter}). Immutable, thread-safe.
 */
@FunctionalInterface
public interface PathFilter {
    /** Why the path is skipped, e.g. {@code "blacklisted by property (PROPERTY_BLIST)"}; null to keep it. */
    String skip(Candidate path);

    /**
     * What the checks look at.
     *
     * @param protocol       multipathd's protocol name ({@code scsi:fcp}, {@code nvme:tcp}, ...)
     * @param udevProperties the names of the path's udev properties, in udev's order; null when udev has no record
     * @param uidAttribute   the udev property the WWID comes from (uid_attribute); empty for none
     */
    record Candidate(String name, String vendor, String product, String protocol, List<String> udevProperties,
                     String uidAttribute) {
    }

    static PathFilter none() {
        return c -> null;
    }

    /** The configured blacklist's property, device and protocol rules, and allow_usb_devices. */
    static PathFilter of(Blacklist blacklist, boolean allowUsbDevices) {
        return c -> {
            if (!allowUsbDevices && TransportProtocol.SCSI_USB.equals(c.protocol())) return "USB device (allow_usb_devices no)";
            // no udev record: upstream's filter_property() returns MATCH_NOTHING without a udev device
            BlacklistResult r = c.udevProperties() == null ? BlacklistResult.NOTHING
                    : blacklist.filterProperty(c.udevProperties(), c.uidAttribute());
            if (!r.blacklisted()) r = blacklist.filterDevice(c.vendor(), c.product());
            if (!r.blacklisted()) r = blacklist.filterProtocol(c.protocol());
            if (!r.blacklisted()) return null;
            return switch (r) {
                case PROPERTY_BLIST -> "blacklisted by property";
                case PROPERTY_BLIST_MISSING -> "blacklisted: no udev property matches blacklist_exceptions (" + c.uidAttribute() + " present)";
                case DEVICE_BLIST -> "blacklisted by vendor/product";
                case PROTOCOL_BLIST -> "blacklisted by protocol " + c.protocol();
                default -> "blacklisted (" + r + ")";
            };
        };
    }
}
