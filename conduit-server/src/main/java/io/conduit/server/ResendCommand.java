package io.conduit.server;

import io.conduit.core.config.ConfigException;
import io.conduit.core.message.MessageId;
import io.conduit.core.runtime.Engine;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code conduit resend DIR}: queues stored messages again. Works while the engine runs (its
 * delivery workers see the new queue entries within a second) or while it is stopped.
 */
@Command(name = "resend", mixinStandardHelpOptions = true, description = "Queue stored messages for delivery again.")
final class ResendCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = "--message", paramLabel = "ID", description = "The message to resend.")
        String message;

        @Option(names = "--errored", description = "Every message whose delivery to --destination errored.")
        boolean errored;
    }

    @Option(names = "--channel", description = "The channel (with --errored).")
    String channel;

    @Option(names = "--destination", description = "Only this destination (required with --errored).")
    String destination;

    @Option(names = "--limit", defaultValue = "1000", description = "At most this many with --errored (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() throws Exception {
        if (target.errored && (channel == null || destination == null)) {
            System.err.println("--errored needs --channel and --destination");
            return 2;
        }
        Engine engine;
        try {
            engine = Engine.load(config.open(), InstantSource.system());
        } catch (ConfigException e) {
            e.problems().forEach(p -> System.err.println(p));
            return 2;
        }
        try (engine) {
            if (target.errored) {
                int n = engine.resendErrored(channel, destination, limit, Engine.Operator.commandLine());
                System.out.println("queued " + n + " errored message(s) of " + channel + " for " + destination + " again");
            } else {
                List<String> to = engine.resend(MessageId.parse(target.message), Optional.ofNullable(destination),
                        Engine.Operator.commandLine());
                System.out.println("queued " + target.message + " again for " + to);
            }
            return 0;
        }
    }
}
