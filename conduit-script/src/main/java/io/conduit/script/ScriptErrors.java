package io.conduit.script;

import java.time.Duration;
import org.mozilla.javascript.EcmaError;
import org.mozilla.javascript.JavaScriptException;
import org.mozilla.javascript.RhinoException;
import org.mozilla.javascript.WrappedException;

/** Turns Rhino's exceptions into the short texts step errors and config errors carry. */
final class ScriptErrors {

    private ScriptErrors() {
    }

    /**
     * Where the error happened: the script, and the library file when the error came from a
     * library function the script called, with the line.
     */
    static String locate(ScriptSource script, RhinoException e) {
        String where = e.sourceName();
        if (where != null && where.indexOf('#') > 0) {
            // Code made by eval() or Function() is named after its maker: "inline script#1(Function)".
            where = where.substring(0, where.indexOf('#'));
        }
        String line = e.lineNumber() > 0 ? " line " + e.lineNumber() : "";
        if (where == null || where.equals(script.name())) {
            return script.name() + line;
        }
        return script.name() + ": " + where + line;
    }

    /** The error's kind and text, e.g. {@code TypeError: Cannot read property "x" from null}. */
    static String describe(RhinoException e) {
        if (e instanceof EcmaError ecma) {
            return ecma.getName() + ": " + ecma.getErrorMessage();
        }
        if (e instanceof WrappedException wrapped) {
            Throwable cause = wrapped.getWrappedException();
            return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        }
        if (e instanceof JavaScriptException thrown) {
            return thrown.details();
        }
        return e.details();
    }

    /** A duration as configuration writes it: {@code 1s}, {@code 250ms}. */
    static String format(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
