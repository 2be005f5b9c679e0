package io.mpathvx.reconciler.desired;

/** path_grouping_policy values. */
public enum GroupingPolicy {
    /** One path per group. */
    FAILOVER("failover"),
    /** All paths in one group. */
    MULTIBUS("multibus"),
    /** One group per target port serial. */
    GROUP_BY_SERIAL("group_by_serial"),
    /** One group per path priority value. */
    GROUP_BY_PRIO("group_by_prio"),
    /** One group per target node name (FC WWNN / iSCSI IQN). */
    GROUP_BY_NODE_NAME("group_by_node_name");

    private final String keyword;

    GroupingPolicy(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }

    public static GroupingPolicy of(String keyword) {
        for (GroupingPolicy p : values()) if (p.keyword.equals(keyword)) return p;
        throw new IllegalArgumentException("unknown path_grouping_policy: " + keyword);
    }
}
