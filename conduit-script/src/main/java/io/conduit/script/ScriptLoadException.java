package io.conduit.script;

/**
 * A script or library that cannot be compiled or whose top level fails when it loads: the source
 * it came from, the line (0 when unknown) and Rhino's explanation.
 */
final class ScriptLoadException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final String reason;

    ScriptLoadException(String source, int line, String reason) {
        super(source + (line <= 0 ? "" : source.equals(ScriptSource.INLINE) ? " line " + line : ":" + line) + ": " + reason);
        this.source = source;
        this.line = line;
        this.reason = reason;
    }

    String source() {
        return source;
    }

    int line() {
        return line;
    }

    String reason() {
        return reason;
    }
}
