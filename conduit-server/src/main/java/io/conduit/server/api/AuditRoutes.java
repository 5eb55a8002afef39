package io.conduit.server.api;

import io.conduit.core.audit.AuditChain;
import io.conduit.core.audit.AuditEntry;
import io.conduit.core.store.AuditQuery;
import io.conduit.core.store.MessageStore;
import io.conduit.core.store.StoreException;
import io.conduit.server.auth.Role;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The audit log: search, chain verification and JSON-lines export; admins only. */
final class AuditRoutes {

    private static final int EXPORT_PAGE = 1000;

    private final MessageStore store;

    AuditRoutes(MessageStore store) {
        this.store = store;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/v1/audit", this::search, Role.ADMIN);
        routes.get("/api/v1/audit/verify", this::verify, Role.ADMIN);
        routes.get("/api/v1/audit/export", this::export, Role.ADMIN);
    }

    private void search(Context ctx) throws StoreException {
        String cursor = Requests.query(ctx, "cursor");
        Long before;
        try {
            before = cursor == null ? null : Long.parseLong(cursor);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("cursor", "cursor must be the 'next' value of the previous page, got '" + cursor + "'");
        }
        int limit = Requests.limit(ctx, 100, 1000);
        // One entry more than the page tells whether another page follows.
        List<AuditEntry> entries = store.auditSearch(new AuditQuery(Requests.query(ctx, "actor"), Requests.query(ctx, "action"),
                Requests.query(ctx, "channel"), Requests.query(ctx, "messageId"),
                Requests.instant(Requests.query(ctx, "from"), "from"), Requests.instant(Requests.query(ctx, "to"), "to"), before,
                limit + 1));
        List<AuditEntry> page = entries.subList(0, Math.min(limit, entries.size()));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("items", page.stream().map(AuditRoutes::entry).toList());
        view.put("next", entries.size() > limit ? Long.toString(page.getLast().seq()) : null);
        ctx.json(view);
    }

    private void verify(Context ctx) throws StoreException {
        AuditChain.Verifier verifier = new AuditChain.Verifier();
        long after = 0;
        boolean ok = true;
        outer:
        while (true) {
            List<AuditEntry> page = store.audit(after, EXPORT_PAGE);
            for (AuditEntry e : page) {
                if (!verifier.next(e)) {
                    ok = false;
                    break outer;
                }
                after = e.seq();
            }
            if (page.size() < EXPORT_PAGE) {
                break;
            }
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("valid", ok);
        view.put("checked", verifier.checked());
        view.put("problem", verifier.problem().orElse(null));
        ctx.json(view);
    }

    private void export(Context ctx) throws Exception {
        // The export is itself a view of the log: recorded first, so it is part of what is exported.
        store.write(List.of(Requests.principal(ctx).operator(Requests.address(ctx)).audit("export-audit", "", List.of(),
                "audit log exported as JSON lines through the API", Instant.now())));
        ctx.contentType("application/x-ndjson");
        ctx.header("Content-Disposition", "attachment; filename=\"conduit-audit.jsonl\"");
        OutputStream out = ctx.outputStream();
        long after = 0;
        while (true) {
            List<AuditEntry> page = store.audit(after, EXPORT_PAGE);
            for (AuditEntry e : page) {
                out.write((e.toJsonLine() + "\n").getBytes(StandardCharsets.UTF_8));
                after = e.seq();
            }
            if (page.size() < EXPORT_PAGE) {
                break;
            }
        }
        out.flush();
    }

    static Map<String, Object> entry(AuditEntry e) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("seq", e.seq());
        view.put("at", e.at().toString());
        view.put("actor", e.event().actor());
        view.put("address", e.event().address());
        view.put("action", e.event().action());
        view.put("channel", e.event().channel());
        view.put("messageIds", e.event().messageIds());
        view.put("detail", e.event().detail());
        return view;
    }
}
