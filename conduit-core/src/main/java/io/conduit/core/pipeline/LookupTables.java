package io.conduit.core.pipeline;

import java.util.Optional;
import java.util.Set;

/**
 * The lookup tables of a config directory ({@code lookups/*.csv} and {@code lookups/*.yaml}), kept
 * in memory and reloaded when a file changes. Thread-safe.
 */
public interface LookupTables {

    /** The names of the tables found (file names without extension). */
    Set<String> names();

    /**
     * The value {@code key} maps to in {@code table}; empty when the table has no such key.
     *
     * @throws IllegalArgumentException when there is no table of that name
     */
    Optional<String> lookup(String table, String key);

    /** No tables at all, for tools that run steps outside a config directory. */
    static LookupTables none() {
        return new LookupTables() {
            @Override
            public Set<String> names() {
                return Set.of();
            }

            @Override
            public Optional<String> lookup(String table, String key) {
                throw new IllegalArgumentException("there is no lookup table '" + table + "'");
            }
        };
    }
}
