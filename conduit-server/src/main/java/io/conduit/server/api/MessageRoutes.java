package io.conduit.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conduit.core.datatype.ReceiveResult;
import io.conduit.core.message.Message;
import io.conduit.core.message.MessageId;
import io.conduit.core.message.MessageStatus;
import io.conduit.core.message.Stage;
import io.conduit.core.runtime.Engine;
import io.conduit.core.store.DeliveryRecord;
import io.conduit.core.store.MessageQuery;
import io.conduit.core.store.MessageStore;
import io.conduit.core.store.MessageSummary;
import io.conduit.core.store.Page;
import io.conduit.core.store.StageRecord;
import io.conduit.core.store.StoreException;
import io.conduit.core.store.StoredMessage;
import io.conduit.hl7v2.describe.Hl7Table;
import io.conduit.hl7v2.parse.Hl7Message;
import io.conduit.server.auth.Principal;
import io.conduit.server.auth.Role;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Message search, history, content (audited), resend, reprocess and bulk resend. Viewers see
 * metadata and history; content needs the analyst role and every view of it is written to the
 * audit log before it is sent.
 */
final class MessageRoutes {

    private static final Set<String> FILTERS = Set.of("channel", "status", "type", "controlId", "patientId", "text", "from", "to");
    private static final int BULK_PAGE = 500;
    private static final java.time.Duration MAX_TEXT_RANGE = java.time.Duration.ofDays(31);

    private final Engine engine;
    private final MessageStore store;
    private final Jobs jobs = new Jobs();

    MessageRoutes(Engine engine) {
        this.engine = engine;
        this.store = engine.store();
    }

    void register(RoutesConfig routes) {
        routes.get("/api/v1/messages", this::search, Role.VIEWER);
        routes.post("/api/v1/messages/resend", this::bulkResend, Role.OPERATOR);
        routes.get("/api/v1/messages/{id}", this::detail, Role.VIEWER);
        routes.get("/api/v1/messages/{id}/content", this::content, Role.ANALYST);
        routes.post("/api/v1/messages/{id}/resend", this::resend, Role.OPERATOR);
        routes.post("/api/v1/messages/{id}/reprocess", this::reprocess, Role.OPERATOR);
        routes.get("/api/v1/jobs/{id}", ctx -> ctx.json(jobs.find(ctx.pathParam("id"))
                .orElseThrow(() -> ApiException.notFound("no job '" + ctx.pathParam("id") + "' (jobs are kept an hour after they end)"))
                .view()), Role.OPERATOR);
    }

    /** The search filters, read from query parameters or a JSON body by {@code get}. */
    private static MessageQuery query(Function<String, @Nullable String> get, int limit, @Nullable MessageId before) {
        MessageQuery query = new MessageQuery(get.apply("channel"), Requests.instant(get.apply("from"), "from"),
                Requests.instant(get.apply("to"), "to"), Requests.choice(get.apply("status"), "status", MessageStatus.class),
                get.apply("type"), get.apply("controlId"), get.apply("patientId"), get.apply("text"), before, limit);
        if (query.text() != null && query.controlId() == null && query.patientId() == null) {
            // Free text has no index: it reads every message in range. Unbounded, that is the whole
            // store (seconds to minutes at a million messages), so the caller must bound it.
            if (query.from() == null) {
                throw ApiException.badRequest("from", "a free-text search reads every message in its time range: give from "
                        + "(e.g. 24 hours ago), or a control id or patient id");
            }
            Instant to = query.to() == null ? Instant.now() : query.to();
            if (java.time.Duration.between(query.from(), to).compareTo(MAX_TEXT_RANGE) > 0) {
                throw ApiException.badRequest("from", "a free-text search covers at most " + MAX_TEXT_RANGE.toDays()
                        + " days (from to to); narrow the range or add a control id or patient id");
            }
        }
        return query;
    }

    private void search(Context ctx) throws StoreException {
        String cursor = Requests.query(ctx, "cursor");
        MessageQuery query = query(name -> Requests.query(ctx, name), Requests.limit(ctx, 50, 1000),
                cursor == null ? null : Requests.messageId(cursor, "cursor"));
        if (query.text() != null && !Requests.principal(ctx).role().includes(Role.ANALYST)) {
            // Free text matches every metadata value, the patient's name included, which viewers do not see.
            throw new ApiException(403, "free-text search needs the analyst role (it matches patient names); search by "
                    + "patient id, control id or type instead", "text");
        }
        Page<MessageSummary> page = store.search(query);
        Map<String, Object> view = new LinkedHashMap<>();
        boolean names = Requests.principal(ctx).role().includes(Role.ANALYST);
        view.put("items", page.items().stream().map(m -> MessageViews.summary(m, names)).toList());
        view.put("next", page.next().map(MessageId::toString).orElse(null));
        ctx.json(view);
    }

