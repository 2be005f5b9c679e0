package io.mpathvx.core.config;

/** find_multipaths: which devices become multipath maps. "no"/"yes" are accepted as off/on. */
public enum FindMultipaths {
    OFF, ON, STRICT, GREEDY, SMART;

    @Override
    public String toString() {
        return name().toLowerCase();
    }
}
