package io.mpathvx.api;

import io.mpathvx.core.config.NoPathRetry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** sysfs_set_scsi_tmo() / sysfs_set_rport_tmo() / sysfs_set_session_tmo() decisions, case by case. */
class TransportTimeoutsTest {
    private static final String RPORT = "class/fc_remote_ports/rport-2:0-1/";

    private static List<TransportTimeouts.Write> fc(OptionalInt fast, OptionalLong dev, NoPathRetry npr, int polling, long current) {
        TransportTimeouts.Plan p = TransportTimeouts.plan("scsi:fcp", "rport-2:0-1", fast, dev, npr, polling, current);
        return p.writes();
    }

    private static TransportTimeouts.Write w(String attr, String value) {
        return new TransportTimeouts.Write(RPORT + attr, value);
    }

    @Test
    void devLossIsRaisedToCoverNoPathRetryTimesPollingInterval() {
        // 12 × 5 s = 60, + 60/60 + 5 (one default check interval) = 66
        assertEquals(List.of(w("fast_io_fail_tmo", "5"), w("dev_loss_tmo", "66")),
                fc(OptionalInt.of(5), OptionalLong.empty(), NoPathRetry.retries(12), 5, 60));
        assertEquals(List.of(w("fast_io_fail_tmo", "5"), w("dev_loss_tmo", "66")),
                fc(OptionalInt.of(5), OptionalLong.of(30), NoPathRetry.retries(12), 5, 60), "a smaller configured value is raised");
        assertEquals(List.of(w("fast_io_fail_tmo", "5"), w("dev_loss_tmo", "4294967295")),
                fc(OptionalInt.of(5), OptionalLong.empty(), NoPathRetry.QUEUE, 5, 60), "queue: the maximum");
        assertEquals(List.of(w("fast_io_fail_tmo", "5")),
                fc(OptionalInt.of(5), OptionalLong.empty(), NoPathRetry.FAIL, 5, 60), "nothing to raise: kernel value kept");
    }

    @Test
    void rportOrderAndLimits() {
        assertEquals(List.of(w("dev_loss_tmo", "31"), w("fast_io_fail_tmo", "30")),
                fc(OptionalInt.of(30), OptionalLong.empty(), NoPathRetry.UNDEF, 5, 10),
                "dev_loss_tmo raised first so that fast_io_fail_tmo fits under it");
        assertEquals(List.of(w("fast_io_fail_tmo", "off"), w("dev_loss_tmo", "600")),
                fc(OptionalInt.empty(), OptionalLong.of(900), NoPathRetry.FAIL, 5, 60),
                "without fast_io_fail_tmo, dev_loss_tmo is capped at 600");
        assertEquals(List.of(w("fast_io_fail_tmo", "off"), w("dev_loss_tmo", "60")),
                fc(OptionalInt.of(100), OptionalLong.of(60), NoPathRetry.UNDEF, 5, 60),
                "fast_io_fail_tmo not below dev_loss_tmo is turned off");
        assertEquals(List.of(w("fast_io_fail_tmo", "0")), fc(OptionalInt.of(0), OptionalLong.empty(), NoPathRetry.UNDEF, 5, 60));
    }

    @Test
    void iscsiSasAndUnsupportedProtocols() {
        assertEquals(List.of(new TransportTimeouts.Write("class/iscsi_session/session3/recovery_tmo", "5")),
                TransportTimeouts.plan("scsi:iscsi", "session3", OptionalInt.of(5), OptionalLong.of(900),
                        NoPathRetry.UNDEF, 5, 0).writes());
        assertEquals(List.of(), TransportTimeouts.plan("scsi:iscsi", "session3", OptionalInt.empty(), OptionalLong.empty(),
                NoPathRetry.UNDEF, 5, 0).writes(), "recovery_tmo cannot be switched off");
        assertEquals(List.of(new TransportTimeouts.Write("class/sas_end_device/end_device-1:0/I_T_nexus_loss_timeout", "66")),
                TransportTimeouts.plan("scsi:sas", "end_device-1:0", OptionalInt.of(5), OptionalLong.empty(),
                        NoPathRetry.retries(12), 5, 0).writes());
        TransportTimeouts.Plan none = TransportTimeouts.plan("scsi:unspec", null, OptionalInt.of(5), OptionalLong.empty(),
                NoPathRetry.UNDEF, 5, 0);
        assertTrue(none.writes().isEmpty());
        assertEquals("setting scsi timeouts is unsupported for protocol scsi:unspec", none.unsupported());
    }
}
