package io.mpathvx.api.cli;

import java.util.List;

/** The path group wildcards of print.c pgd[] (used by the topology and the JSON only). */
final class GroupWildcards {
    static final WildcardTable<CliGroup> TABLE = new WildcardTable<>(List.of(
            new Wildcard<>('s', "selector", CliGroup::selector),
            new Wildcard<>('p', "pri", g -> Integer.toString(g.priority())),
            new Wildcard<>('t', "dm_st", g -> g.state().text),
            new Wildcard<>('M', "marginal_st", g -> g.marginal() ? "marginal" : "normal")));

    private GroupWildcards() {
    }
}
