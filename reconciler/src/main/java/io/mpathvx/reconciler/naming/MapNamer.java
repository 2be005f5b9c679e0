package io.mpathvx.reconciler.naming;

/**
 * Picks a map's dm name: the multipaths-section alias, else a user-friendly name (bindings file), else the WWID.
 * Pure: device-mapper questions are answered by a {@link NameProbe} over the observed kernel state.
 */
public final class MapNamer {
    private MapNamer() {
    }

    /** The name and, for a new user-friendly name, the binding to write first (null: nothing to write). */
    public record Named(String name, Binding allocate) {
    }

    /**
     * @param currentName the name of the map the kernel has now for this WWID, or null
     */
    public static Named name(String wwid, String configuredAlias, boolean userFriendlyNames, String currentName,
                             Bindings bindings, String prefix, boolean readOnly, NameProbe probe) {
        if (configuredAlias != null && !configuredAlias.isEmpty()) return new Named(configuredAlias, null);
        if (!userFriendlyNames) return new Named(wwid, null);
        // Only a name that looks user-friendly counts as the old alias; a WWID-named map must not bind its WWID.
        String old = currentName != null && AliasCodec.scan(currentName, prefix) > 0 ? currentName : "";
        FriendlyNames.Choice c = FriendlyNames.choose(bindings, wwid, old, prefix, readOnly, probe);
        return c.alias() == null ? new Named(wwid, null) : new Named(c.alias(), c.allocate());
    }
}
