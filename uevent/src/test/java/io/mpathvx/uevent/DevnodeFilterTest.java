package io.mpathvx.uevent;

import io.mpathvx.core.config.ConfigLoader;
import io.mpathvx.core.config.MultipathConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DevnodeFilterTest {
    @Test
    void defaultsKeepPathDevicesAndDropTheRest() {
        DevnodeFilter f = DevnodeFilter.defaults();
        for (String ok : new String[]{"sda", "sdaa", "nvme0n1", "dasda", "vdb", "xvda"}) assertFalse(f.blacklisted(ok), ok);
        for (String no : new String[]{"loop0", "ram1", "zram0", "md127", "dm-3", "sr0", "nbd2"}) assertTrue(f.blacklisted(no), no);
    }

    @Test
    void configuredBlacklistDrivesTheFilter() throws Exception {
        DevnodeFilter builtin = DevnodeFilter.of(MultipathConfig.defaults().blacklist());
        assertFalse(builtin.blacklisted("sdb"));
        assertTrue(builtin.blacklisted("loop0"), "multipathd's default only admits sd, dasd, nvme");
        DevnodeFilter custom = DevnodeFilter.of(ConfigLoader.parse(
                "blacklist {\n  devnode \"^sdc\"\n}\n", "test.conf").config().blacklist());
        assertTrue(custom.blacklisted("sdc"));
        assertFalse(custom.blacklisted("sdd"));
    }
}
