package io.conduit.server.api;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigProblem;
import io.conduit.core.message.MessageId;
import io.conduit.core.message.MessageStatus;
import io.conduit.core.runtime.Channel;
import io.conduit.core.runtime.ChannelCounters;
import io.conduit.core.runtime.Engine;
import io.conduit.core.store.MessageStore;
import io.conduit.core.store.StoreException;
import io.conduit.server.auth.Role;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Channels, their destinations and queues, their lifecycle, and the config directory. */
final class ChannelRoutes {

    private final Engine engine;
    private final QueueSnapshots queues;

    ChannelRoutes(Engine engine) {
        this.engine = engine;
        this.queues = new QueueSnapshots(engine.store(), Duration.ofSeconds(1));
    }

    void register(RoutesConfig routes) {
        routes.get("/api/v1/channels", ctx -> {
            List<Map<String, Object>> views = new ArrayList<>();
            for (Channel c : engine.channels()) {
                views.add(view(c));
            }
            ctx.json(views);
        }, Role.VIEWER);
        routes.get("/api/v1/channels/{name}", ctx -> ctx.json(view(channel(ctx))), Role.VIEWER);
        for (Engine.ChannelOperation op : Engine.ChannelOperation.values()) {
            routes.post("/api/v1/channels/{name}/" + op.name().toLowerCase(java.util.Locale.ROOT), ctx -> operate(ctx, op),
                    Role.OPERATOR);
        }
        routes.post("/api/v1/channels/{name}/destinations/{destination}/retry", this::retryNow, Role.OPERATOR);
        routes.get("/api/v1/channels/{name}/destinations/{destination}/errored", this::errored, Role.VIEWER);
        routes.post("/api/v1/channels/{name}/destinations/{destination}/resend-errored", this::resendErrored, Role.OPERATOR);
        routes.get("/api/v1/queues", this::allQueues, Role.VIEWER);
        routes.post("/api/v1/redeploy", this::redeploy, Role.ADMIN);
        routes.post("/api/v1/config/validate", this::validate, Role.ADMIN);
    }

    private Channel channel(Context ctx) {
        String name = ctx.pathParam("name");
        return engine.channel(name).orElseThrow(() -> ApiException.notFound("no channel '" + name + "'; GET /api/v1/channels lists them"));
    }

    private String destination(Context ctx, Channel channel) {
        String destination = ctx.pathParam("destination");
        if (!channel.destinationNames().contains(destination)) {
            throw ApiException.notFound("channel " + channel.name() + " has no destination '" + destination + "'; it has "
                    + channel.destinationNames());
        }
        return destination;
    }

    private void operate(Context ctx, Engine.ChannelOperation op) throws Exception {
        Channel channel = channel(ctx);
        try {
            engine.operate(channel.name(), op, Requests.principal(ctx).operator(Requests.address(ctx)));
        } catch (StoreException e) {
            throw e;
        } catch (Exception e) {
            throw ApiException.conflict("channel " + channel.name() + " could not " + op.name().toLowerCase(java.util.Locale.ROOT)
                    + ": " + e.getMessage());
        }
        queues.invalidate(channel.name());
        ctx.json(view(channel));
    }

    private void retryNow(Context ctx) throws StoreException {
        Channel channel = channel(ctx);
        String destination = destination(ctx, channel);
        engine.store().write(List.of(Requests.principal(ctx).operator(Requests.address(ctx)).audit("retry-now", channel.name(),
                List.of(), "retry now requested for destination " + destination, Instant.now())));
        channel.retryNow(destination);
        ctx.status(202).json(Map.of("woken", true));
    }

    private void errored(Context ctx) throws StoreException {
        Channel channel = channel(ctx);
        String destination = destination(ctx, channel);
        int limit = Requests.limit(ctx, 100, 200); // each is read whole from the store
        MessageStore store = engine.store();
        boolean names = Requests.principal(ctx).role().includes(Role.ANALYST);
        List<Object> items = new ArrayList<>();
        for (MessageId id : store.deliveriesWithStatus(channel.name(), destination, MessageStatus.ERRORED, limit)) {
            store.find(id).ifPresent(m -> items.add(MessageViews.summary(m, names)));
        }
        ctx.json(Map.of("items", items));
    }

