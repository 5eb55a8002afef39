package io.conduit.bench.script;

import io.conduit.core.datatype.ParsedMessage;
import java.io.OutputStream;
import java.util.Set;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.graalvm.polyglot.proxy.ProxyObject;

/**
 * The same script step on GraalJS, only for comparison with the shipped Rhino step (see
 * {@code io.conduit.script} package-info): the body is compiled once into a function of
 * {@code msg}, parsed once per {@link Engine}, and the {@code msg} API is a polyglot proxy, so no
 * host access is needed.
 *
 * <p>Two ways to run it: a fresh {@link Context} per message (the isolation the Rhino step gives:
 * no state survives a message) or one context per thread reused for every message (cheaper, but
 * script globals leak from one message to the next). The time limit would need a watchdog calling
 * {@link Context#interrupt} or {@code close(true)}; its cost is not included.
 */
final class GraalJsScript implements AutoCloseable {

    private final Engine engine;
    private final Source source;
    private final ResourceLimits limits;
    private final ThreadLocal<Context> perThread = new ThreadLocal<>();
    private final Set<Context> toClose = java.util.concurrent.ConcurrentHashMap.newKeySet();

    GraalJsScript(String body) {
        engine = Engine.newBuilder("js")
                // Stock JDK without the Graal compiler: GraalJS runs in its interpreter, and says so at every start.
                .option("engine.WarnInterpreterOnly", "false")
                .out(OutputStream.nullOutputStream()).err(OutputStream.nullOutputStream())
                .build();
        source = Source.create("js", "(function (msg) {" + body + "\n})");
        limits = ResourceLimits.newBuilder().statementLimit(10_000_000, null).build();
    }

    private Context newContext() {
        return Context.newBuilder("js").engine(engine)
                .allowHostAccess(HostAccess.NONE).allowHostClassLookup(name -> false).allowHostClassLoading(false)
                .allowIO(IOAccess.NONE).allowCreateThread(false).allowCreateProcess(false).allowNativeAccess(false)
                .allowPolyglotAccess(PolyglotAccess.NONE).resourceLimits(limits)
                .build();
    }

    /** Runs the script in a context made for this message and closed after it. */
    ParsedMessage runInFreshContext(ParsedMessage message) {
        try (Context context = newContext()) {
            return run(context, message);
        }
    }

    /** Runs the script in this thread's long-lived context. */
    ParsedMessage runInSharedContext(ParsedMessage message) {
        Context context = perThread.get();
        if (context == null) {
            context = newContext();
            perThread.set(context);
            toClose.add(context);
        }
        return run(context, message);
    }

    private ParsedMessage run(Context context, ParsedMessage message) {
        Value function = context.eval(source);
        Msg msg = new Msg(message);
        function.execute(msg);
        return msg.current;
    }

    @Override
    public void close() {
        toClose.forEach(Context::close);
        engine.close();
    }

    /** {@code msg.get(path)} and {@code msg.set(path, value)} as a proxy object. */
    private static final class Msg implements ProxyObject {
        private ParsedMessage current;
        private final ProxyExecutable get = args -> current.get(args[0].asString()).orElse(null);
        private final ProxyExecutable set = args -> {
            current = current.with(args[0].asString(), args[1].isNull() ? "" : args[1].isString() ? args[1].asString() : args[1].toString());
            return null;
        };

        Msg(ParsedMessage message) {
            this.current = message;
        }

        @Override
        public Object getMember(String key) {
            return switch (key) {
                case "get" -> get;
                case "set" -> set;
                default -> null;
            };
        }

        @Override
        public Object getMemberKeys() {
            return new String[] {"get", "set"};
        }

        @Override
        public boolean hasMember(String key) {
            return key.equals("get") || key.equals("set");
        }

        @Override
        public void putMember(String key, Value value) {
            throw new UnsupportedOperationException("msg is read-only");
        }
    }
}
