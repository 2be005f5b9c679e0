package io.mpathvx.reconciler;

import io.mpathvx.core.config.DeviceFacts;
import io.mpathvx.core.config.Tpgs;
import io.mpathvx.core.kernel.Cdb;
import io.mpathvx.core.kernel.NvmePort;
import io.mpathvx.core.kernel.ScsiPort;
import io.mpathvx.core.kernel.ScsiReply;
import io.mpathvx.core.kernel.Sysfs;

import java.io.IOException;
import java.util.Optional;

/**
 * Asks one path's device what multipathd's property selection needs (discovery.c detect_alua, propsel.c
 * check_rdac, for NVMe nvme_id_ctrl_ana): TPGS from standard INQUIRY, the target port group from VPD page 0x83 and its state from REPORT TARGET
 * PORT GROUPS, VPD page 0xC9, and the sysfs device handler attributes. Blocking: workers only.
 */
final class DeviceFactsReader {
    static final int TIMEOUT_MS = 30_000;
    private static final int VPD_LEN = 4096;

    /**
     * What was read.
     *
     * @param facts       the selection inputs
     * @param tpgId       the target port group id, -1 if unknown
     * @param aas         the RTPG descriptor byte 0 of the path's group (preferred bit, access state); -1 if unknown
     * @param vpdC9       VPD page 0xC9, empty if the device has none
     * @param accessState sysfs device/access_state, null if absent
     * @param preferred   sysfs device/preferred_path, null if absent
     */
    record Read(DeviceFacts facts, int tpgId, int aas, byte[] vpdC9, String accessState, String preferred) {
    }

    private final Sysfs sysfs;
    private final ScsiPort scsi;
    private final NvmePort nvme;

    DeviceFactsReader(Sysfs sysfs, ScsiPort scsi, NvmePort nvme) {
        this.sysfs = sysfs;
        this.scsi = scsi;
        this.nvme = nvme;
    }

    Read read(String disk) throws IOException {
        String dev = "block/" + disk + "/device/";
        if (disk.startsWith("nvme")) {
            // detect_prio asks the controller (nvme_id_ctrl_ana): sysfs ana_state exists only with native multipathing
            boolean ana = NvmeAna.supported(nvme, disk);
            return new Read(new DeviceFacts(DeviceFacts.Bus.NVME, Tpgs.NONE, false, false, false, null, ana), -1, -1,
                    new byte[0], null, null);
        }
        String accessState = sysfs.read(dev + "access_state").orElse(null);
        String preferred = sysfs.read(dev + "preferred_path").orElse(null);
        String dh = sysfs.read(dev + "dh_state").orElse(null);
        Tpgs tpgs = Tpgs.UNDEF;
        int tpg = -1;
        int aas = -1;
        ScsiReply std = command(disk, Cdb.inquiry(96), 96);
        if (std != null && std.good() && std.data().length > 5) {
            tpgs = Tpgs.fromInquiryBits(std.data()[5] >> 4);
            if (tpgs.supported()) {
                tpg = targetPortGroup(command(disk, Cdb.vpd(0x83, VPD_LEN), VPD_LEN));
                aas = tpg < 0 ? -1 : accessState(command(disk, Cdb.reportTargetPortGroups(VPD_LEN), VPD_LEN), tpg);
                if (aas < 0) tpgs = pathUp(dev) ? Tpgs.NONE : Tpgs.UNDEF;   // detect_alua: ALUA that does not answer
            }
        }
        byte[] page0 = vpdPage(disk, 0x00).orElse(new byte[0]);
        boolean c9Listed = false;
        for (int i = 4; i < page0.length; i++) c9Listed |= (page0[i] & 0xff) == 0xc9;
        byte[] c9 = vpdPage(disk, 0xc9).orElse(new byte[0]);
        boolean vac1 = c9.length >= 8 && c9[4] == 'v' && c9[5] == 'a' && c9[6] == 'c' && c9[7] == '1';
        int timeout = sysfs.read(dev + "timeout").map(DeviceFactsReader::seconds).orElse(0);
        DeviceFacts facts = new DeviceFacts(DeviceFacts.Bus.SCSI, tpgs, c9Listed, vac1, accessState != null, dh, false,
                timeout);
        return new Read(facts, tpgs.supported() ? tpg : -1, aas, c9, accessState, preferred);
    }

    private static int seconds(String s) {
        try {
            return Math.max(0, Integer.parseInt(s.strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private boolean pathUp(String dev) throws IOException {
        return sysfs.read(dev + "state").map(s -> s.strip().equals("running")).orElse(false);
    }

    private Optional<byte[]> vpdPage(String disk, int page) {
        ScsiReply r = command(disk, Cdb.vpd(page, VPD_LEN), VPD_LEN);
        if (r == null || !r.good() || r.data().length < 4 || (r.data()[1] & 0xff) != page) return Optional.empty();
        return Optional.of(r.data());
    }

    /** An unanswered command (device gone, offline, ioctl failed) is null. */
    private ScsiReply command(String disk, byte[] cdb, int len) {
        try {
            return scsi.execute(disk, cdb, len, TIMEOUT_MS);
        } catch (IOException e) {
            return null;
        }
    }

    /** The target port group designator (type 5) of VPD page 0x83; -1 if none (alua_rtpg.c get_target_port_group). */
    static int targetPortGroup(ScsiReply r) {
        if (r == null || !r.good()) return -1;
        byte[] b = r.data();
        if (b.length < 4 || (b[1] & 0xff) != 0x83) return -1;
        int end = Math.min(b.length, 4 + (((b[2] & 0xff) << 8) | (b[3] & 0xff)));
        for (int i = 4; i + 4 <= end; ) {
            int len = b[i + 3] & 0xff;
            if ((b[i + 1] & 0x0f) == 0x5 && len >= 4 && i + 8 <= end) return ((b[i + 6] & 0xff) << 8) | (b[i + 7] & 0xff);
            i += 4 + len;
        }
        return -1;
    }

    /** Byte 0 of the RTPG descriptor of {@code tpg} (alua_rtpg.c get_asymmetric_access_state); -1 if absent. */
    static int accessState(ScsiReply r, int tpg) {
        if (r == null || !r.good()) return -1;
        byte[] b = r.data();
        if (b.length < 4) return -1;
        long len = ((long) (b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        int end = (int) Math.min(b.length, 4 + len);
        for (int i = 4; i + 8 <= end; ) {
            int id = ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
            int ports = b[i + 7] & 0xff;
            if (id == tpg) return b[i] & 0xff;
            i += 8 + 4 * ports;
        }
        return -1;
    }
}