    private void resendErrored(Context ctx) throws StoreException {
        Channel channel = channel(ctx);
        String destination = destination(ctx, channel);
        int queued = engine.resendErrored(channel.name(), destination, 10_000, Requests.principal(ctx).operator(Requests.address(ctx)));
        queues.invalidate(channel.name());
        ctx.json(Map.of("queued", queued));
    }

    private void allQueues(Context ctx) throws StoreException {
        List<Map<String, Object>> views = new ArrayList<>();
        Instant now = Instant.now();
        for (Channel c : engine.channels()) {
            for (String d : c.destinationNames()) {
                QueueSnapshots.Snapshot s = queues.of(c, d);
                Map<String, Object> view = new LinkedHashMap<>();
                view.put("channel", c.name());
                view.put("destination", d);
                view.put("depth", s.depth());
                view.put("oldestQueuedAt", s.oldestQueuedAt() == null ? null : s.oldestQueuedAt().toString());
                view.put("oldestAgeSeconds", s.oldestQueuedAt() == null ? null
                        : Duration.between(s.oldestQueuedAt(), now).toMillis() / 1000.0);
                views.add(view);
            }
        }
        ctx.json(views);
    }

    private void redeploy(Context ctx) throws Exception {
        Engine.Operator by = Requests.principal(ctx).operator(Requests.address(ctx));
        // Recorded before it starts: a redeploy that fails part-way has still replaced channels.
        engine.store().write(List.of(by.audit("redeploy-requested", "", List.of(), "redeploy from "
                + engine.configDirectory().getFileName() + " requested through the API", Instant.now())));
        Engine.Redeploy result;
        try {
            result = engine.redeploy(by);
        } catch (IllegalStateException e) {
            throw ApiException.conflict(e.getMessage()); // refused: queued messages would lose their worker
        } catch (StoreException e) {
            throw e;
        } catch (ConfigException e) {
            throw new ApiException(422, "urn:conduit:problem:invalid-config", e.problems().size()
                    + " problem(s) in the config directory; nothing was changed", null, Map.of("problems", problems(e.problems())));
        } catch (Exception e) {
            // A new version failed to start; the old one runs again (Engine.redeploy).
            throw ApiException.conflict("redeploy stopped: " + e.getMessage());
        }
        ctx.json(Map.of("deployed", result.deployed(), "redeployed", result.redeployed(), "undeployed", result.undeployed(),
                "unchanged", result.unchanged()));
    }

    private void validate(Context ctx) {
        try {
            List<String> channels = engine.validateConfig();
            ctx.json(Map.of("valid", true, "channels", channels, "problems", List.of()));
        } catch (ConfigException e) {
            ctx.json(Map.of("valid", false, "channels", List.of(), "problems", problems(e.problems())));
        }
    }

    private static List<Map<String, Object>> problems(List<ConfigProblem> problems) {
        return problems.stream().map(p -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", p.file());
            m.put("line", p.line());
            m.put("field", p.field());
            m.put("message", p.message());
            return m;
        }).toList();
    }

    Map<String, Object> view(Channel c) throws StoreException {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", c.name());
        view.put("state", c.state().name());
        view.put("enabled", c.enabled());
        view.put("failure", c.failure().orElse(null));
        view.put("file", c.file());
        view.put("listen", c.listenAddress().map(a -> a.getHostString() + ":" + a.getPort()).orElse(null));
        ChannelCounters n = c.counters();
        view.put("counters", Map.of("received", n.received(), "filtered", n.filtered(), "sent", n.sent(), "errored", n.errored()));
        List<Map<String, Object>> destinations = new ArrayList<>();
        for (String d : c.destinationNames()) {
            QueueSnapshots.Snapshot s = queues.of(c, d);
            Map<String, Object> dv = new LinkedHashMap<>();
            dv.put("name", d);
            dv.put("queueDepth", s.depth());
            dv.put("oldestQueuedAt", s.oldestQueuedAt() == null ? null : s.oldestQueuedAt().toString());
            destinations.add(dv);
        }
        view.put("destinations", destinations);
        return view;
    }
}
