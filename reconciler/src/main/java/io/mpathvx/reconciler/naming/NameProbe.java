package io.mpathvx.reconciler.naming;

/** Asks device-mapper (or the observed kernel state) which WWID the map with a given name carries. */
@FunctionalInterface
public interface NameProbe {
    /** The WWID of the map named {@code name}, or null when there is no such map (or the lookup failed). */
    String wwidOfMap(String name);
}
