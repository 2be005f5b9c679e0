package io.mpathvx.core.kernel;

/** A version triple: of the dm ioctl interface or of a target type. */
public record DmVersion(int major, int minor, int patch) implements Comparable<DmVersion> {
    public boolean atLeast(int maj, int min) {
        return major > maj || (major == maj && minor >= min);
    }

    @Override
    public int compareTo(DmVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) c = Integer.compare(minor, o.minor);
        return c != 0 ? c : Integer.compare(patch, o.patch);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
