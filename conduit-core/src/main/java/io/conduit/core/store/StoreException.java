package io.conduit.core.store;

/** The store could not read or write. The text says which operation and why; no PHI. */
public final class StoreException extends Exception {

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
