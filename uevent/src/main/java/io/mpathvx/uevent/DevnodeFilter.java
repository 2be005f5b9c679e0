package io.mpathvx.uevent;

import io.mpathvx.core.config.Blacklist;

import java.util.regex.Pattern;

/**
 * Decides by kernel device name whether a (non-dm) block device is blacklisted: ignored in uevents and discovery.
 * The daemon adapts its configured blacklist to this; {@link #defaults()} stands in until then.
 */
@FunctionalInterface
public interface DevnodeFilter {
    boolean blacklisted(String kernelName);

    /** Devices that are never multipath paths: dm, loop, ram, zram, md, sr and similar (multipathd's old default). */
    static DevnodeFilter defaults() {
        Pattern p = Pattern.compile("^(ram|zram|raw|loop|fd|md|dm-|sr|scd|st|dcssblk|nbd|zd)[0-9]");
        return name -> p.matcher(name).find();
    }

    /** The devnode rules (and exceptions) of a configured blacklist, as multipathd's uevent_can_discard uses them. */
    static DevnodeFilter of(Blacklist blacklist) {
        return name -> blacklist.filterDevnode(name).blacklisted();
    }

    /** Nothing is blacklisted. */
    static DevnodeFilter none() {
        return name -> false;
    }
}
