package io.conduit.core.runtime;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;
import io.conduit.core.datatype.ParsedMessage;
import io.conduit.core.pipeline.Condition;
import io.conduit.core.pipeline.PipelineBuilder;
import io.conduit.core.pipeline.StepException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Content-based routing: a channel's {@code router:} picks which destinations receive a message.
 * <pre>
 * router:
 *   match: first                 # first (default): the first route whose condition holds; all: every one
 *   routes:
 *     - {name: results, when: {path: MSH-9.1, equals: ORU}, to: [lab]}
 *     - {when: {path: MSH-9.1, in: [ADT]}, to: [ehr, archive]}
 *   otherwise: [archive]         # when no route holds; default: none (the message is FILTERED)
 * </pre>
 * Destinations the router does not pick are recorded as FILTERED with the router's reason. A
 * channel without a router sends to every destination (each still applies its own filters).
 */
final class Router {

    /** The routing decision for one message. */
    record Decision(Set<String> destinations, String reason) {
    }

    private record Route(String label, Condition when, List<String> to) {
    }

    private final boolean matchAll;
    private final List<Route> routes;
    private final List<String> otherwise;

    private Router(boolean matchAll, List<Route> routes, List<String> otherwise) {
        this.matchAll = matchAll;
        this.routes = routes;
        this.otherwise = otherwise;
    }

    /** A channel without a router: every destination. */
    static @org.jspecify.annotations.Nullable Router none() {
        return null;
    }

    static Router read(ConfigNode node, PipelineBuilder steps, Set<String> destinationNames) throws ConfigException {
        String match = node.string("match", "first");
        if (!match.equals("first") && !match.equals("all")) {
            throw node.error("match", "must be 'first' (the first route that holds) or 'all' (every route that holds)");
        }
        List<Route> routes = new ArrayList<>();
        for (ConfigNode r : node.objects("routes")) {
            String name = r.optString("name").orElse("");
            Condition when = steps.condition(r.requiredObject("when"));
            List<String> to = destinations(r, "to", destinationNames);
            if (to.isEmpty()) {
                throw r.error("to", "name at least one destination of this channel");
            }
            r.finish();
            routes.add(new Route(name.isEmpty() ? "routes[" + routes.size() + "]" : "'" + name + "'", when, to));
        }
        if (routes.isEmpty()) {
            throw node.error("routes", "a router needs at least one route");
        }
        List<String> otherwise = destinations(node, "otherwise", destinationNames);
        node.finish();
        return new Router(match.equals("all"), List.copyOf(routes), otherwise);
    }

    private static List<String> destinations(ConfigNode node, String key, Set<String> known) throws ConfigException {
        List<String> names = node.strings(key);
        for (String n : names) {
            if (!known.contains(n)) {
                throw node.error(key, "there is no destination '" + n + "' in this channel; it has " + known);
            }
        }
        return List.copyOf(names);
    }

    Decision route(ParsedMessage message) throws StepException {
        Set<String> chosen = new LinkedHashSet<>();
        List<String> matched = new ArrayList<>();
        for (Route r : routes) {
            boolean holds;
            try {
                holds = r.when().test(message);
            } catch (StepException e) {
                throw new StepException("router " + r.label() + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                throw new StepException("router " + r.label() + ": failed with " + e.getClass().getSimpleName(), e);
            }
            if (holds) {
                chosen.addAll(r.to());
                matched.add(r.label());
                if (!matchAll) {
                    break;
                }
            }
        }
        if (matched.isEmpty()) {
            chosen.addAll(otherwise);
            return new Decision(chosen, "router: no route matched" + (otherwise.isEmpty() ? "" : ", otherwise " + otherwise));
        }
        return new Decision(chosen, "router: matched " + String.join(", ", matched));
    }
}