    private StoredMessage message(Context ctx) throws StoreException {
        MessageId id = Requests.messageId(ctx.pathParam("id"), "id");
        return store.find(id).orElseThrow(() -> ApiException.notFound("no message " + id));
    }

    private void detail(Context ctx) throws StoreException {
        StoredMessage stored = message(ctx);
        Message m = stored.message();
        Map<String, Object> view = MessageViews.summary(stored, Requests.principal(ctx).role().includes(Role.ANALYST));
        view.put("origin", m.origin());
        view.put("charset", m.charset().name());
        view.put("parent", m.parent() == null ? null : m.parent().toString());
        view.put("children", store.children(m.id()).stream().map(MessageId::toString).toList());
        List<StageRecord> stages = store.stages(m.id());
        view.put("stages", stages.stream().map(MessageViews::stage).toList());
        List<DeliveryRecord> deliveries = store.deliveries(m.id());
        view.put("deliveries", deliveries.stream().map(MessageViews::delivery).toList());
        view.put("contents", contents(stages, deliveries));
        ctx.json(view);
    }

    /** What {@code /content} can return for this message, in pipeline order. */
    private static List<Map<String, Object>> contents(List<StageRecord> stages, List<DeliveryRecord> deliveries) {
        List<Map<String, Object>> list = new ArrayList<>();
        list.add(contentEntry(ContentKind.RECEIVED, ""));
        if (lastStageContent(stages, "", ContentKind.TRANSFORMED.stage()) != null) {
            list.add(contentEntry(ContentKind.TRANSFORMED, ""));
        }
        for (DeliveryRecord d : deliveries) {
            list.add(contentEntry(ContentKind.SENT, d.destination()));
            if (lastStageContent(stages, d.destination(), ContentKind.RESPONSE.stage()) != null) {
                list.add(contentEntry(ContentKind.RESPONSE, d.destination()));
            }
        }
        if (lastStageContent(stages, "", ContentKind.ACKNOWLEDGEMENT.stage()) != null) {
            list.add(contentEntry(ContentKind.ACKNOWLEDGEMENT, ""));
        }
        return list;
    }

