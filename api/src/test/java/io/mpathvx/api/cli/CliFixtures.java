package io.mpathvx.api.cli;

import java.util.List;

/**
 * A small daemon state for the layout tests: map "mpatha" with two groups of two paths,
 * a map without alias (name = WWID) with one FC path, and one orphan path.
 */
final class CliFixtures {
    static final String WWID_A = "3600140500000000000000000000000a1";
    static final String WWID_B = "36001405bbbbbbbbbbbbbbbbbbbbbbbb2";

    static final CliPath SDA = scsi("sda", "8:0", new CliPath.Hcil(2, 0, 0, 1), "mpatha",
            CliPath.DmState.ACTIVE, CliPath.CheckerState.READY, 50, 3, 5);
    static final CliPath SDB = scsi("sdb", "8:16", new CliPath.Hcil(2, 0, 1, 1), "mpatha",
            CliPath.DmState.ACTIVE, CliPath.CheckerState.GHOST, 10, 5, 5);
    static final CliPath SDC = scsi("sdc", "8:32", new CliPath.Hcil(3, 0, 0, 1), "mpatha",
            CliPath.DmState.ACTIVE, CliPath.CheckerState.READY, 50, 1, 5);
    static final CliPath SDD = scsi("sdd", "8:48", new CliPath.Hcil(3, 0, 1, 1), "mpatha",
            CliPath.DmState.FAILED, CliPath.CheckerState.FAULTY, 10, 0, 5);
    static final CliPath SDE = new CliPath("sde", "8:64", WWID_B, new CliPath.Hcil(10, 0, 0, 10),
            new CliPath.Inquiry("ACME", "thing", "0001", "SN-E", "vpd-e"),
            new CliPath.States(CliPath.DmState.ACTIVE, false, CliPath.CheckerState.READY, CliPath.InitState.OK, false),
            new CliPath.Checker("tur", 2, 20), 1, 20971520L, WWID_B,
            new CliPath.Transport("scsi:fcp", "0x20000000c9000001", "0x10000000c9000001",
                    "0x2000000000000002", "0x2100000000000002", "0000:03:00.0", 1),
            0, 512);
    static final CliPath SDF_ORPHAN = scsi("sdf", "8:80", new CliPath.Hcil(11, 0, 0, 0), null,
            CliPath.DmState.UNDEF, CliPath.CheckerState.READY, -1, 0, 0);

    static final CliMap MPATHA = new CliMap("mpatha", WWID_A, new CliMap.DmInfo(0, false, false), 2097152L,
            "1 queue_if_no_path", "1 alua",
            new CliMap.Failback(CliMap.Failback.Mode.IMMEDIATE, 0, 0),
            new CliMap.Queueing(CliMap.Queueing.Mode.RETRY, 12, 0), null,
            new CliMap.Stats(4, 2, 3, 0, 0, 1), null,
            List.of(new CliGroup("service-time 0", 50, CliGroup.State.ACTIVE, false, List.of(SDA, SDC)),
                    new CliGroup("service-time 0", 10, CliGroup.State.ENABLED, false, List.of(SDB, SDD))));

    static final CliMap MAP_B = new CliMap(WWID_B, WWID_B, new CliMap.DmInfo(1, true, true), 20971520L, "0", "0",
            new CliMap.Failback(CliMap.Failback.Mode.DEFERRED, 30, 0),
            new CliMap.Queueing(CliMap.Queueing.Mode.QUEUE, 0, 0), "",
            new CliMap.Stats(0, 0, 1, 0, 0, 0), 512,
            List.of(new CliGroup("round-robin 0", 1, CliGroup.State.ACTIVE, false, List.of(SDE))));

    /** Paths in discovery order, as multipathd's pathvec would hold them. */
    static final CliView VIEW = new CliView(List.of(MPATHA, MAP_B), List.of(SDA, SDB, SDC, SDD, SDE, SDF_ORPHAN));

    private CliFixtures() {
    }

    private static CliPath scsi(String dev, String devT, CliPath.Hcil hcil, String map, CliPath.DmState dm,
                                CliPath.CheckerState checker, int priority, int tick, int interval) {
        return new CliPath(dev, devT, WWID_A, hcil, new CliPath.Inquiry("LIO-ORG", "disk0", "4.0", "SN-" + dev, null),
                new CliPath.States(dm, false, checker, CliPath.InitState.OK, false),
                new CliPath.Checker("tur", tick, interval), priority, 2097152L, map,
                new CliPath.Transport("scsi:iscsi", null, null, null, null, null, null), 0, null);
    }
}
