package io.conduit.script;

import org.mozilla.javascript.Context;
import org.slf4j.Logger;

/**
 * {@code log.info(format, ...args)} and {@code log.warn(...)} for scripts: each {@code {}} in the
 * format takes the next argument.
 *
 * <p>Scripts handle patient data, and logs are no place for it (DESIGN.md: PHI never in
 * application logs). So, unless the step sets {@code logArguments: true}, every argument is
 * written as {@code ***}, and words of the message that the format holds but the script's source
 * does not (a value concatenated into the format) are masked by {@link ContentMask}.
 *
 * <p>Immutable and thread-safe.
 */
final class ScriptLog {

    private final Logger logger;
    private final boolean logArguments;
    private final ContentMask mask;

    ScriptLog(Logger logger, boolean logArguments, ContentMask mask) {
        this.logger = logger;
        this.logArguments = logArguments;
        this.mask = mask;
    }

    void info(Invocation call, Object[] args) {
        if (logger.isInfoEnabled()) {
            logger.info(format(call, args));
        }
    }

    void warn(Invocation call, Object[] args) {
        if (logger.isWarnEnabled()) {
            logger.warn(format(call, args));
        }
    }

    String format(Invocation call, Object[] args) {
        String format = args.length == 0 ? "" : Context.toString(args[0]);
        if (!logArguments) {
            format = mask.apply(format, call.inputWords());
        }
        StringBuilder out = new StringBuilder(format.length() + 16);
        int next = 1;
        int i = 0;
        while (i < format.length()) {
            if (format.startsWith("{}", i) && next < args.length) {
                out.append(logArguments ? Context.toString(args[next]) : ContentMask.MASK);
                next++;
                i += 2;
            } else {
                out.append(format.charAt(i));
                i++;
            }
        }
        return out.toString();
    }
}
