package io.mpathvx.core.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The built-in device table: a few entries, in upstream's order (generic before specific; a
 * later match wins per attribute). User device entries come after these.
 */
final class HwTable {
    private HwTable() {
    }

    static final List<DeviceEntry> ENTRIES = List.of(
            // multipath-tools hwtable.c "Generic NVMe"
            entry("^NVME", ".*", "generic NVMe entry", Map.of(
                    "uid_attribute", "ID_WWN",
                    "path_checker", "none",
                    "path_grouping_policy", PathGroupingPolicy.GROUP_BY_PRIO,
                    "failback", Failback.IMMEDIATE)),
            // multipath-tools hwtable.c "Linux-IO (LIO) Target"
            entry("(LIO-ORG|SUSE)", ".*", "Linux-IO (LIO) target entry", Map.of(
                    "path_grouping_policy", PathGroupingPolicy.GROUP_BY_PRIO,
                    "failback", Failback.IMMEDIATE,
                    "no_path_retry", NoPathRetry.retries(12),
                    "prio", "alua",
                    "path_checker", "directio",
                    "detect_checker", Boolean.FALSE)),
            // mpathvx's own: multipath-tools has no scsi_debug entry. scsi_debug reports ALUA with
            // every port active/optimized, so all paths go in one group; a bounded no_path_retry
            // keeps a test that fails every path from hanging on queued I/O.
            entry("^Linux$", "^scsi_debug$", "Linux scsi_debug entry (mpathvx)", Map.of(
                    "path_grouping_policy", PathGroupingPolicy.MULTIBUS,
                    "hardware_handler", "1 alua",
                    "path_checker", "tur",
                    "failback", Failback.IMMEDIATE,
                    "no_path_retry", NoPathRetry.retries(12),
                    "fast_io_fail_tmo", OptionalInt.of(5))));

    private static DeviceEntry entry(String vendor, String product, String name, Map<String, Object> settings) {
        Origin origin = new Origin(Origin.Source.HWTABLE, name);
        Map<String, ConfigValue> values = new LinkedHashMap<>();
        settings.forEach((k, v) -> values.put(k, new ConfigValue(v, origin)));
        return new DeviceEntry(PosixRegex.compile(vendor), PosixRegex.compile(product), null,
                new SectionValues(values), true);
    }
}
