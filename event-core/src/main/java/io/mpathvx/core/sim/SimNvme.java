package io.mpathvx.core.sim;

import io.mpathvx.core.kernel.NvmeCommand;
import io.mpathvx.core.kernel.NvmeReply;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The NVMe controller behind a simulated namespace path, for the admin commands multipathd sends (NVMe base
 * specification 2.0; libmultipath/nvme/linux/nvme.h layouts): Identify Controller (CMIC, ANACAP, NANAGRPID, MNAN),
 * Identify Namespace (NSZE, ANAGRPID) and the ANA log page, built from the ANA states of the namespaces the controller
 * has. Called under the kernel's lock.
 */
final class SimNvme {
    private static final int CMIC_MULTI_CTRL = 1 << 1;
    private static final int CMIC_ANA = 1 << 3;
    /** Optimized, non-optimized, inaccessible, persistent loss and change states reported; ANAGRPID not constant. */
    private static final int ANACAP = 0x1f;
    private static final int ANATT = 10;

    private SimNvme() {
    }

    /**
     * @param d     the path the command went to
     * @param paths the paths of the same controller (every namespace it has)
     */
    static NvmeReply admin(SimDisk d, NvmeCommand cmd, List<SimDisk> paths) {
        byte[] data;
        if (cmd.opcode() == NvmeCommand.IDENTIFY && (cmd.cdw10() & 0xff) == NvmeCommand.CNS_CONTROLLER) {
            data = identifyController(d.nvme, paths);
        } else if (cmd.opcode() == NvmeCommand.IDENTIFY && (cmd.cdw10() & 0xff) == NvmeCommand.CNS_NAMESPACE) {
            data = identifyNamespace(cmd.nsid(), paths);
        } else if (cmd.opcode() == NvmeCommand.GET_LOG_PAGE && cmd.logId() == NvmeCommand.LOG_ANA) {
            if (!d.nvme.subsystem().ana()) return new NvmeReply(NvmeReply.INVALID_FIELD, null);
            data = anaLog(paths, (cmd.logSpecific() & 1) != 0);
        } else {
            return new NvmeReply(NvmeReply.INVALID_OPCODE, null);
        }
        byte[] out = new byte[Math.max(0, cmd.dataLength())];
        System.arraycopy(data, 0, out, 0, Math.min(data.length, out.length));
        return NvmeReply.success(out);
    }

    private static byte[] identifyController(SimNvmeCtrl c, List<SimDisk> paths) {
        byte[] b = new byte[NvmeCommand.IDENTIFY_SIZE];
        NvmeTopology.Subsystem s = c.subsystem();
        put(b, 4, s.serial(), 20);
        put(b, 24, s.model(), 40);
        put(b, 64, s.firmware(), 8);
        b[76] = (byte) (CMIC_MULTI_CTRL | (s.ana() ? CMIC_ANA : 0));
        le16(b, 78, c.cntlid());
        if (s.ana()) {
            b[342] = ANATT;
            b[343] = ANACAP;
            int groups = groups(paths).size();
            le32(b, 344, groups);       // ANAGRPMAX
            le32(b, 348, groups);       // NANAGRPID
        }
        le32(b, 516, s.namespaces().stream().mapToInt(NvmeTopology.Namespace::nsid).max().orElse(0));   // NN
        le32(b, 540, s.namespaces().size());                                                          // MNAN
        byte[] nqn = s.nqn().getBytes(StandardCharsets.US_ASCII);   // SUBNQN: NUL-terminated
        System.arraycopy(nqn, 0, b, 768, Math.min(nqn.length, 255));
        return b;
    }

    /** An inactive namespace id answers zeros, as the specification says. */
    private static byte[] identifyNamespace(int nsid, List<SimDisk> paths) {
        byte[] b = new byte[NvmeCommand.IDENTIFY_SIZE];
        for (SimDisk p : paths) {
            if (p.lun.lun != nsid) continue;
            le64(b, 0, p.lun.sizeSectors);    // NSZE in 512-byte blocks (LBA format 0)
            le64(b, 8, p.lun.sizeSectors);    // NCAP
            le32(b, 92, p.anaGroup);          // ANAGRPID
        }
        return b;
    }

    /** One descriptor per ANA group, by group id; with {@code rgo} without their namespace lists. */
    private static byte[] anaLog(List<SimDisk> paths, boolean rgo) {
        Map<Integer, List<SimDisk>> groups = groups(paths);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] header = new byte[16];
        le16(header, 8, groups.size());
        out.writeBytes(header);
        for (Map.Entry<Integer, List<SimDisk>> g : groups.entrySet()) {
            List<SimDisk> members = g.getValue();
            byte[] desc = new byte[32 + (rgo ? 0 : 4 * members.size())];
            le32(desc, 0, g.getKey());
            le32(desc, 4, rgo ? 0 : members.size());
            desc[16] = (byte) NvmeTopology.anaCode(members.get(0).ana);   // a group has one state: its first path's
            for (int i = 0; !rgo && i < members.size(); i++) le32(desc, 32 + 4 * i, (int) members.get(i).lun.lun);
            out.writeBytes(desc);
        }
        return out.toByteArray();
    }

    private static Map<Integer, List<SimDisk>> groups(List<SimDisk> paths) {
        Map<Integer, List<SimDisk>> groups = new TreeMap<>();
        for (SimDisk p : paths) {
            if (!p.removed) groups.computeIfAbsent(p.anaGroup, k -> new java.util.ArrayList<>()).add(p);
        }
        return groups;
    }

    private static void put(byte[] b, int at, String s, int width) {
        byte[] t = String.format("%-" + width + "s", s).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(t, 0, b, at, width);
    }

    private static void le16(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >> 8);
    }

    private static void le32(byte[] b, int at, int v) {
        le16(b, at, v);
        le16(b, at + 2, v >>> 16);
    }

    private static void le64(byte[] b, int at, long v) {
        le32(b, at, (int) v);
        le32(b, at + 4, (int) (v >>> 32));
    }
}
