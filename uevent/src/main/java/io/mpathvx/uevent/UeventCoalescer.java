package io.mpathvx.uevent;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns the uevents of one wake-up into a {@link UeventBatch} with multipathd's rules (multipathd's uevent.c:
 * uevent_can_discard, uevent_can_filter, merge_need_stop, uevent_can_merge):
 * <ul>
 *   <li>only block disks count: other subsystems and partitions are ignored, as is any path action other than
 *       add/change/remove;</li>
 *   <li>blacklisted non-dm devices are discarded; dm devices are never filtered by name;</li>
 *   <li>a later remove of a device cancels its earlier events; a later add cancels an earlier change;</li>
 *   <li>with uid_attrs configured, adds (or removes) of paths with the same WWID are merged into the latest one,
 *       stopping at an opposite add/remove of that WWID or an event without WWID; dm events never merge.</li>
 * </ul>
 * Not thread-safe: used on the event loop.
 */
final class UeventCoalescer {
    private final DevnodeFilter filter;
    private final UidAttributes uidAttrs;
    private final UeventCounters counters;

    private static final class Node {
        final Uevent ev;
        final String kernel;
        final boolean dm;
        final String wwid;
        final List<Node> merged = new ArrayList<>(0);

        Node(Uevent ev, String wwid) {
            this.ev = ev;
            this.kernel = ev.kernelName();
            this.dm = ev.isDm();
            this.wwid = wwid;
        }

        String action() {
            return ev.action();
        }
    }

    UeventCoalescer(DevnodeFilter filter, UidAttributes uidAttrs, UeventCounters counters) {
        this.filter = filter;
        this.uidAttrs = uidAttrs;
        this.counters = counters;
    }

    UeventBatch coalesce(List<Uevent> events) {
        List<Node> q = prepare(events);
        filter(q);
        if (uidAttrs.size() > 0) merge(q);
        List<PathEvent> paths = new ArrayList<>();
        List<MapUevent> maps = new ArrayList<>();
        for (Node n : q) {
            if (n.dm) {
                maps.add(MapUevent.of(n.ev));
                continue;
            }
            for (Node m : n.merged) paths.add(PathEvent.of(m.ev));
            paths.add(PathEvent.of(n.ev));
        }
        counters.delivered.add(paths.size() + maps.size());
        return new UeventBatch(paths, maps);
    }

    private List<Node> prepare(List<Uevent> events) {
        List<Node> q = new ArrayList<>(events.size());
        for (Uevent ev : events) {
            if (!ev.isBlock() || ev.isPartition()) {
                counters.ignored.increment();
                continue;
            }
            boolean dm = ev.isDm();
            if (!dm && PathEvent.of(ev) == null) {
                counters.ignored.increment();
                continue;
            }
            if (!dm && filter.blacklisted(ev.kernelName())) {
                counters.discarded.increment();
                continue;
            }
            q.add(new Node(ev, dm ? null : ev.wwid(uidAttrs).filter(w -> !w.isEmpty()).orElse(null)));
        }
        return q;
    }

    /** Latest first, each event removes the earlier ones it makes pointless. */
    private void filter(List<Node> q) {
        for (int li = q.size() - 1; li > 0; li--) {
            Node later = q.get(li);
            for (int ei = li - 1; ei >= 0; ei--) {
                if (canFilter(q.get(ei), later)) {
                    q.remove(ei);
                    li--;
                    counters.filtered.increment();
                }
            }
        }
    }

    private static boolean canFilter(Node earlier, Node later) {
        if (later.dm || !earlier.kernel.equals(later.kernel)) return false;
        if (later.action().equals("remove")) return true;
        return earlier.action().equals("change") && later.action().equals("add");
    }

    /** Latest first, each add/remove absorbs the earlier same-action events of its WWID, earliest first. */
    private void merge(List<Node> q) {
        for (int li = q.size() - 1; li > 0; li--) {
            Node later = q.get(li);
            List<Node> absorbed = new ArrayList<>();
            for (int ei = li - 1; ei >= 0; ei--) {
                Node earlier = q.get(ei);
                if (mergeNeedStop(earlier, later)) break;
                if (canMerge(earlier, later)) {
                    q.remove(ei);
                    li--;
                    absorbed.add(0, earlier);
                    counters.merged.increment();
                }
            }
            List<Node> all = new ArrayList<>();
            for (Node a : absorbed) {
                all.addAll(a.merged);
                all.add(a);
            }
            all.addAll(later.merged);
            later.merged.clear();
            later.merged.addAll(all);
        }
    }

    private static boolean mergeNeedStop(Node earlier, Node later) {
        if (later.dm) return true;
        if (earlier.wwid == null || later.wwid == null) return true;
        // an opposite add/remove of the same LUN: merging across it would reorder them
        return !earlier.action().equals(later.action()) && !earlier.action().equals("change")
                && !later.action().equals("change") && earlier.wwid.equals(later.wwid);
    }

    private static boolean canMerge(Node earlier, Node later) {
        return earlier.wwid != null && later.wwid != null && !earlier.dm && earlier.action().equals(later.action())
                && (earlier.action().equals("add") || earlier.action().equals("remove"))
                && earlier.wwid.equals(later.wwid);
    }
}
