package io.conduit.script;

import org.mozilla.javascript.Context;
import org.mozilla.javascript.ContextFactory;

/**
 * Makes the Rhino contexts every script runs in: ES6 language level, compiled to JVM bytecode,
 * no Java access beyond what {@link SandboxWrapFactory} lets through, and an instruction observer
 * that stops a script past its deadline.
 *
 * <p>Why an instruction observer: Rhino offers no other way to stop a running script. The
 * observer is called every {@link #CHECK_EVERY} instructions (loop iterations and calls in
 * compiled code), so a {@code while (true) {}} is stopped within microseconds of its deadline. It
 * throws {@link ScriptTimeout}, a {@link java.lang.Error}, which JavaScript {@code catch} cannot
 * intercept (Rhino lets scripts catch Java errors only with {@code FEATURE_ENHANCED_JAVA_ACCESS},
 * which stays off).
 *
 * <p>Thread-safe: one factory serves every step; each call gets its own {@link SandboxContext}.
 */
final class SandboxContextFactory extends ContextFactory {

    /** Instructions between two deadline checks; a check is one {@code System.nanoTime()}. */
    static final int CHECK_EVERY = 10_000;

    static final SandboxContextFactory INSTANCE = new SandboxContextFactory();

    private SandboxContextFactory() {
        // Not sealed: Rhino then seals the contexts too, and each call sets its step's wrap factory.
    }

    /**
     * Enters a fresh context on this thread, to be closed by the caller (try-with-resources).
     *
     * @param deadline   {@link System#nanoTime()} after which the script is stopped
     * @param wrapFactory the step's host-access policy
     */
    SandboxContext enter(long deadline, SandboxWrapFactory wrapFactory) {
        SandboxContext cx = (SandboxContext) enterContext();
        cx.deadline = deadline;
        cx.setWrapFactory(wrapFactory);
        cx.setClassShutter(wrapFactory::isAllowed);
        return cx;
    }

    @Override
    protected Context makeContext() {
        SandboxContext cx = new SandboxContext(this);
        cx.setLanguageVersion(Context.VERSION_ES6);
        cx.setInterpretedMode(false);
        // Must be set before compiling: only then does the compiler emit the instruction counting.
        cx.setInstructionObserverThreshold(CHECK_EVERY);
        return cx;
    }

    @Override
    protected boolean hasFeature(Context cx, int featureIndex) {
        return switch (featureIndex) {
            // Scripts see no private Java members and cannot catch Java errors (the time limit).
            case Context.FEATURE_ENHANCED_JAVA_ACCESS, Context.FEATURE_E4X -> false;
            case Context.FEATURE_LOCATION_INFORMATION_IN_ERROR -> true;
            default -> super.hasFeature(cx, featureIndex);
        };
    }

    @Override
    protected void observeInstructionCount(Context cx, int instructionCount) {
        if (cx instanceof SandboxContext sandbox && System.nanoTime() - sandbox.deadline > 0) {
            throw new ScriptTimeout();
        }
        if (Thread.currentThread().isInterrupted()) {
            // The engine is stopping this worker: end the script now, leave the flag for the caller.
            throw new ScriptTimeout();
        }
    }

    /** A context that knows its deadline and the call it serves. */
    static final class SandboxContext extends Context {
        long deadline;
        @org.jspecify.annotations.Nullable Invocation invocation;

        SandboxContext(ContextFactory factory) {
            super(factory);
        }
    }

    /** Thrown from the instruction observer; an {@link Error} so that scripts cannot catch it. */
    static final class ScriptTimeout extends Error {
        private static final long serialVersionUID = 1L;

        ScriptTimeout() {
            super("script time limit reached", null, false, false);
        }
    }
}
