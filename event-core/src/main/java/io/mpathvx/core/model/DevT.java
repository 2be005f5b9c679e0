package io.mpathvx.core.model;

/** A block device number, written {@code major:minor}. */
public record DevT(int major, int minor) implements Comparable<DevT> {
    public DevT {
        if (major < 0 || major > 0xfff) throw new IllegalArgumentException("major out of range: " + major);
        if (minor < 0 || minor > 0xfffff) throw new IllegalArgumentException("minor out of range: " + minor);
    }

    /** Parses {@code M:m}; throws IllegalArgumentException naming the bad text. */
    public static DevT parse(String text) {
        int colon = text == null ? -1 : text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) throw new IllegalArgumentException("not a major:minor: " + text);
        try {
            return new DevT(Integer.parseInt(text, 0, colon, 10), Integer.parseInt(text, colon + 1, text.length(), 10));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a major:minor: " + text, e);
        }
    }

    /** The kernel's huge_encode_dev encoding used in struct dm_ioctl.dev and dm_name_list.dev. */
    public long encode() {
        return (minor & 0xffL) | ((long) major << 8) | ((long) (minor & ~0xff) << 12);
    }

    public static DevT decode(long dev) {
        int major = (int) ((dev >>> 8) & 0xfff);
        int minor = (int) ((dev & 0xff) | ((dev >>> 12) & 0xfff00));
        return new DevT(major, minor);
    }

    @Override
    public int compareTo(DevT o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return major + ":" + minor;
    }
}
