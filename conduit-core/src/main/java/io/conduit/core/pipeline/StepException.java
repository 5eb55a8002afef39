package io.conduit.core.pipeline;

/** A filter or transformer step failed for one message. The text names the step; no PHI. */
public final class StepException extends Exception {

    public StepException(String message) {
        super(message);
    }

    public StepException(String message, Throwable cause) {
        super(message, cause);
    }
}
