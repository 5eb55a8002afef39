/**
 * The channel runtime: the engine (service manager), channels, destination workers with durable
 * queues and retries, and the loading of a config directory into validated channel plans.
 *
 * <p>One thread model: sources run connections on virtual threads and call
 * {@link io.conduit.core.runtime.Channel#receive} directly; each destination has one virtual
 * delivery thread; the store has one writer thread that group-commits everything.
 */
@NullMarked
package io.conduit.core.runtime;

import org.jspecify.annotations.NullMarked;
