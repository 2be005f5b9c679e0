package io.mpathvx.core.config;

import java.util.List;

/**
 * What the blacklist looks at for one path. {@code wwid}, {@code vendor}, {@code product},
 * {@code protocol} and {@code uidAttribute} may be null (unknown); {@code udevProperties} are the
 * names of the device's udev properties in udev's order.
 */
public record PathFacts(String devnode, String wwid, String vendor, String product, String protocol,
                        List<String> udevProperties, String uidAttribute) {
    public PathFacts {
        udevProperties = udevProperties == null ? List.of() : List.copyOf(udevProperties);
    }
}
