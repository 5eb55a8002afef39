package io.conduit.core.runtime;

import io.conduit.core.datatype.ParsedMessage;
import io.conduit.core.pipeline.NamedCondition;
import io.conduit.core.pipeline.NamedStep;
import io.conduit.core.pipeline.Splitter;
import io.conduit.core.pipeline.StepException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a channel does to one parsed message, without storing or sending anything: the splitter,
 * then for each part source filters, source transformers, the router, then each destination's
 * filters and transformers. The channel
 * turns the result into store writes; {@code conduit test} compares it with expected output.
 * Immutable and thread-safe.
 */
public final class Pipeline {

    /** The outcome for one message. */
    public sealed interface Result {
    }

    /** A source filter dropped the message. */
    public record Filtered(String rule) implements Result {
    }

    /**
     * A step failed. {@code destination} is empty for the source side.
     *
     * @param transformed the source transformers' output when they had run, else null
     */
    public record Failed(String destination, String reason, @Nullable ParsedMessage transformed) implements Result {
    }

    /**
     * The message went through.
     *
     * @param transformed  the source transformers' output
     * @param destinations one entry per destination of the channel, in channel order
     */
    public record Routed(ParsedMessage transformed, List<DestinationOutcome> destinations) implements Result {

        /** Whether any destination receives the message. */
        public boolean anyQueued() {
            return destinations.stream().anyMatch(d -> d.output() != null);
        }
    }

    /**
     * One destination's part: either {@code output} (what it will send) or {@code filteredBy} (the
     * rule that kept the message from it).
     */
    public record DestinationOutcome(String destination, @Nullable ParsedMessage output, @Nullable String filteredBy) {
    }

    private final @Nullable Splitter splitter;
    private final List<NamedCondition> filters;
    private final List<NamedStep> transformers;
    private final @Nullable Router router;
    private final List<ChannelPlan.DestinationPlan> destinations;

    Pipeline(@Nullable Splitter splitter, List<NamedCondition> filters, List<NamedStep> transformers, @Nullable Router router,
             List<ChannelPlan.DestinationPlan> destinations) {
        this.splitter = splitter;
        this.filters = filters;
        this.transformers = transformers;
        this.router = router;
        this.destinations = destinations;
    }

    /** Whether the channel splits each message into parts before {@link #run}. */
    public boolean splits() {
        return splitter != null;
    }

    /**
     * The parts of a message, each to {@link #run} on its own; the message itself when the
     * channel has no splitter.
     *
     * @throws StepException naming the splitter; a splitter's own crash gives only its class (its
     *                       text may quote content)
     */
    public List<ParsedMessage> split(ParsedMessage parsed) throws StepException {
        if (splitter == null) {
            return List.of(parsed);
        }
        try {
            return splitter.split(parsed);
        } catch (StepException e) {
            throw new StepException("splitter: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new StepException("splitter: failed with " + e.getClass().getSimpleName(), e);
        }
    }

    /** Runs every step for one message. Never throws: a failing step gives {@link Failed}. */
    public Result run(ParsedMessage parsed) {
        ParsedMessage current;
        try {
            Optional<String> rejectedBy = firstRejection(filters, parsed);
            if (rejectedBy.isPresent()) {
                return new Filtered(rejectedBy.get());
            }
            current = NamedStep.runAll(transformers, parsed);
        } catch (StepException e) {
            return new Failed("", e.getMessage(), null);
        }
        Router.Decision decision = null;
        if (router != null) {
            try {
                decision = router.route(current);
            } catch (StepException e) {
                return new Failed("", e.getMessage(), current);
            }
        }
        List<DestinationOutcome> outcomes = new ArrayList<>(destinations.size());
        for (ChannelPlan.DestinationPlan d : destinations) {
            if (decision != null && !decision.destinations().contains(d.name())) {
                outcomes.add(new DestinationOutcome(d.name(), null, decision.reason()));
                continue;
            }
            try {
                Optional<String> rejectedBy = firstRejection(d.filters(), current);
                if (rejectedBy.isPresent()) {
                    outcomes.add(new DestinationOutcome(d.name(), null, rejectedBy.get()));
                    continue;
                }
                outcomes.add(new DestinationOutcome(d.name(), NamedStep.runAll(d.transformers(), current), null));
            } catch (StepException e) {
                return new Failed(d.name(), e.getMessage(), current);
            }
        }
        return new Routed(current, List.copyOf(outcomes));
    }

    /** The label of the first filter that drops the message, or empty when all pass. */
    private static Optional<String> firstRejection(List<NamedCondition> filters, ParsedMessage message) throws StepException {
        for (NamedCondition f : filters) {
            if (!f.passes(message)) {
                return Optional.of(f.label());
            }
        }
        return Optional.empty();
    }
}
