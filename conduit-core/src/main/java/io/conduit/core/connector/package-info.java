/**
 * The connector SPI: sources that receive messages from outside and destinations that send them
 * on. Transports (MLLP, files, HTTP …) implement it in their own modules and are found with
 * {@link java.util.ServiceLoader}.
 */
@NullMarked
package io.conduit.core.connector;

import org.jspecify.annotations.NullMarked;
