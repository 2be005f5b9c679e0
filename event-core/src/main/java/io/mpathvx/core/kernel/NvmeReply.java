package io.mpathvx.core.kernel;

/**
 * An NVMe completion: the status field (0 success; what the ioctl returns when positive) and the data-in bytes.
 */
public record NvmeReply(int status, byte[] data) {
    public static final int INVALID_FIELD = 0x2;
    public static final int INVALID_OPCODE = 0x1;

    public NvmeReply {
        data = data == null ? new byte[0] : data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    public static NvmeReply success(byte[] data) {
        return new NvmeReply(0, data);
    }

    public boolean ok() {
        return status == 0;
    }
}
