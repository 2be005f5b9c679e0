package io.mpathvx.api;

import io.mpathvx.api.cli.CliGroup;
import io.mpathvx.api.cli.CliMap;
import io.mpathvx.api.cli.CliPath;
import io.mpathvx.api.cli.CliView;
import io.mpathvx.core.multipath.MultipathStatus;
import io.mpathvx.core.multipath.MultipathTable;

import java.util.ArrayList;
import java.util.List;

/**
 * The daemon's snapshot in the shape multipathd's layouts print from. Facts the snapshot does not carry (SCSI
 * address, inquiry data, priorities, fibre-channel names, countdowns) print as multipathd prints unknown values.
 */
final class SnapshotCliView {
    private SnapshotCliView() {
    }

    static CliView of(DaemonSnapshot s) {
        List<CliMap> maps = new ArrayList<>();
        for (DaemonSnapshot.MapView m : s.maps()) {
            if (m.table() != null) maps.add(map(s, m));
        }
        List<CliPath> paths = new ArrayList<>();
        for (DaemonSnapshot.PathView p : s.paths()) paths.add(path(p, dmState(s, p)));
        return new CliView(maps, paths);
    }

    static CliMap map(DaemonSnapshot s, DaemonSnapshot.MapView m) {
        MultipathTable t = m.table();
        MultipathStatus st = m.status();
        List<CliGroup> groups = new ArrayList<>();
        for (int g = 0; g < t.groups().size(); g++) {
            MultipathTable.Group tg = t.groups().get(g);
            MultipathStatus.Group sg = st != null && st.groups().size() == t.groups().size() ? st.groups().get(g) : null;
            List<CliPath> ps = new ArrayList<>();
            for (MultipathTable.TablePath tp : tg.paths()) {
                CliPath.DmState dm = CliPath.DmState.UNDEF;
                if (sg != null) {
                    for (MultipathStatus.PathStatus p : sg.paths()) {
                        if (p.devt().equals(tp.devt())) dm = p.active() ? CliPath.DmState.ACTIVE : CliPath.DmState.FAILED;
                    }
                }
                CliPath.DmState dmState = dm;
                ps.add(s.path(tp.devt().toString()).map(p -> path(p, dmState))
                        .orElseGet(() -> new CliPath("", tp.devt().toString(), m.wwid(), null, null,
                                new CliPath.States(dmState, false, CliPath.CheckerState.UNDEF, CliPath.InitState.UNDEF, false),
                                null, -1, 0, m.name(), null, 0, null)));
            }
            groups.add(new CliGroup(tg.selector() + " " + counted(tg.selectorArgs()), 0, groupState(sg), false, ps));
        }
        var info = m.info();
        CliMap.DmInfo dm = info == null || info.devt() == null ? null
                : new CliMap.DmInfo(info.devt().minor(), info.readOnly(), info.suspended());
        boolean queues = t.features().contains("queue_if_no_path");
        return new CliMap(m.name(), m.wwid(), dm, m.sizeSectors(), counted(t.features()), counted(t.hwHandler()),
                null, new CliMap.Queueing(queues ? CliMap.Queueing.Mode.QUEUE : CliMap.Queueing.Mode.FAIL, 0, 0),
                "", null, null, groups);
    }

    private static String counted(List<String> words) {
        return words.isEmpty() ? "0" : words.size() + " " + String.join(" ", words);
    }

    private static CliGroup.State groupState(MultipathStatus.Group g) {
        if (g == null) return CliGroup.State.UNDEF;
        return switch (g.state()) {
            case ACTIVE -> CliGroup.State.ACTIVE;
            case ENABLED -> CliGroup.State.ENABLED;
            case DISABLED -> CliGroup.State.DISABLED;
        };
    }

    private static CliPath.DmState dmState(DaemonSnapshot s, DaemonSnapshot.PathView p) {
        return switch (p.kernelState()) {
            case "ACTIVE" -> CliPath.DmState.ACTIVE;
            case "FAILED" -> CliPath.DmState.FAILED;
            default -> CliPath.DmState.UNDEF;
        };
    }

    private static CliPath path(DaemonSnapshot.PathView p, CliPath.DmState dm) {
        boolean inMap = !p.map().isEmpty();
        CliPath.CheckerState chk = !inMap ? CliPath.CheckerState.UNDEF : switch (p.checkerState()) {
            case "UP" -> CliPath.CheckerState.READY;
            case "DOWN" -> CliPath.CheckerState.FAULTY;
            case "SHAKY" -> CliPath.CheckerState.SHAKY;
            case "GHOST" -> CliPath.CheckerState.GHOST;
            case "PENDING" -> CliPath.CheckerState.PENDING;
            case "TIMEOUT" -> CliPath.CheckerState.TIMEOUT;
            case "DELAYED" -> CliPath.CheckerState.DELAYED;
            default -> CliPath.CheckerState.UNDEF;
        };
        return new CliPath(p.name(), p.devt(), p.wwid(), null, null,
                new CliPath.States(dm, false, chk, CliPath.InitState.OK, false),
                null, -1, 0, inMap ? p.map() : null, null, 0, null);
    }
}
