package io.mpathvx.uevent;

/**
 * The configured uid_attribute for a device (multipathd's select_getuid(): overrides > device entry > defaults),
 * asked once its identity is read from sysfs; null to use the per-bus default. Must be thread-safe (called on
 * workers).
 */
@FunctionalInterface
public interface UidAttributeChooser {
    String attribute(String name, String vendor, String product, String revision);
}
