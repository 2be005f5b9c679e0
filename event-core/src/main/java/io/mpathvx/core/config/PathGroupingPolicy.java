package io.mpathvx.core.config;

/** path_grouping_policy values. */
public enum PathGroupingPolicy {
    FAILOVER("failover"),
    MULTIBUS("multibus"),
    GROUP_BY_SERIAL("group_by_serial"),
    GROUP_BY_PRIO("group_by_prio"),
    GROUP_BY_NODE_NAME("group_by_node_name"),
    GROUP_BY_TPG("group_by_tpg");

    private final String configName;

    PathGroupingPolicy(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    static PathGroupingPolicy parse(String s) {
        for (PathGroupingPolicy p : values()) if (p.configName.equals(s)) return p;
        return null;
    }

    @Override
    public String toString() {
        return configName;
    }
}