    private static Map<String, Object> contentEntry(ContentKind kind, String destination) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind.id());
        m.put("destination", destination);
        m.put("label", kind.label(destination));
        return m;
    }

    private void content(Context ctx) throws StoreException {
        StoredMessage stored = message(ctx);
        Message m = stored.message();
        ContentKind kind = Requests.choice(Optional.ofNullable(Requests.query(ctx, "kind")).orElse("received"), "kind", ContentKind.class);
        String destination = Optional.ofNullable(Requests.query(ctx, "destination")).orElse("");
        boolean perDestination = kind == ContentKind.SENT || kind == ContentKind.RESPONSE;
        if (perDestination == destination.isEmpty()) {
            throw ApiException.badRequest("destination", perDestination ? "kind " + kind.id() + " needs a destination"
                    : "kind " + kind.id() + " is source-side content; leave destination out");
        }
        byte[] bytes = switch (kind) {
            case RECEIVED -> m.content();
            case SENT -> store.deliveryContent(m.id(), destination).orElse(null);
            case TRANSFORMED, RESPONSE, ACKNOWLEDGEMENT -> lastStageContent(store.stages(m.id()), destination, kind.stage());
        };
        if (bytes == null) {
            throw ApiException.notFound("message " + m.id() + " has no " + kind.id() + " content"
                    + (destination.isEmpty() ? "" : " for destination " + destination));
        }
        // Content is PHI: who looked is recorded before it is sent.
        Principal who = Requests.principal(ctx);
        store.write(List.of(who.operator(Requests.address(ctx)).audit("view-content", m.channel(), List.of(m.id().toString()),
                kind.id() + " content" + (destination.isEmpty() ? "" : " of destination " + destination) + " viewed through the API",
                Instant.now())));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("kind", kind.id());
        view.put("destination", destination);
        view.put("dataType", m.dataType());
        view.put("charset", m.charset().name());
        view.put("text", new String(bytes, m.charset()));
        view.put("hl7", hl7Rows(bytes, m));
        ctx.json(view);
    }

    private static byte @Nullable [] lastStageContent(List<StageRecord> stages, String destination, @Nullable Stage stage) {
        byte[] found = null;
        for (StageRecord s : stages) {
            if (s.stage() == stage && s.destination().equals(destination) && s.content() != null) {
                found = s.content();
            }
        }
        return found;
    }

    /** The content as a table of HL7 v2 values with field names, or null when it does not read as HL7 v2. */
    private static @Nullable List<Map<String, Object>> hl7Rows(byte[] bytes, Message m) {
        if (bytes.length < 8 || !startsLikeHl7(bytes)) {
            return null;
        }
        try {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Hl7Table.Row r : Hl7Table.rows(Hl7Message.read(bytes, m.charset()))) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("segment", r.segment());
                row.put("segmentIndex", r.segmentIndex());
                row.put("field", r.field());
                row.put("name", r.name());
                row.put("repetition", r.repetition());
                row.put("component", r.component());
                row.put("subcomponent", r.subcomponent());
                row.put("value", r.value());
                rows.add(row);
            }
            return rows;
        } catch (io.conduit.core.datatype.MessageFormatException | RuntimeException e) {
            return null; // shown as text only
        }
    }

    private static boolean startsLikeHl7(byte[] bytes) {
        int i = bytes.length > 3 && (bytes[0] & 0xff) == 0xEF ? 3 : 0; // a UTF-8 byte-order mark
        while (i < bytes.length && Character.isWhitespace(bytes[i])) {
            i++;
        }
        return i + 3 <= bytes.length && (new String(bytes, i, 3, java.nio.charset.StandardCharsets.US_ASCII).matches("MSH|FHS|BHS"));
    }

    private void resend(Context ctx) throws StoreException {
        StoredMessage stored = message(ctx);
        ObjectNode body = Requests.body(ctx, Set.of("destination"));
        String destination = Requests.string(body, "destination");
        List<String> targets;
        try {
            targets = engine.resend(stored.message().id(), Optional.ofNullable(destination),
                    Requests.principal(ctx).operator(Requests.address(ctx)));
        } catch (StoreException e) {
            throw new ApiException(409, e.getMessage(), destination == null ? null : "destination");
        }
        ctx.json(Map.of("queuedFor", targets));
    }

    private void reprocess(Context ctx) throws StoreException {
        StoredMessage stored = message(ctx);
        ReceiveResult result;
        try {
            result = engine.reprocess(stored.message().id(), Requests.principal(ctx).operator(Requests.address(ctx)));
        } catch (StoreException e) {
            throw ApiException.conflict(e.getMessage());
        }
        Map<String, Object> view = new LinkedHashMap<>();
        switch (result) {
            case ReceiveResult.Accepted a -> {
                view.put("id", a.id().toString());
                view.put("status", store.find(a.id()).map(s -> s.status().name()).orElse("RECEIVED"));
            }
            case ReceiveResult.Rejected r -> {
                view.put("id", r.id().toString());
                view.put("status", MessageStatus.ERRORED.name());
                view.put("error", r.error().getMessage());
            }
            case ReceiveResult.Failed f -> throw ApiException.conflict("the channel did not take the message: " + f.reason());
        }
        ctx.status(201).json(view);
    }

    /** The filters of a bulk request, for its audit entry (ids and metadata values only, as a search would show). */
    private static String describe(ObjectNode body) {
        StringBuilder sb = new StringBuilder();
        for (String f : new java.util.TreeSet<>(FILTERS)) {
            String v = Requests.string(body, f);
            if (v != null) {
                sb.append(sb.isEmpty() ? "" : ", ").append(f).append('=').append(v);
            }
        }
        return sb.toString();
    }

    private void bulkResend(Context ctx) throws StoreException {
        Set<String> allowed = new java.util.HashSet<>(FILTERS);
        allowed.add("destination");
        allowed.add("max");
        ObjectNode body = Requests.body(ctx, allowed);
        if (FILTERS.stream().noneMatch(f -> Requests.string(body, f) != null)) {
            throw ApiException.badRequest("channel", "give at least one filter (channel, status, type, …): resending every "
                    + "stored message is never what is meant");
        }
        MessageQuery first = query(name -> Requests.string(body, name), BULK_PAGE, null);
        String destination = Requests.string(body, "destination");
        Integer max = Requests.integer(body, "max", 1, 100_000);
        int limit = max == null ? 10_000 : max;
        Engine.Operator by = Requests.principal(ctx).operator(Requests.address(ctx));
        if (jobs.running("bulk-resend")) {
            throw ApiException.conflict("a bulk resend is already running; wait for it (GET /api/v1/jobs/{id}) and try again");
        }
        store.write(List.of(by.audit("bulk-resend", first.channel() == null ? "" : first.channel(), List.of(),
                "bulk resend of up to " + limit + " message(s) requested: " + describe(body)
                        + (destination == null ? "" : ", destination " + destination), Instant.now())));
        Jobs.Job job = jobs.start("bulk-resend", by.name(), j -> {
            MessageQuery q = first;
            int seen = 0;
            while (seen < limit) {
                Page<MessageSummary> page = store.search(q);
                List<MessageSummary> items = page.items().subList(0, Math.min(page.items().size(), limit - seen));
                j.total.addAndGet(items.size());
                for (MessageSummary m : items) {
                    try {
                        engine.resend(m.id(), Optional.ofNullable(destination), by);
                        j.done.incrementAndGet();
                    } catch (StoreException e) {
                        j.error("message " + m.id() + ": " + e.getMessage());
                    }
                }
                seen += items.size();
                if (page.next().isEmpty()) {
                    break;
                }
                q = q.withBefore(page.next().get());
            }
        });
        ctx.status(202).json(Map.of("job", job.id));
    }
}
