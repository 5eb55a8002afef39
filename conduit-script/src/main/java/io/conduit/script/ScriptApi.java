package io.conduit.script;

import io.conduit.core.datatype.ParsedMessage;
import io.conduit.core.pipeline.LookupTables;
import io.conduit.script.SandboxContextFactory.SandboxContext;
import java.util.List;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.LambdaFunction;
import org.mozilla.javascript.NativeObject;
import org.mozilla.javascript.ScriptableObject;
import org.mozilla.javascript.SerializableCallable;
import org.mozilla.javascript.Undefined;

/**
 * The objects a script sees: {@code msg}, {@code metadata}, {@code lookup} and {@code log}.
 *
 * <p>They are plain JavaScript objects whose functions are Java lambdas, so a script never holds
 * a Java object it could reflect on. They live in the step's shared, sealed scope and find the
 * message of the current call through the {@link SandboxContext} of the calling thread, so one
 * set serves every concurrent call and library functions can use {@code msg} too.
 */
final class ScriptApi {

    private final LookupTables lookups;
    private final ScriptLog log;

    ScriptApi(LookupTables lookups, ScriptLog log) {
        this.lookups = lookups;
        this.log = log;
    }

    /** Defines the API objects in {@code scope} (before it is sealed). */
    void install(ScriptableObject scope) {
        NativeObject msg = object(scope);
        function(scope, msg, "msg", "get", 1, (cx, s, t, args) -> {
            ParsedMessage m = invocation(cx, "msg.get").message();
            return m.get(path(args, "msg.get")).orElse(null);
        });
        function(scope, msg, "msg", "getAll", 1, (cx, s, t, args) ->
                cx.newArray(s, invocation(cx, "msg.getAll").message().getAll(path(args, "msg.getAll")).toArray()));
        function(scope, msg, "msg", "set", 2, (cx, s, t, args) -> {
            Invocation call = writable(cx, "msg.set");
            String path = path(args, "msg.set");
            String value = args.length < 2 || args[1] == null || args[1] == Undefined.instance ? "" : Context.toString(args[1]);
            ParsedMessage current = call.message();
            for (String concrete : current.paths(path)) {
                current = current.with(concrete, value);
            }
            call.replace(current);
            return Undefined.instance;
        });
        function(scope, msg, "msg", "delete", 1, (cx, s, t, args) -> {
            Invocation call = writable(cx, "msg.delete");
            call.replace(call.message().without(path(args, "msg.delete")));
            return Undefined.instance;
        });
        function(scope, msg, "msg", "count", 1, (cx, s, t, args) ->
                invocation(cx, "msg.count").message().count(path(args, "msg.count")));
        function(scope, msg, "msg", "paths", 1, (cx, s, t, args) -> {
            List<String> paths = invocation(cx, "msg.paths").message().paths(path(args, "msg.paths"));
            return cx.newArray(s, paths.toArray());
        });
        function(scope, msg, "msg", "text", 0, (cx, s, t, args) -> MessageText.of(invocation(cx, "msg.text").message()));
        scope.defineProperty("msg", msg, ScriptableObject.READONLY | ScriptableObject.PERMANENT);

        NativeObject metadata = object(scope);
        function(scope, metadata, "metadata", "get", 1, (cx, s, t, args) ->
                invocation(cx, "metadata.get").message().metadata().getOrNull(string(args, 0, "metadata.get", "key")));
        scope.defineProperty("metadata", metadata, ScriptableObject.READONLY | ScriptableObject.PERMANENT);

        scope.defineProperty("lookup", new LambdaFunction(scope, "lookup", 2, guarded("lookup", (cx, s, t, args) -> {
            String table = string(args, 0, "lookup", "table");
            String key = string(args, 1, "lookup", "key");
            Object fallback = args.length > 2 ? args[2] : null;
            return lookups.lookup(table, key).<Object>map(v -> v).orElse(fallback);
        })), ScriptableObject.READONLY | ScriptableObject.PERMANENT);

        NativeObject logger = object(scope);
        function(scope, logger, "log", "info", 1, (cx, s, t, args) -> {
            log.info(invocation(cx, "log.info"), args);
            return Undefined.instance;
        });
        function(scope, logger, "log", "warn", 1, (cx, s, t, args) -> {
            log.warn(invocation(cx, "log.warn"), args);
            return Undefined.instance;
        });
        scope.defineProperty("log", logger, ScriptableObject.READONLY | ScriptableObject.PERMANENT);
    }

    private static NativeObject object(ScriptableObject scope) {
        NativeObject object = new NativeObject();
        object.setParentScope(scope);
        object.setPrototype(ScriptableObject.getObjectPrototype(scope));
        return object;
    }

    private static void function(ScriptableObject scope, NativeObject target, String owner, String name, int arity,
                                 SerializableCallable body) {
        LambdaFunction function = new LambdaFunction(scope, name, arity, guarded(owner + "." + name, body));
        target.defineProperty(name, function, ScriptableObject.READONLY | ScriptableObject.PERMANENT);
    }

    /**
     * Turns the data type's refusals (a bad path, a delete it cannot do, an unknown lookup table)
     * into JavaScript errors the script can catch and the step reports with its line. Their texts
     * name paths and tables, never values.
     */
    private static SerializableCallable guarded(String name, SerializableCallable body) {
        return (cx, scope, thisObj, args) -> {
            try {
                return body.call(cx, scope, thisObj, args);
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                throw fail(cx, name + ": " + e.getMessage());
            }
        };
    }

    private static Invocation invocation(Context cx, String function) {
        Invocation call = cx instanceof SandboxContext sandbox ? sandbox.invocation : null;
        if (call == null) {
            // Library code runs once at load, when there is no message yet.
            throw fail(cx, function + " can only be called while a message is processed, not when a library loads");
        }
        return call;
    }

    private static Invocation writable(Context cx, String function) {
        Invocation call = invocation(cx, function);
        if (call.readOnly()) {
            throw fail(cx, function + " is not available in a condition: a condition reads the message, a transformer changes it");
        }
        return call;
    }

    private static String path(Object[] args, String function) {
        return string(args, 0, function, "path");
    }

    private static String string(Object[] args, int index, String function, String name) {
        if (args.length <= index || args[index] == null || args[index] == Undefined.instance) {
            throw fail(Context.getCurrentContext(), function + " needs a " + name);
        }
        return Context.toString(args[index]);
    }

    /**
     * A JavaScript error with a text of ours (paths and table names from the script, never values),
     * recorded so that the step reports it without masking.
     */
    private static RuntimeException fail(Context cx, String text) {
        if (cx instanceof SandboxContext sandbox && sandbox.invocation != null) {
            sandbox.invocation.apiError(text);
        }
        return Context.reportRuntimeError(text);
    }
}
