package io.mpathvx.reconciler;

import io.mpathvx.core.kernel.NvmeCommand;
import io.mpathvx.core.kernel.NvmePort;
import io.mpathvx.core.kernel.NvmeReply;

import java.io.IOException;

/**
 * A namespace path's ANA state, asked of its controller as multipath-tools 0.14.3 does (nvme-lib.c
 * nvme_id_ctrl_ana, prioritizers/ana.c get_ana_info and get_ana_state): Identify Controller, the namespace id, the
 * namespace's ANA group when group ids are constant, then the ANA log page. Blocking: workers only.
 */
final class NvmeAna {
    /** NVME_ANA_OPTIMIZED ... NVME_ANA_CHANGE. */
    static final int OPTIMIZED = 0x1;
    static final int NON_OPTIMIZED = 0x2;
    static final int INACCESSIBLE = 0x3;
    static final int PERSISTENT_LOSS = 0x4;
    static final int CHANGE = 0xf;
    /** No answer: not NVMe, no ANA, the controller did not answer, or the namespace is in no group. */
    static final int UNKNOWN = -1;

    private static final int HEADER = 16;
    private static final int DESCRIPTOR = 32;

    private NvmeAna() {
    }

    /** nvme_id_ctrl_ana(): the controller reports ANA (CMIC bit 3); false when it does not answer. */
    static boolean supported(NvmePort port, String disk) {
        byte[] ctrl = identifyController(port, disk);
        return ctrl != null && (ctrl[76] & 0x08) != 0;
    }

    /** get_ana_info(): the ANA state code of the path's namespace, or {@link #UNKNOWN}. */
    static int state(NvmePort port, String disk) {
        try {
            byte[] ctrl = identifyController(port, disk);
            if (ctrl == null || (ctrl[76] & 0x08) == 0) return UNKNOWN;
            int nsid = port.namespaceId(disk);
            if (nsid <= 0) return UNKNOWN;
            boolean constGroupIds = (ctrl[343] & 0x40) != 0;
            long len = HEADER + le32(ctrl, 348) * DESCRIPTOR;
            int group = 0;
            if (constGroupIds) {
                NvmeReply ns = port.admin(disk, NvmeCommand.identifyNamespace(nsid));
                if (!ns.ok()) return UNKNOWN;
                group = (int) le32(ns.data(), 92);
            } else {
                len += le32(ctrl, 540) * 4;
            }
            if (len > 1 << 20) return UNKNOWN;   // more than any controller reports: a bad answer
            NvmeReply log = port.admin(disk, NvmeCommand.anaLog((int) len, constGroupIds));
            return log.ok() ? stateIn(log.data(), nsid, group) : UNKNOWN;
        } catch (IOException e) {
            return UNKNOWN;
        }
    }

    /** get_ana_state(): the state of the descriptor listing {@code nsid}, or of group {@code group} if not 0. */
    static int stateIn(byte[] log, int nsid, int group) {
        if (log.length < HEADER) return UNKNOWN;
        int groups = (log[8] & 0xff) | ((log[9] & 0xff) << 8);
        long at = HEADER;
        for (int i = 0; i < groups; i++) {
            long desc = at;
            at += DESCRIPTOR;
            if (at > log.length) return UNKNOWN;
            long nsids = le32(log, (int) desc + 4);
            long list = at;
            at += nsids * 4;
            if (at > log.length) return UNKNOWN;
            int state = log[(int) desc + 16] & 0xff;
            for (long j = 0; j < nsids; j++) if (le32(log, (int) (list + 4 * j)) == (nsid & 0xffffffffL)) return state;
            if (group != 0 && le32(log, (int) desc) == (group & 0xffffffffL)) return state;
        }
        return UNKNOWN;
    }

    private static byte[] identifyController(NvmePort port, String disk) {
        try {
            NvmeReply r = port.admin(disk, NvmeCommand.identifyController());
            return r.ok() && r.data().length >= NvmeCommand.IDENTIFY_SIZE ? r.data() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static long le32(byte[] b, int at) {
        return (b[at] & 0xffL) | ((b[at + 1] & 0xffL) << 8) | ((b[at + 2] & 0xffL) << 16) | ((b[at + 3] & 0xffL) << 24);
    }
}
