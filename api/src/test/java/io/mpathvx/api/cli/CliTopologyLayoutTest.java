package io.mpathvx.api.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.mpathvx.api.cli.CliFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Expected texts written by hand from print.c snprint_multipath_topology__ (0.14.3):
 * "|-+- " before a group that is not the last, "`-+- " before the last; path lines start
 * with "| " under a non-last group, "  " under the last, then "|- " or "`- " for the last
 * path. Path columns are padded (no header) to the widest cell over all known paths,
 * which here includes "10:0:0:10" and "faulty", so the mpatha lines are padded too.
 */
class CliTopologyLayoutTest {
    private static final String MPATHA_TOPOLOGY = ""
            + "mpatha (3600140500000000000000000000000a1) dm-0 LIO-ORG,disk0\n"
            + "size=1.0G features='1 queue_if_no_path' hwhandler='1 alua' wp=rw\n"
            + "|-+- policy='service-time 0' prio=50 status=active\n"
            + "| |- 2:0:0:1   sda 8:0  active ready  running\n"
            + "| `- 3:0:0:1   sdc 8:32 active ready  running\n"
            + "`-+- policy='service-time 0' prio=10 status=enabled\n"
            + "  |- 2:0:1:1   sdb 8:16 active ghost  running\n"
            + "  `- 3:0:1:1   sdd 8:48 failed faulty running\n";

    /** The map's name is its WWID, so the WWID is not repeated in parentheses. */
    private static final String MAP_B_TOPOLOGY = ""
            + "36001405bbbbbbbbbbbbbbbbbbbbbbbb2 dm-1 ACME,thing\n"
            + "size=10G features='0' hwhandler='0' wp=ro\n"
            + "`-+- policy='round-robin 0' prio=1 status=active\n"
            + "  `- 10:0:0:10 sde 8:64 active ready  running\n";

    @Test
    void showTopologyDrawsEveryMapAsATree() {
        assertEquals(MPATHA_TOPOLOGY + MAP_B_TOPOLOGY, TopologyLayout.maps(VIEW));
    }

    @Test
    void showMapTopologyKeepsTheColumnWidthsOfAllPaths() {
        assertEquals(MPATHA_TOPOLOGY, TopologyLayout.map(VIEW, MPATHA));
    }

    @Test
    void aPendingActionPrefixesTheMapLineAndAMapWithoutGroupsStopsAfterItsProperties() {
        CliMap creating = new CliMap("mpathc", "3600c", null, 0, null, null, null, null, "create",
                null, null, List.of());
        assertEquals("create: mpathc (3600c) undef ##,##\nsize=0.0K features='' hwhandler='' wp=undef\n",
                TopologyLayout.map(CliView.ofMaps(List.of(creating)), creating));
    }
}
