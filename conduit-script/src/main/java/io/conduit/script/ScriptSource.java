package io.conduit.script;

/**
 * A script's text and the name errors give it: {@code inline script} or its path in the config
 * directory, such as {@code scripts/lib/dates.js}.
 */
record ScriptSource(String name, String text) {

    static final String INLINE = "inline script";
}
