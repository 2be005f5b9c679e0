package io.mpathvx.core.config;

/** A blacklist "device" rule: vendor and product rules (either may be null = any); both must match. */
record DeviceRule(BlacklistRule vendor, BlacklistRule product) {
    boolean matches(String vendorValue, String productValue) {
        if (vendor == null && product == null) return false;
        return (vendor == null || vendor.matches(vendorValue)) && (product == null || product.matches(productValue));
    }
}
