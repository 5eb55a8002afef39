package io.conduit.core.runtime;

import io.conduit.core.store.StoreFactory;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The engine's own settings, from {@code conduit.yaml} in the config directory.
 *
 * @param dataDirectory   where the store and default output folders live
 * @param storeFactory    the store kind ({@code store.type})
 * @param storeSettings   its validated settings
 * @param shutdownTimeout how long a graceful stop waits for channels to finish in-flight work before
 *                        the store is closed anyway
 * @param http            the HTTP port's settings ({@code http:})
 */
public record ServerConfig(Path dataDirectory, StoreFactory storeFactory, StoreFactory.StoreSettings storeSettings,
                           Duration shutdownTimeout, HttpSettings http) {
}
