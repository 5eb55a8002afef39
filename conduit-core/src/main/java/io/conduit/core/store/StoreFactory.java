package io.conduit.core.store;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;
import java.nio.file.Path;

/**
 * Opens a {@link MessageStore} from the server file's {@code store:} section. Found with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/io.conduit.core.store.StoreFactory}).
 */
public interface StoreFactory {

    /** The {@code type:} value, e.g. {@code sqlite} or {@code postgresql}. */
    String type();

    /**
     * Reads the settings (calling {@link ConfigNode#finish()}) without opening anything.
     *
     * @param dataDir the engine's data directory; relative paths resolve here
     */
    StoreSettings settings(ConfigNode config, Path dataDir) throws ConfigException;

    /** Opens the store (creating or migrating its schema). */
    MessageStore open(StoreSettings settings) throws StoreException;

    /** Validated settings for one store kind; implementations are records. */
    interface StoreSettings {
    }
}
