package io.mpathvx.core.sim;

/**
 * NetApp ONTAP's vendor-specific answers, as multipath-tools 0.14.3's ontap prioritizer reads them
 * (libmultipath/prioritizers/ontap.c send_gva, get_proxy): the GVA command (0xC0) page 0x41 names an iSCSI software
 * initiator connection ("ism_sw") and VPD page 0xC1 says whether the path is a proxy (through the partner controller).
 * Here an iscsi path is a software-initiator connection, and an FC or other path is a proxy when its ALUA state is not
 * active/optimized (the partner controller's port).
 */
final class OntapPages {
    static final int GVA = 0xc0;
    static final int PROXY_PAGE = 0xc1;

    private OntapPages() {
    }

    /** A NETAPP LUN answers them; others do not know the command or the page. */
    static boolean ontap(SimDisk d) {
        return d.lun.vendor.equals("NETAPP");
    }

    /** GVA: a 4-byte total length, the 0a 98 0a 01 signature, then page 0x41 for iSCSI paths only. */
    static byte[] gva(SimDisk d, int page) {
        boolean iscsi = page == 0x41 && d.transport.equals("iscsi");
        byte[] b = new byte[iscsi ? 20 : 8];
        b[3] = (byte) b.length;
        b[4] = 0x0a;
        b[5] = (byte) 0x98;
        b[6] = 0x0a;
        b[7] = 0x01;
        if (iscsi) {
            b[8] = 0x41;
            SimScsi.put(b, 12, "ism_sw", 6);
        }
        return b;
    }

    /** VPD page 0xC1: the 0a 98 0a 00 c1 00 signature at byte 8, the proxy bit in byte 19. */
    static byte[] proxy(SimDisk d) {
        byte[] body = new byte[16];
        body[4] = 0x0a;
        body[5] = (byte) 0x98;
        body[6] = 0x0a;
        body[8] = (byte) 0xc1;
        body[15] = (byte) ("active/optimized".equals(d.accessState()) ? 0 : 0x02);
        return SimScsi.page(PROXY_PAGE, body);
    }
}
