/**
 * The store SPI: durable messages, their history and the destination queues, with group commit.
 * Implementations live in {@code conduit-store}.
 */
@NullMarked
package io.conduit.core.store;

import org.jspecify.annotations.NullMarked;
