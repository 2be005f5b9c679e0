package io.mpathvx.api;

import io.mpathvx.core.testkit.GuestKernel;
import io.mpathvx.core.testkit.ScsiDisk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * mptest-style path faults on one multipath map of scsi_debug disks (multipath-tools' tests/mptest): SCSI devices
 * set offline and back through sysfs, dm's fail_path/reinstate_path messages, a path deleted and found again by a
 * host rescan, a group switch, every path down for a while. The pauses are the faults' durations — the scenario
 * itself — not waits for a result (those use Awaitility).
 */
final class PathFaults {
    private final String map;
    private List<ScsiDisk> disks;
    private int toggles;
    private int messages;
    private int rescans;
    private int switches;
    private int allDown;
    private int next;

    PathFaults(String map, List<ScsiDisk> disks) {
        this.map = map;
        this.disks = List.copyOf(disks);
    }

    List<ScsiDisk> disks() {
        return disks;
    }

    /** The paths that carry I/O (scsi_debug may show a port in ALUA standby: faulting it proves nothing). */
    private List<ScsiDisk> active() {
        List<ScsiDisk> a = disks.stream().filter(d -> KernelMaps.accessState(d.name()).startsWith("active")).toList();
        return a.isEmpty() ? disks : a;
    }

    private ScsiDisk nextVictim() {
        List<ScsiDisk> a = active();
        return a.get(next++ % a.size());
    }

    /** {@code seconds} times: one path offline for a second, then back. */
    void offlineOnlineEverySecond(int seconds) throws InterruptedException {
        for (int i = 0; i < seconds; i++) {
            ScsiDisk d = nextVictim();
            GuestKernel.setOffline(d);
            pause(Duration.ofSeconds(1));
            GuestKernel.setRunning(d);
            toggles++;
        }
    }

    /** {@code count} flaps: one path offline for {@code down}, then back for {@code up}, round robin. */
    void flap(int count, Duration down, Duration up) throws InterruptedException {
        for (int i = 0; i < count; i++) {
            ScsiDisk d = nextVictim();
            GuestKernel.setOffline(d);
            pause(down);
            GuestKernel.setRunning(d);
            pause(up);
            toggles++;
        }
    }

    /** {@code seconds} times: {@code fail_path} to the kernel for a second, then {@code reinstate_path}. */
    void failReinstateMessagesEverySecond(int seconds) throws InterruptedException {
        for (int i = 0; i < seconds; i++) {
            ScsiDisk d = nextVictim();
            GuestKernel.dmsetup("message", map, "0", "fail_path", d.devt().toString()).orThrow("fail_path");
            pause(Duration.ofSeconds(1));
            // the daemon's checker may have reinstated it already: an error here is not the test's concern
            GuestKernel.dmsetup("message", map, "0", "reinstate_path", d.devt().toString());
            messages++;
        }
    }

    /** One path's SCSI device deleted, its host rescanned; returns the seconds until the map has every path again. */
    double deleteAndRescanOnePath(Duration timeout) {
        ScsiDisk d = nextVictim();
        int count = disks.size();
        long t0 = System.nanoTime();
        GuestKernel.delete(d);
        GuestKernel.rescanHost(d.address().host());
        disks = GuestKernel.awaitScsiDebugDisks(count);
        await().atMost(timeout).until(() -> KernelMaps.pathCount(KernelMaps.tables().getOrDefault(map, "")) == count);
        rescans++;
        return (System.nanoTime() - t0) / 1e9;
    }

    void switchGroup(int group) {
        GuestKernel.dmsetup("message", map, "0", "switch_group", Integer.toString(group)).orThrow("switch_group");
        switches++;
    }

    /** Every path offline for {@code down}, then all back. */
    void allPathsDownFor(Duration down) throws InterruptedException {
        disks.forEach(GuestKernel::setOffline);
        pause(down);
        disks.forEach(GuestKernel::setRunning);
        allDown++;
    }

    /** Until every path that carries I/O is active (A) in the map's status again. */
    void awaitAllActive(Duration timeout) {
        await().atMost(timeout).until(() -> {
            String status = KernelMaps.status(map);
            return active().stream().allMatch(d -> status.contains(d.devt() + " A"));
        });
    }

    String counts() {
        List<String> c = new ArrayList<>();
        c.add(toggles + " offline/online");
        c.add(messages + " fail_path/reinstate_path");
        c.add(rescans + " delete+rescan");
        c.add(switches + " switch_group");
        c.add(allDown + " all-paths-down");
        return String.join(", ", c);
    }

    private static void pause(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis());
    }
}
