package io.mpathvx.core.config;

import java.util.ArrayList;
import java.util.List;

/** The device table as multipathd keeps it once the config files are read. */
final class DeviceTable {
    private DeviceTable() {
    }

    /**
     * Mirrors config.c factorize_hwtable: an entry with the same vendor, product and revision text as
     * a later one is folded into that later one (the later entry's keywords win, the earlier one's
     * fill the gaps) and leaves its own place. So a user entry written exactly like a built-in one
     * takes over its keywords at the user entry's place, after every other built-in.
     */
    static List<DeviceEntry> factorize(List<DeviceEntry> entries) {
        List<DeviceEntry> out = new ArrayList<>(entries);
        for (int i = 0; i < out.size(); i++) {
            for (int j = i + 1; j < out.size(); j++) {
                if (out.get(j).sameText(out.get(i))) {
                    out.set(j, out.get(j).over(out.get(i)));
                    out.remove(i--);
                    break;
                }
            }
        }
        return List.copyOf(out);
    }
}
