package io.mpathvx.reconciler;

import io.mpathvx.core.kernel.ScsiReply;
import io.mpathvx.core.model.DevT;
import io.mpathvx.core.model.Path;
import io.mpathvx.core.model.PathState;
import io.mpathvx.core.model.ScsiAddress;
import io.mpathvx.core.model.Wwid;
import io.mpathvx.core.sim.SimulatedKernel;
import io.mpathvx.reconciler.desired.Priorities;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each prioritizer against simulated SCSI/NVMe answers, with multipath-tools 0.14.3's values
 * (libmultipath/prioritizers/*.c). alua, rdac and sysfs ask the simulated kernel (RTPG, VPD 0xC9, sysfs); the
 * others get the bytes their vendor pages carry.
 */
class PrioritizersTest {
    private static final Path PATH = new Path("sdb", new DevT(8, 16), Wwid.of("3600a"), 2048, "ACME", "Box", "1",
            new ScsiAddress(3, 0, 2, 7), "", PathState.UP);

    /** One RDAC ALUA LUN: host 0 optimized, host 1 non-optimized and preferred, host 2 standby. */
    private static SimulatedKernel kernel() throws Exception {
        return SimulatedKernel.fromJson(new JsonObject("""
                {"luns": [{"wwid": "3600a0000000000000000000000000001", "vendor": "DELL", "product": "MD36xxf",
                  "tpgs": "implicit", "rdac": true, "paths": [
                    {"host": 0, "alua": "active/optimized"},
                    {"host": 1, "alua": "active/non-optimized", "preferred": true},
                    {"host": 2, "alua": "standby"}]}]}"""));
    }

    private static int prio(SimulatedKernel k, String disk, String name, String args) throws IOException {
        int aas = new DeviceFactsReader(k, k, k).read(disk).aas();
        io.mpathvx.core.sim.PathInfo p = k.path(disk).orElseThrow();
        Path path = new Path(disk, p.devt(), Wwid.of(p.wwid()), 2048, "", "", "", p.address(), "", PathState.UP);
        return Prioritizers.priority(name, args, path, new PortPrioDevice(new DevicePorts(k, k, k, k), path), aas, "");
    }

    @Test
    void aluaFromReportTargetPortGroups() throws Exception {
        SimulatedKernel k = kernel();
        assertEquals(50, prio(k, "sda", "alua", ""));
        assertEquals(90, prio(k, "sdb", "alua", ""));          // non-optimized 10 + preferred 80
        assertEquals(1, prio(k, "sdc", "alua", ""));
        k.setAlua("sda", "active/optimized", true);
        assertEquals(50, prio(k, "sda", "alua", ""));          // preferred and optimized: no bonus...
        assertEquals(130, prio(k, "sda", "alua", "exclusive_pref_bit"));   // ...unless exclusive_pref_bit
        k.setAlua("sdc", "transitioning", false);
        assertEquals(0, prio(k, "sdc", "alua", ""));
    }

    @Test
    void sysfsFromTheHandlersAttributes() throws Exception {
        SimulatedKernel k = SimulatedKernel.fromJson(new JsonObject("""
                {"luns": [{"wwid": "3600a0000000000000000000000000001", "paths": [
                    {"host": 0, "alua": "active/optimized"},
                    {"host": 1, "alua": "lba-dependent", "preferred": true}]}]}"""));
        assertEquals(50, prio(k, "sda", "sysfs", ""));
        assertEquals(85, prio(k, "sdb", "sysfs", ""));
    }

    @Test
    void rdacFromVolumeAccessControlPage() throws Exception {
        SimulatedKernel k = kernel();
        assertEquals(2 + 1, prio(k, "sda", "rdac", ""));    // owns the volume (+2), secondary path (+1)
        assertEquals(4, prio(k, "sdb", "rdac", ""));        // preferred path (+4), not the owner
        assertEquals(1, prio(k, "sdc", "rdac", ""));        // secondary only
    }

    @Test
    void emcFromUnitReportPage() {
        byte[] c0 = new byte[128];
        c0[1] = (byte) 0xc0;
        c0[4] = 2;            // LUN owned by this SP
        c0[5] = 1;            // default owner
        c0[8] = 1;            // this SP: the default owner → +2
        c0[27] = 3;
        c0[28] = 4;
        c0[30] = 4;
        assertEquals(4, Prioritizers.emc(c0));
        c0[8] = 0;
        assertEquals(2, Prioritizers.emc(c0));
        c0[28] = 2;           // not configured for failover
        assertEquals(Priorities.UNDEF, Prioritizers.emc(c0));
    }

    @Test
    void hdsFromControllerAndLdevParity() {
        byte[] inq = new byte[64];
        inq[47] = 'A';        // LDEV even
        inq[49] = '0';        // controller even
        assertEquals(1, Prioritizers.hds(inq));
        inq[49] = '1';
        assertEquals(0, Prioritizers.hds(inq));
        inq[47] = 'F';
        assertEquals(1, Prioritizers.hds(inq));
        inq[49] = 'x';
        assertEquals(Priorities.UNDEF, Prioritizers.hds(inq));
    }

    @Test
    void hpSwFromTestUnitReady() {
        assertEquals(4, Prioritizers.hpSw(turAnswers(ScsiReply.good(null))));
        assertEquals(2, Prioritizers.hpSw(turAnswers(ScsiReply.checkCondition(2, 4, 2))));
        assertEquals(4, Prioritizers.hpSw(turAnswers(ScsiReply.checkCondition(6, 0x29, 0), ScsiReply.good(null))));
        assertEquals(0, Prioritizers.hpSw(turAnswers(ScsiReply.checkCondition(4, 0x44, 0))));
        assertEquals(0, Prioritizers.hpSw(turAnswers((ScsiReply) null)));
    }

    /** One subsystem, two controllers; namespace 1 optimized on nvme0, non-optimized on nvme1; namespace 2 ANA-less. */
    private static SimulatedKernel nvmeKernel(boolean ana) throws Exception {
        return SimulatedKernel.fromJson(new JsonObject("""
                {"nvme": [{"model": "NetApp ONTAP Controller", "ana": %s, "namespaces": [
                    {"nsid": 1, "wwid": "eui.00a0987000000001", "paths": [
                        {"controller": 0, "ana": "optimized"}, {"controller": 1, "ana": "non-optimized"}]},
                    {"nsid": 2, "wwid": "eui.00a0987000000002", "paths": [
                        {"controller": 0, "ana": "inaccessible", "anaGroup": 7}]}]}]}""".formatted(ana)));
    }

    @Test
    void anaFromTheControllersAnaLog() throws Exception {
        SimulatedKernel k = nvmeKernel(true);
        assertEquals(50, prio(k, "nvme0n1", "ana", ""));
        assertEquals(10, prio(k, "nvme1n1", "ana", ""));
        assertEquals(1, prio(k, "nvme0n2", "ana", ""));
        k.setAna("nvme0n1", "persistent-loss");
        assertEquals(0, prio(k, "nvme0n1", "ana", ""));
        k.setAna("nvme1n1", "change");
        assertEquals(1, prio(k, "nvme1n1", "ana", ""));
        k.setPathState("nvme1n1", io.mpathvx.core.sim.DiskState.OFFLINE);   // a dead controller answers nothing
        assertEquals(Priorities.UNDEF, prio(k, "nvme1n1", "ana", ""));
    }

    @Test
    void anaIsUndefinedWithoutAnaReportingOrOnScsi() throws Exception {
        assertEquals(Priorities.UNDEF, prio(nvmeKernel(false), "nvme0n1", "ana", ""));
        assertEquals(Priorities.UNDEF, prio(kernel(), "sda", "ana", ""));
    }

    @Test
    void anaStateByNamespaceListOrByConstantGroupId() {
        // get_ana_state: two descriptors, group 5 (state 2) listing nsid 9, group 6 (state 3) with no list (RGO)
        byte[] log = new byte[16 + 36 + 32];
        log[8] = 2;
        log[16] = 5;
        log[20] = 1;
        log[32] = 2;
        log[48] = 9;
        log[52] = 6;
        log[68] = 3;
        assertEquals(NvmeAna.NON_OPTIMIZED, NvmeAna.stateIn(log, 9, 0));
        assertEquals(NvmeAna.INACCESSIBLE, NvmeAna.stateIn(log, 4, 6));
        assertEquals(NvmeAna.UNKNOWN, NvmeAna.stateIn(log, 4, 0));
        assertEquals(NvmeAna.UNKNOWN, NvmeAna.stateIn(java.util.Arrays.copyOf(log, 40), 9, 0));   // truncated
        assertEquals(Priorities.UNDEF, Prioritizers.ana(NvmeAna.UNKNOWN));
    }

    @Test
    void weightedpathByHbtlDevnameAndSerial() {
        assertEquals(4, Prioritizers.weighted("hbtl 1:.:.:. 2 3:0:2:7 4", PATH, ""));
        assertEquals(20, Prioritizers.weighted("devname sda 10 sdb 20", PATH, ""));
        assertEquals(7, Prioritizers.weighted("serial ^SN1 7", PATH, "SN1234"));
        assertEquals(0, Prioritizers.weighted("devname sdz 10", PATH, ""));      // no match: default 0
        assertEquals(0, Prioritizers.weighted("wwn .* 10", PATH, ""));          // FC names not known here
        assertEquals(0, Prioritizers.weighted("", PATH, ""));
    }

    @Test
    void datacoreByPreferredServerName() {
        byte[] inq = new byte[255];
        System.arraycopy("SDS-NODE-A".getBytes(), 0, inq, 112, 10);
        PrioDevice dev = inquiryAnswer(inq);
        assertEquals(1, Prioritizers.datacore("preferredsds=NODE-A", dev));
        assertEquals(0, Prioritizers.datacore("preferredsds=NODE-B", dev));
        assertEquals(0, Prioritizers.datacore("timeout=5", dev));
    }

    @Test
    void constRandomAndUnknown() {
        assertEquals(1, Prioritizers.priority("const", "", PATH, attrs(Map.of()), -1, ""));
        for (int i = 0; i < 50; i++) {
            int r = Prioritizers.priority("random", "", PATH, attrs(Map.of()), -1, "");
            assertTrue(r >= 1 && r <= 10, "random gives 1..10: " + r);
        }
        assertEquals(Priorities.UNDEF, Prioritizers.priority("nosuch", "", PATH, attrs(Map.of()), -1, ""));
    }

    /** A NetApp LUN seen over FC through its owner (host 0) and its partner (host 1), and over software iSCSI. */
    @Test
    void ontapFromNetappsGvaAndProxyPages() throws Exception {
        SimulatedKernel k = SimulatedKernel.fromJson(new JsonObject("""
                {"luns": [{"wwid": "3600a0000000000000000000000000001", "vendor": "NETAPP", "product": "LUN C-Mode",
                  "paths": [{"host": 0, "transport": "fc", "alua": "active/optimized"},
                            {"host": 1, "transport": "fc", "alua": "active/non-optimized"},
                            {"host": 2, "transport": "iscsi", "alua": "active/optimized"}]},
                  {"wwid": "3600a0000000000000000000000000002", "paths": [{"host": 3}]}]}"""));
        assertEquals(4, prio(k, "sda", "ontap", ""));     // direct FC path
        assertEquals(1, prio(k, "sdb", "ontap", ""));     // proxy path (VPD 0xC1)
        assertEquals(2, prio(k, "sdc", "ontap", ""));     // iSCSI software initiator (GVA page 0x41 "ism_sw")
        assertEquals(0, prio(k, "sdd", "ontap", ""));     // no GVA answer: not ONTAP
    }

    @Test
    void ietPrefersThePathWhosePortalIsTheConfiguredIp() throws Exception {
        String topology = """
                {"udev": %s, "luns": [{"wwid": "3600a0000000000000000000000000001", "paths": [
                    {"host": 0, "transport": "iscsi"}, {"host": 1, "transport": "iscsi"}]}]}""";
        SimulatedKernel k = SimulatedKernel.fromJson(new JsonObject(topology.formatted(true)));   // portals 10.0.H.1
        assertEquals(10, prio(k, "sda", "iet", "preferredip=10.0.1.1"));
        assertEquals(20, prio(k, "sdb", "iet", "preferredip=10.0.1.1"));
        assertEquals(20, prio(k, "sda", "iet", "preferredip=10.0.0.12"));   // upstream's prefix comparison
        assertEquals(0, prio(k, "sda", "iet", "preferredip=10.0.1"));       // 7 characters or fewer
        assertEquals(0, prio(k, "sda", "iet", "ip=10.0.1.1"));
        assertEquals(0, prio(k, "sda", "iet", ""));
        SimulatedKernel noUdev = SimulatedKernel.fromJson(new JsonObject(topology.formatted(false)));
        assertEquals(10, prio(noUdev, "sdb", "iet", "preferredip=10.0.1.1"));   // no /dev/disk/by-path
    }

    @Test
    void pathLatencyGivesFourStepsPerDecadeOfReadLatency() throws Exception {
        SimulatedKernel k = SimulatedKernel.fromJson(new JsonObject("""
                {"luns": [{"wwid": "3600a0000000000000000000000000001", "paths": [{"host": 0}, {"host": 1}]}]}"""));
        k.setReadLatency("sda", java.time.Duration.ofNanos(100_000));
        k.setReadLatency("sdb", java.time.Duration.ofMillis(1));
        // 4 × (8 − log10 µs) = 24 and 20, each a hair under since the default base 1.77827941004 is just above 10^¼
        assertEquals(23, prio(k, "sda", "path_latency", ""));
        assertEquals(19, prio(k, "sdb", "path_latency", ""));
        assertEquals(5, prio(k, "sdb", "path_latency", "io_num=20 base_num=10"));   // base 10: one step a decade, 8 − 3
        k.setReadLatency("sdb", java.time.Duration.ofNanos(500));                // under 1 µs: the best priority
        assertEquals(31, prio(k, "sdb", "path_latency", ""));
        k.setReadLatency("sdb", java.time.Duration.ofSeconds(200));               // over 100 s: 0
        assertEquals(0, prio(k, "sdb", "path_latency", ""));
        k.setPathState("sda", io.mpathvx.core.sim.DiskState.OFFLINE);
        assertEquals(Priorities.UNDEF, prio(k, "sda", "path_latency", ""));
    }

    @Test
    void pathLatencyReadsIoNumBlocksAndNoMore() {
        int[] reads = new int[1];
        PrioDevice counting = new PrioDevice() {
            @Override
            public ScsiReply command(byte[] cdb, int length) {
                return null;
            }

            @Override
            public Optional<String> sysfs(String attribute) {
                return Optional.empty();
            }

            @Override
            public java.time.Duration timedRead() {
                reads[0]++;
                return java.time.Duration.ofMillis(1);
            }
        };
        for (Object[] c : new Object[][]{{"io_num=20 base_num=10", 20}, {"", 100}, {"io_num=500 base_num=2", 100},
                {"base_num=2 io_num=200", 200}, {"io_num=50", 100}, {"io_num=x base_num=2", 100}}) {
            reads[0] = 0;
            PathLatencyPrio.priority((String) c[0], counting);
            assertEquals((int) c[1], reads[0], (String) c[0]);
        }
    }

    /** A device that answers TEST UNIT READY with {@code answers} in turn (the last repeats); null: no answer. */
    private static PrioDevice turAnswers(ScsiReply... answers) {
        Deque<ScsiReply> q = new ArrayDeque<>(Arrays.asList(answers).subList(0, answers[0] == null ? 0 : answers.length));
        return new FakeDevice(page -> null, () -> q.size() > 1 ? q.poll() : q.peek(), Map.of());
    }

    private static PrioDevice inquiryAnswer(byte[] data) {
        return new FakeDevice(page -> page < 0 ? ScsiReply.good(data) : ScsiReply.checkCondition(5, 0x24, 0),
                () -> ScsiReply.good(null), Map.of());
    }

    private static PrioDevice attrs(Map<String, String> values) {
        return new FakeDevice(page -> null, () -> null, values);
    }

    /** Scripted answers: INQUIRY by page (-1 standard), TEST UNIT READY, sysfs attributes. */
    private record FakeDevice(IntFunction<ScsiReply> inquiry, Supplier<ScsiReply> tur, Map<String, String> attributes)
            implements PrioDevice {
        @Override
        public ScsiReply command(byte[] cdb, int length) {
            return null;
        }

        @Override
        public ScsiReply inquiry(int page, int length) {
            return inquiry.apply(page);
        }

        @Override
        public ScsiReply testUnitReady() {
            return tur.get();
        }

        @Override
        public Optional<String> sysfs(String attribute) {
            return Optional.ofNullable(attributes.get(attribute));
        }
    }
}
