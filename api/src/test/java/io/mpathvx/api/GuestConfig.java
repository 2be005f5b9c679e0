package io.mpathvx.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the daemon's guest tests share: the scsi_debug device entry and the open-disk check before stopping. */
final class GuestConfig {
    private GuestConfig() {
    }

    /**
     * No built-in entry covers scsi_debug (upstream has none): the settings of mpathvx's former one. The alua handler
     * keeps scsi_debug's unit attentions from failing healthy paths. scsi_debug reports ALUA, so detect_pgpolicy would
     * replace multibus by group_by_prio (as multipathd does): these tests keep one group of all paths.
     */
    static final String SCSI_DEBUG_DEVICE = """
            devices {
                device {
                    vendor "^Linux$"
                    product "^scsi_debug$"
                    path_grouping_policy multibus
                    detect_pgpolicy no
                    hardware_handler "1 alua"
                    path_checker tur
                    failback immediate
                    no_path_retry 12
                    fast_io_fail_tmo 5
                }
            }
            """;

    /**
     * Block devices this JVM holds open (/dev/sdX). The checkers close their device fds on workers: wait for none
     * before Vert.x stops its workers, or the disks stay open and scsi_debug cannot be unloaded.
     */
    static long openDisks() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().matches("/dev/sd[a-z]+");
                } catch (IOException e) {
                    return false; // closed meanwhile
                }
            }).count();
        }
    }
}
