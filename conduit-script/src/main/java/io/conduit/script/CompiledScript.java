package io.conduit.script;

import io.conduit.core.pipeline.StepException;
import io.conduit.script.SandboxContextFactory.SandboxContext;
import io.conduit.script.SandboxContextFactory.ScriptTimeout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.mozilla.javascript.BaseFunction;
import org.mozilla.javascript.EvaluatorException;
import org.mozilla.javascript.NativeObject;
import org.mozilla.javascript.RhinoException;
import org.mozilla.javascript.Script;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;

/**
 * One script step, compiled once at load and run for each message.
 *
 * <p>Model: at load, a <em>shared scope</em> is built with the safe standard objects (no
 * {@code Packages}, {@code java}, {@code JavaImporter}, {@code load} …), the {@link ScriptApi}
 * objects, the allowed Java classes and the libraries' top-level definitions; then everything
 * reachable from it is sealed, so no call can change what another call sees. The step's own text
 * is compiled, wrapped in a function so that {@code return} works. Each call runs that script in a
 * fresh, empty scope whose prototype is the shared scope: the script's globals live and die with
 * the call.
 *
 * <p>Thread-safe: the shared scope is immutable after load and a compiled {@link Script} holds no
 * per-run state; each call enters its own Rhino context on its own thread.
 */
final class CompiledScript {

    private final ScriptSource source;
    private final ScriptableObject shared;
    private final Script script;
    private final SandboxWrapFactory hostAccess;
    private final Duration timeout;
    private final ContentMask mask;

    private CompiledScript(ScriptSource source, ScriptableObject shared, Script script, SandboxWrapFactory hostAccess,
                           Duration timeout, ContentMask mask) {
        this.source = source;
        this.shared = shared;
        this.script = script;
        this.hostAccess = hostAccess;
        this.timeout = timeout;
        this.mask = mask;
    }

    /**
     * Builds the shared scope, runs the libraries' top level in it (within {@code timeout}) and
     * compiles {@code main}.
     *
     * @throws ScriptLoadException naming the source and line of the first error
     */
    static CompiledScript compile(ScriptSource main, List<ScriptSource> libraries, ScriptApi api, HostClasses classes,
                                  Duration timeout, ContentMask mask) throws ScriptLoadException {
        SandboxWrapFactory hostAccess = classes.wrapFactory();
        try (SandboxContext cx = SandboxContextFactory.INSTANCE.enter(System.nanoTime() + timeout.toNanos(), hostAccess)) {
            ScriptableObject shared = cx.initSafeStandardObjects(null, true);
            api.install(shared);
            classes.install(shared);
            for (ScriptSource library : libraries) {
                Script compiled = compile(cx, library, library.text());
                try {
                    compiled.exec(cx, shared, shared);
                } catch (RhinoException e) {
                    throw new ScriptLoadException(library.name(), e.lineNumber(), ScriptErrors.describe(e));
                } catch (ScriptTimeout e) {
                    throw new ScriptLoadException(library.name(), 0, "its top level ran longer than the timeout of "
                            + ScriptErrors.format(timeout));
                }
            }
            deepSeal(shared);
            // Same line: line numbers in errors stay those of the script as written.
            Script script = compile(cx, main, "(function () {" + main.text() + "\n})();");
            return new CompiledScript(main, shared, script, hostAccess, timeout, mask);
        }
    }

    private static Script compile(SandboxContext cx, ScriptSource source, String text) throws ScriptLoadException {
        try {
            return cx.compileString(text, source.name(), 1, null);
        } catch (RhinoException e) {
            throw new ScriptLoadException(source.name(), e.lineNumber(), "syntax error: " + e.details());
        }
    }

    /** The script's name in errors: {@code inline script} or its file. */
    String name() {
        return source.name();
    }

    /**
     * Runs the script for one message.
     *
     * @return the script's result (a condition's verdict; ignored for transformers)
     * @throws StepException naming the script, line and error, with message content masked
     */
    Object run(Invocation call) throws StepException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (SandboxContext cx = SandboxContextFactory.INSTANCE.enter(deadline, hostAccess)) {
            cx.invocation = call;
            NativeObject scope = new NativeObject();
            scope.setPrototype(shared);
            scope.setParentScope(null);
            return script.exec(cx, scope, scope);
        } catch (ScriptTimeout e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new StepException(source.name() + ": stopped because the channel is stopping");
            }
            throw new StepException(source.name() + ": stopped after running longer than its timeout of "
                    + ScriptErrors.format(timeout) + " (an endless loop?); raise 'timeout' if it needs longer");
        } catch (RhinoException e) {
            String text = ScriptErrors.describe(e);
            boolean ours = e instanceof EvaluatorException && text.equals(call.apiError());
            throw new StepException(ScriptErrors.locate(source, e) + ": " + (ours ? text : mask.apply(text, call.inputWords())), e);
        } catch (StackOverflowError e) {
            throw new StepException(source.name() + ": ran out of stack (endless recursion?)");
        } catch (OutOfMemoryError e) {
            // Rhino has no memory limit. When the script's own allocation failed, what it held is
            // garbage once it is stopped, so failing the message keeps the channel running.
            throw new StepException(source.name() + ": ran out of memory (a string or array growing without end?)");
        } catch (RuntimeException e) {
            // Not a script error but a fault in the engine or a host class: fail this message only.
            throw new StepException(source.name() + ": failed with " + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * Seals every object reachable from the shared scope. Standard objects come sealed; this
     * covers the API objects, library functions (and their {@code prototype}, which Rhino creates
     * lazily and would otherwise create on first use, racily) and library top-level values.
     */
    private static void deepSeal(ScriptableObject root) {
        Map<Object, Boolean> seen = new IdentityHashMap<>();
        List<Scriptable> pending = new ArrayList<>();
        pending.add(root);
        while (!pending.isEmpty()) {
            Scriptable next = pending.removeLast();
            if (seen.put(next, Boolean.TRUE) != null) {
                continue;
            }
            if (next instanceof BaseFunction function) {
                function.get("prototype", function);
            }
            if (next instanceof ScriptableObject object) {
                if (object.isSealed() && object != root) {
                    continue;
                }
                for (Object id : object.getAllIds()) {
                    Object value = id instanceof String name ? object.get(name, object)
                            : id instanceof Integer index ? object.get(index, object) : null;
                    if (value instanceof Scriptable child) {
                        pending.add(child);
                    }
                }
                if (object.getPrototype() != null) {
                    pending.add(object.getPrototype());
                }
                object.sealObject();
            }
        }
    }
}
