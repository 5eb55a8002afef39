package io.conduit.script;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;
import io.conduit.core.config.ConfigProblem;
import io.conduit.core.pipeline.Condition;
import io.conduit.core.pipeline.StepContext;
import io.conduit.core.pipeline.StepException;
import io.conduit.core.pipeline.StepFactory;
import io.conduit.core.pipeline.Transformer;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * {@code type: script}: a JavaScript filter, condition or transformer step.
 * <pre>
 * - type: script
 *   script: |                      # or file: scripts/normalise.js (inside the config directory)
 *     msg.set('PID-5.1', msg.get('PID-5.1').toUpperCase());
 *   timeout: 1s                    # per message; default 1s
 *   allowClasses: [java.time.LocalDate]   # Java classes the script may use; default none
 *   logArguments: false            # log.info('{}', x) writes *** unless true
 * </pre>
 * As a condition the script must return a boolean. See the package documentation for the API
 * scripts see and the sandbox they run in.
 *
 * <p>Everything is compiled here, at load: a syntax error in the script or in a library under
 * {@code scripts/lib/} stops the channel from loading, naming the file and line.
 */
public final class ScriptStepFactory implements StepFactory {

    /** The {@code type:} name. */
    public static final String TYPE = "script";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Transformer transformer(ConfigNode config, StepContext context) throws ConfigException {
        CompiledScript script = build(config, context);
        return message -> {
            Invocation call = new Invocation(message, false);
            script.run(call);
            return call.message();
        };
    }

    @Override
    public Condition condition(ConfigNode config, StepContext context) throws ConfigException {
        CompiledScript script = build(config, context);
        String name = script.name();
        return message -> {
            Object result = script.run(new Invocation(message, true));
            if (result instanceof Boolean verdict) {
                return verdict;
            }
            throw new StepException(name + ": a condition script must return true or false, but it returned " + kind(result));
        };
    }

    private static CompiledScript build(ConfigNode config, StepContext context) throws ConfigException {
        ScriptSettings settings = ScriptSettings.read(config, context.configDirectory());
        String stepName = config.optString("name").orElse("");
        config.finish();
        List<ScriptSource> libraries = Libraries.load(context.configDirectory());
        // A redeploy replaces the channel when its script file or a library changed.
        if (!settings.source().name().equals(ScriptSource.INLINE)) {
            context.uses(settings.source().name(), settings.source().text());
        }
        for (ScriptSource library : libraries) {
            context.uses(library.name(), library.text());
        }
        String loggerName = "conduit.script." + context.channel() + "." + config.field() + (stepName.isEmpty() ? "" : "." + stepName);
        ContentMask mask = new ContentMask(sources(settings.source(), libraries));
        ScriptApi api = new ScriptApi(context.lookups(), new ScriptLog(LoggerFactory.getLogger(loggerName), settings.logArguments(), mask));
        try {
            return CompiledScript.compile(settings.source(), libraries, api, new HostClasses(settings.allowClasses()),
                    settings.timeout(), mask);
        } catch (ScriptLoadException e) {
            if (e.source().equals(settings.source().name())) {
                String key = settings.source().name().equals(ScriptSource.INLINE) ? "script" : "file";
                throw config.error(key, e.getMessage());
            }
            // A library: point at the library's own file and line, and say which step loaded it.
            throw new ConfigException(new ConfigProblem(e.source(), e.line(), "",
                    e.reason() + " (loaded for the script step at " + config.file() + ":" + config.line() + ")"));
        }
    }

    private static String[] sources(ScriptSource main, List<ScriptSource> libraries) {
        String[] texts = new String[libraries.size() + 1];
        texts[0] = main.text();
        for (int i = 0; i < libraries.size(); i++) {
            texts[i + 1] = libraries.get(i).text();
        }
        return texts;
    }

    /** The kind of a non-boolean result, never its value (it may be message content). */
    private static String kind(Object result) {
        if (result == null) {
            return "null";
        }
        if (result instanceof org.mozilla.javascript.Undefined) {
            return "undefined (no return statement?)";
        }
        if (result instanceof CharSequence) {
            return "a string";
        }
        if (result instanceof Number) {
            return "a number";
        }
        return "an object";
    }
}
