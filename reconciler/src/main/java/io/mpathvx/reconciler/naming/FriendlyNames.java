package io.mpathvx.reconciler.naming;

/**
 * Chooses user-friendly names the way multipathd does (alias.c behaviour, checked against the conformance vectors):
 * reuse a WWID's binding, else keep a previously used name, else take the lowest free id for the prefix, probing
 * device-mapper for names that bindings do not explain.
 */
public final class FriendlyNames {
    private FriendlyNames() {
    }

    /** Result of a binding lookup: the bound alias, or the lowest usable free id and its alias. */
    public record Lookup(boolean found, String alias, int freeId) {
    }

    /**
     * Decision for one WWID: the alias to use (null: none usable) and the binding that must be written to the
     * bindings file first (null: nothing to write). If writing fails the alias must not be used.
     */
    public record Choice(String alias, Binding allocate) {
    }

    public static Lookup lookupOrFreeId(Bindings bindings, String wwid, String prefix, NameProbe probe) {
        String bound = bindings.aliasFor(wwid);
        if (bound != null) return new Lookup(true, bound, 0);
        int id = freeId(bindings, prefix, wwid, probe);
        return new Lookup(false, id > 0 ? AliasCodec.format(prefix, id) : null, id);
    }

    /**
     * The lowest id for the prefix that no binding holds and no map of another WWID uses. Ids below the highest bound
     * one are probed only when unbound; bound aliases are never probed. Returns -1 when the id space is exhausted.
     */
    public static int freeId(Bindings bindings, String prefix, String wwid, NameProbe probe) {
        if (prefix == null) return 1; // no alias scans with a null prefix, and nothing collides: the first id
        // Every id below the bindings' mark is bound; from there the first id that is neither bound nor held by a map
        // of another WWID (alias.c get_free_id, without its scan over every binding per allocation).
        int id = bindings.lowestUnboundId(prefix);
        while (bindings.wwidFor(AliasCodec.format(prefix, id)) != null || taken(id, prefix, wwid, probe)) {
            if (id == Integer.MAX_VALUE) return -1;
            id++;
        }
        return id;
    }

    private static boolean taken(int id, String prefix, String wwid, NameProbe probe) {
        if (prefix == null) return false; // a null prefix never collides with a map name: nothing to probe
        String other = probe.wwidOfMap(AliasCodec.format(prefix, id));
        return other != null && !other.equals(wwid);
    }

    /**
     * The full selection: {@code aliasOld} (the name the map has now, "" or null for none) is kept when bound to this
     * WWID; a binding of the WWID wins otherwise, unless a map of another WWID holds that name (then no alias); an
     * unbound old name is adopted as a new binding; else a free id is allocated (unless the file is read-only).
     */
    public static Choice choose(Bindings bindings, String wwid, String aliasOld, String prefix, boolean readOnly,
                                NameProbe probe) {
        boolean haveOld = aliasOld != null && !aliasOld.isEmpty();
        String oldOwner = haveOld ? bindings.wwidFor(aliasOld) : null;
        if (haveOld && wwid.equals(oldOwner)) return new Choice(aliasOld, null);
        String bound = bindings.aliasFor(wwid);
        if (bound != null) {
            String holder = probe.wwidOfMap(bound);
            return new Choice(holder != null && !holder.equals(wwid) ? null : bound, null);
        }
        if (haveOld && oldOwner == null) {
            return new Choice(aliasOld, readOnly ? null : new Binding(aliasOld, wwid));
        }
        int id = freeId(bindings, prefix, wwid, probe);
        if (id <= 0 || readOnly) return new Choice(null, null);
        String alias = AliasCodec.format(prefix, id);
        return new Choice(alias, new Binding(alias, wwid));
    }
}
