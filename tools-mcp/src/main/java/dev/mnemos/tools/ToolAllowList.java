package dev.mnemos.tools;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The tools one agent may see and call. An entry is a tool name ({@code fs__read_file}) or a prefix ending in
 * {@code *} ({@code fs__*}: every tool of the MCP server {@code fs}; {@code *}: every tool). An agent without an
 * allow-list may call nothing.
 *
 * @param entries names and prefixes; never {@code null}
 */
public record ToolAllowList(Set<String> entries) {

    public ToolAllowList {
        entries = Set.copyOf(entries);
        for (var entry : entries) {
            if (entry.isBlank() || entry.indexOf('*') >= 0 && entry.indexOf('*') != entry.length() - 1) {
                throw new IllegalArgumentException(
                        "allow-list entry '" + entry + "' must be a tool name or a prefix that ends in '*'");
            }
        }
    }

    /** The list that allows nothing. */
    public static ToolAllowList none() {
        return new ToolAllowList(Set.of());
    }

    /** A list of these names and prefixes. */
    public static ToolAllowList of(String... entries) {
        return new ToolAllowList(Set.of(entries));
    }

    /** This list with more entries. */
    public ToolAllowList plus(String... more) {
        var all = new LinkedHashSet<>(entries);
        all.addAll(Arrays.asList(more));
        return new ToolAllowList(all);
    }

    /** This list without these entries. */
    public ToolAllowList minus(String... fewer) {
        var all = new LinkedHashSet<>(entries);
        Arrays.asList(fewer).forEach(all::remove);
        return new ToolAllowList(all);
    }

    /** Whether a tool of this name may be called. */
    public boolean permits(String toolName) {
        for (var entry : entries) {
            boolean prefix = entry.endsWith("*");
            if (prefix ? toolName.startsWith(entry.substring(0, entry.length() - 1)) : toolName.equals(entry)) {
                return true;
            }
        }
        return false;
    }
}
