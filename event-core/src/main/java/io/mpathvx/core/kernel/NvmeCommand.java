package io.mpathvx.core.kernel;

/**
 * An NVMe admin command as {@code struct nvme_passthru_cmd} carries it (the fields multipathd fills).
 *
 * @param dataLength bytes of data-in the command transfers
 */
public record NvmeCommand(int opcode, int nsid, int cdw10, int cdw11, int cdw12, int cdw13, int dataLength) {
    public static final int GET_LOG_PAGE = 0x02;
    public static final int IDENTIFY = 0x06;
    public static final int CNS_NAMESPACE = 0x00;
    public static final int CNS_CONTROLLER = 0x01;
    public static final int LOG_ANA = 0x0c;
    public static final int NSID_ALL = 0xffffffff;
    public static final int IDENTIFY_SIZE = 4096;

    /** nvme-ioctl.c nvme_identify_ctrl. */
    public static NvmeCommand identifyController() {
        return new NvmeCommand(IDENTIFY, 0, CNS_CONTROLLER, 0, 0, 0, IDENTIFY_SIZE);
    }

    /** nvme-ioctl.c nvme_identify_ns (not "present": the active namespace). */
    public static NvmeCommand identifyNamespace(int nsid) {
        return new NvmeCommand(IDENTIFY, nsid, CNS_NAMESPACE, 0, 0, 0, IDENTIFY_SIZE);
    }

    /**
     * nvme-ioctl.c nvme_ana_log → nvme_get_log13: the ANA log page for all namespaces, retain asynchronous event,
     * log specific field RGO (groups only, no namespace lists) when {@code rgo}.
     */
    public static NvmeCommand anaLog(int length, boolean rgo) {
        int numd = (length >> 2) - 1;
        int cdw10 = LOG_ANA | ((numd & 0xffff) << 16) | (1 << 15) | (rgo ? 1 << 8 : 0);
        return new NvmeCommand(GET_LOG_PAGE, NSID_ALL, cdw10, numd >>> 16, 0, 0, length);
    }

    /** The log page a Get Log Page command asks for. */
    public int logId() {
        return cdw10 & 0xff;
    }

    /** The log specific field (bits 8..11 of CDW10): for the ANA log, bit 0 is RGO. */
    public int logSpecific() {
        return (cdw10 >> 8) & 0x0f;
    }
}
