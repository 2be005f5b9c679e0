package io.mpathvx.core.sim;

import io.mpathvx.core.kernel.RawUevent;
import io.mpathvx.core.kernel.UeventSource;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.mpathvx.core.sim.SimFixture.multipath;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulatedKernelUdevTest {
    /** A parsed libudev monitor message. */
    record UdevMsg(int subsystemHash, int devtypeHash, long bloom, Map<String, String> props) {
        static UdevMsg parse(byte[] d) {
            assertEquals("libudev\0", new String(d, 0, 8, StandardCharsets.US_ASCII));
            ByteBuffer b = ByteBuffer.wrap(d);
            assertEquals(0xfeedcafe, b.order(ByteOrder.BIG_ENDIAN).getInt(8));
            b.order(ByteOrder.LITTLE_ENDIAN);
            int off = b.getInt(16);
            int len = b.getInt(20);
            assertEquals(40, b.getInt(12));
            assertEquals(d.length, off + len);
            b.order(ByteOrder.BIG_ENDIAN);
            long bloom = ((long) b.getInt(32) << 32) | (b.getInt(36) & 0xffffffffL);
            Map<String, String> props = new LinkedHashMap<>();
            for (String kv : new String(d, off, len - 1, StandardCharsets.UTF_8).split("\0")) {
                props.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
            return new UdevMsg(b.getInt(24), b.getInt(28), bloom, props);
        }
    }

    private static List<UdevMsg> fixtureUdev() throws Exception {
        List<UdevMsg> out = new ArrayList<>();
        try (InputStream in = SimulatedKernelUdevTest.class.getResourceAsStream("/fixtures/uevents-kernel6.1-scsi_debug.bin")) {
            DataInputStream din = new DataInputStream(in);
            byte[] head = new byte[12];
            while (din.read(head, 0, 1) == 1) {
                din.readFully(head, 1, 11);
                ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
                int group = b.getInt();
                b.getInt();
                byte[] data = new byte[b.getInt()];
                din.readFully(data);
                if (group == RawUevent.UDEV_GROUP) out.add(UdevMsg.parse(data));
            }
        }
        return out;
    }

    private static UdevMsg real(List<UdevMsg> all, String action, String devpathEnd) {
        return all.stream().filter(m -> m.props.get("ACTION").equals(action) && m.props.get("DEVPATH").endsWith(devpathEnd))
                .findFirst().orElseThrow();
    }

    private static List<String> head(Map<String, String> props, int n) {
        return new ArrayList<>(props.keySet()).subList(0, n);
    }

    @Test
    void udevRebroadcastsInLibudevFormatWithItsProperties() throws Exception {
        List<UdevMsg> fixture = fixtureUdev();
        SimulatedKernel k = SimulatedKernel.fromJson(new JsonObject().put("udev", true)
                .put("generate", new JsonObject().put("luns", 1).put("pathsPerLun", 2)));
        UeventSource udev = k.openUdevSource(64);
        k.create("mpatha", "mpath-x");
        k.loadTable("mpatha", multipath("0 0 1 1 round-robin 0 2 1 8:0 1 8:16 1"));
        k.resume("mpatha");
        k.message("mpatha", 0, "fail_path 8:16");
        String wwid = k.paths().get(0).wwid();
        k.addPath(wwid, new SanTopology.PathSpec(7, 0, 0, "running", null, false, ""));
        List<RawUevent> raw = new ArrayList<>();
        udev.drain(raw::add, 100);
        assertTrue(raw.stream().allMatch(r -> r.group() == RawUevent.UDEV_GROUP && r.senderPid() != 0));
        List<UdevMsg> sim = raw.stream().map(r -> UdevMsg.parse(r.data())).toList();

        UdevMsg bdi = sim.get(0);
        UdevMsg realBdi = real(fixture, "add", "/bdi/254:0");
        assertEquals(realBdi.props.keySet(), bdi.props.keySet());
        assertEquals(realBdi.subsystemHash, bdi.subsystemHash, "MurmurHash2 of the subsystem");

        UdevMsg dmAdd = sim.get(1);
        UdevMsg realDmAdd = real(fixture, "add", "/block/dm-0");
        assertEquals(head(realDmAdd.props, 11), head(dmAdd.props, 11));
        assertEquals(realDmAdd.subsystemHash, dmAdd.subsystemHash);
        assertEquals(realDmAdd.devtypeHash, dmAdd.devtypeHash);
        assertEquals(realDmAdd.bloom, dmAdd.bloom, "tagged systemd like the real one");
        assertEquals("/dev/dm-0", dmAdd.props.get("DEVNAME"));
        assertEquals("mpatha", dmAdd.props.get("DM_NAME"));

        UdevMsg failed = sim.get(3);
        assertEquals("PATH_FAILED", failed.props.get("DM_ACTION"));
        assertEquals("8:16", failed.props.get("DM_PATH"));

        UdevMsg sdAdd = sim.stream().filter(m -> "add".equals(m.props.get("ACTION")) && "block".equals(m.props.get("SUBSYSTEM"))
                && m.props.get("DEVPATH").endsWith("/sdc")).findFirst().orElseThrow();
        assertEquals(wwid, sdAdd.props.get("ID_SERIAL"));
        assertEquals("/dev/sdc", sdAdd.props.get("DEVNAME"));
        assertEquals(Arrays.asList("UDEV_DATABASE_VERSION", "ACTION", "DEVPATH", "SUBSYSTEM", "DEVNAME", "DEVTYPE", "DISKSEQ",
                "SEQNUM", "USEC_INITIALIZED", "MAJOR", "MINOR"), head(sdAdd.props, 11));
    }

    @Test
    void withoutUdevNothingIsRebroadcast() throws Exception {
        SimulatedKernel k = SimFixture.twoByTwo();
        UeventSource udev = k.openUdevSource(8);
        k.create("m", null);
        k.loadTable("m", multipath("0 0 1 1 round-robin 0 1 1 8:0 1"));
        assertEquals(0, udev.drain(x -> { }, 10));
        assertEquals(2, k.queuedUevents());
    }
}
