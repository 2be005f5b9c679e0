package io.mpathvx.core.config;

/** rr_weight: uniform, or weight round-robin by path priority. */
public enum RrWeight {
    UNIFORM, PRIORITIES;

    @Override
    public String toString() {
        return name().toLowerCase();
    }
}
