package io.conduit.server.http;

import io.conduit.core.runtime.Channel;
import io.conduit.core.runtime.ChannelState;
import io.conduit.core.runtime.Engine;
import io.conduit.core.store.StoreException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Whether the engine can take traffic: its store answers a trivial read in time, and no enabled
 * channel failed to start. Looks the channels up at every check, so redeployed channels count.
 * Thread-safe.
 */
final class Readiness {

    private final Engine engine;
    private final Duration storeTimeout;

    Readiness(Engine engine, Duration storeTimeout) {
        this.engine = engine;
        this.storeTimeout = storeTimeout;
    }

    /** The problems that make the engine unready; empty when it is ready. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        storeProblem().ifPresent(problems::add);
        for (Channel channel : engine.channels()) {
            if (channel.enabled() && channel.state() == ChannelState.FAILED) {
                problems.add("channel " + channel.name() + " failed to start (see the engine log)");
            }
        }
        return problems;
    }

    private java.util.Optional<String> storeProblem() {
        // A store that hangs (a database behind a dead network) must not hang the probe with it.
        CompletableFuture<Long> read = new CompletableFuture<>();
        Thread.ofVirtual().name("conduit-http-ready-probe").start(() -> {
            try {
                // A queue no channel can have: the cheapest read every store answers.
                read.complete(engine.store().queueDepth("", ""));
            } catch (StoreException | RuntimeException e) {
                read.completeExceptionally(e);
            }
        });
        try {
            read.get(storeTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return java.util.Optional.empty();
        } catch (ExecutionException e) {
            return java.util.Optional.of("the message store is unreachable: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            return java.util.Optional.of("the message store did not answer a read within " + storeTimeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.of("interrupted while reading the message store");
        }
    }
}
