/**
 * The {@code conduit} launcher and command line. It assembles the engine from the modules found
 * on the class path (store, data types, connectors) and adds nothing of its own to the data path.
 */
@NullMarked
package io.conduit.server;

import org.jspecify.annotations.NullMarked;
