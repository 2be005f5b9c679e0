package io.mpathvx.core.model;

/** A SCSI device address host:channel:target:lun, as in the sysfs directory name under device/. */
public record ScsiAddress(int host, int channel, int target, long lun) {
    public static ScsiAddress parse(String text) {
        String[] p = text.split(":");
        if (p.length != 4) throw new IllegalArgumentException("not H:C:T:L: " + text);
        try {
            return new ScsiAddress(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]), Long.parseLong(p[3]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not H:C:T:L: " + text, e);
        }
    }

    @Override
    public String toString() {
        return host + ":" + channel + ":" + target + ":" + lun;
    }
}
