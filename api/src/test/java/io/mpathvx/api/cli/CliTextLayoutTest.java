package io.mpathvx.api.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.mpathvx.api.cli.CliFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Expected texts are derived from libmultipath/print.c (0.14.3): every column is padded to
 * the widest of its header and cells, the last one too, so lines may end in spaces.
 */
class CliTextLayoutTest {

    @Test
    void showMapsPrintsNameSysfsUuidUnderAPaddedHeader() {
        assertEquals(""
                        + "name                              sysfs uuid                             \n"
                        + "mpatha                            dm-0  3600140500000000000000000000000a1\n"
                        + "36001405bbbbbbbbbbbbbbbbbbbbbbbb2 dm-1  36001405bbbbbbbbbbbbbbbbbbbbbbbb2\n",
                TextLayout.maps(VIEW, TextLayout.MAP_NAMES));
    }

    @Test
    void showPathsListsEveryKnownPathIncludingOrphans() {
        assertEquals(""
                        + "hcil      dev dev_t pri dm_st  chk_st dev_st  next_check     \n"
                        + "2:0:0:1   sda 8:0   50  active ready  running XXXXXX.... 3/5 \n"
                        + "2:0:1:1   sdb 8:16  10  active ghost  running XXXXXXXXXX 5/5 \n"
                        + "3:0:0:1   sdc 8:32  50  active ready  running XX........ 1/5 \n"
                        + "3:0:1:1   sdd 8:48  10  failed faulty running .......... 0/5 \n"
                        + "10:0:0:10 sde 8:64  1   active ready  running X......... 2/20\n"
                        + "11:0:0:0  sdf 8:80  -1  undef  undef  unknown orphan         \n",
                TextLayout.paths(VIEW, TextLayout.PATH_CHECKER));
    }

    @Test
    void showMapsStatusAndStatsUseTheirDefaultFormats() {
        assertEquals(""
                        + "name                              failback    queueing paths dm-st   write_prot\n"
                        + "mpatha                            immediate   12 chk   3     active  rw        \n"
                        + "36001405bbbbbbbbbbbbbbbbbbbbbbbb2 deferred:30 on       1     suspend ro        \n",
                TextLayout.maps(VIEW, TextLayout.MAP_STATUS));
        assertEquals("mpatha 4 2 3 0 0\n" + WWID_B + " 0 0 1 0 0\n",
                TextLayout.mapsRaw(VIEW, TextLayout.MAP_STATS));
    }

    @Test
    void userFormatKeepsLiteralTextAndDropsUnknownWildcards() {
        // %Z and %> are no wildcards and "%%" is no escape upstream: all print nothing
        assertEquals("<mpatha||dm-0|\n<" + WWID_B + "||dm-1|\n",
                TextLayout.mapsRaw(VIEW, "<%n|%Z%%|%d|%>"));
        assertEquals("mpatha\n" + WWID_B + "\n", TextLayout.mapsRaw(VIEW, "%n%"));
        assertEquals(""
                        + "[name                             ] size features          \n"
                        + "[mpatha                           ] 1.0G 1 queue_if_no_path\n"
                        + "[36001405bbbbbbbbbbbbbbbbbbbbbbbb2] 10G  0                 \n",
                TextLayout.maps(VIEW, "[%n] %S %f"));
    }

    @Test
    void mapWildcardsDeriveVendorAndProductFromThePaths() {
        assertEquals("LIO-ORG,disk0 LIO-ORG disk0 4.0 -- [undef] n/a\n",
                TextLayout.mapsRaw(CliView.ofMaps(List.of(MPATHA)), "%s %v %p %e %G %g %k"));
        assertEquals("ACME,thing ACME thing 0001 -- vpd-e 512\n",
                TextLayout.mapsRaw(CliView.ofMaps(List.of(MAP_B)), "%s %v %p %e %G %g %k"));
    }

    @Test
    void showMapFormatPadsToTheWidthsOfTheWholeMapTable() {
        assertEquals("mpatha                            dm-0 \n", TextLayout.map(VIEW, MPATHA, "%n %d"));
    }

    @Test
    void pathWildcardsCoverIdentityTransportAndState() {
        assertEquals("sde 8:64 36001405bbbbbbbbbbbbbbbbbbbbbbbb2 ACME,thing,0001 SN-E tur 10G "
                        + WWID_B + " normal ok 0 scsi:fcp\n",
                TextLayout.pathsRaw(new CliView(List.of(), List.of(SDE)), "%d %D %w %s %z %c %S %m %M %I %0 %P"));
        assertEquals("0x20000000c9000001 0x2000000000000002 0x10000000c9000001 0x2100000000000002 "
                        + "0000:03:00.0 0x000a000000000000 0x0001 -- 512\n",
                TextLayout.pathsRaw(new CliView(List.of(), List.of(SDE)), "%N %n %R %r %a %L %A %G %k"));
        CliPath noAddress = new CliPath("sdg", "8:96", "", null, null, null, null, 0, 0, null, null, 0, null);
        assertEquals("[orphan] [undef] [undef] [undef] 0xffffffffffffffff #:#:#:#\n",
                TextLayout.pathsRaw(new CliView(List.of(), List.of(noAddress)), "%m %N %a %A %L %i"));
    }

    @Test
    void aPathWithoutNameOrAddressPrintsPlaceholders() {
        CliPath unnamed = new CliPath("", "8:0", "", null, null, null, null, -1, 0, null, null, 0, null);
        assertEquals("- #:# #:#:#:# ##,##,## (null) undef\n",
                TextLayout.pathsRaw(new CliView(List.of(), List.of(unnamed)), "%d %D %i %s %c %P"));
    }

    @Test
    void showPathPrintsTheDeviceState() {
        assertEquals("running\n", TextLayout.path(SDA));
        assertEquals("unknown\n", TextLayout.path(SDF_ORPHAN));
    }

    @Test
    void emptyListingsPrintNothingAtAll() {
        CliView empty = new CliView(List.of(), List.of());
        assertEquals("", TextLayout.maps(empty, TextLayout.MAP_NAMES));
        assertEquals("", TextLayout.paths(empty, TextLayout.PATH_CHECKER));
    }

    @Test
    void showWildcardsListsMapThenPathWildcards() {
        String text = TextLayout.wildcards();
        assertTrue(text.startsWith("multipath format wildcards:\n%n  name\n%w  uuid\n%d  sysfs\n"), text);
        assertTrue(text.contains("%k  max_sectors_kb\n\npath format wildcards:\n%w  uuid\n%i  hcil\n"), text);
        assertTrue(text.endsWith("%A  TPG\n%k  max_sectors_kb\n"), text);
        // a title per table, 25 map and 28 path wildcards, one blank line between
        assertEquals(2 + 25 + 28 + 1, text.lines().count());
    }
}
