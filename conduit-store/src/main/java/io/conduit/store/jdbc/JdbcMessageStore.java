package io.conduit.store.jdbc;

import io.conduit.core.message.Message;
import io.conduit.core.message.MessageId;
import io.conduit.core.message.MessageStatus;
import io.conduit.core.message.Stage;
import io.conduit.core.store.DeliveryRecord;
import io.conduit.core.store.MessageQuery;
import io.conduit.core.store.MessageStore;
import io.conduit.core.store.MessageSummary;
import io.conduit.core.store.Page;
import io.conduit.core.store.QueuedDelivery;
import io.conduit.core.store.StageRecord;
import io.conduit.core.store.StoreException;
import io.conduit.core.store.StoreWrite;
import io.conduit.core.store.StoredMessage;
import java.nio.charset.Charset;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDBC {@link MessageStore}: writes through one {@link GroupCommitWriter}, reads through a
 * {@link ReadPool}, SQL from the dialect's {@link StatementSet}. Dialect-neutral; the factories
 * open the connections and run the migrations.
 *
 * <p>{@code CompleteDelivery} records the delivery's SENT or ERRORED stage (with its detail and
 * the peer's response) in the same statement group, as the SPI specifies. Thread-safe.
 */
final class JdbcMessageStore implements MessageStore {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcMessageStore.class);
    /** A queue page stops once its contents pass this size (it always holds at least one entry). */
    static final long MAX_PAGE_BYTES = 8L * 1024 * 1024;
    /** Lane moves per commit when a destination's lanes change (a large backlog moves in several commits). */
    private static final int LANE_MOVES_PER_COMMIT = 2000;

    private final StatementSet sql;
    private final GroupCommitWriter writer;
    private final ReadPool reads;
    private final String description;
    private final List<AutoCloseable> closeAfter;
    private final Object closeLock = new Object();
    private boolean closed;

    /** @param closeAfter dialect helpers (e.g. a checkpointer) closed after the writer and readers */
    JdbcMessageStore(StatementSet sql, GroupCommitWriter writer, ReadPool reads, String description,
                     List<AutoCloseable> closeAfter) {
        this.closeAfter = List.copyOf(closeAfter);
        this.sql = sql;
        this.writer = writer;
        this.reads = reads;
        this.description = description;
    }

    @Override
    public CompletableFuture<Void> submit(List<StoreWrite> writes) {
        return writer.submit(writes);
    }

    StoreStats stats() {
        return writer.stats();
    }

    @Override
    public List<QueuedDelivery> pending(String channel, String destination, io.conduit.core.store.DeliveryLane lane,
                                        long afterSeq, int limit) throws StoreException {
        requireLimit(limit);
        return reads.read("read queue " + channel + "/" + destination, c -> {
            PreparedStatement ps = c.prepare(sql.get("pending"));
            ps.setString(1, channel);
            ps.setString(2, destination);
            ps.setInt(3, lane.index());
            ps.setLong(4, afterSeq);
            ps.setInt(5, limit);
            List<QueuedDelivery> result = new ArrayList<>();
            long bytes = 0;
            try (ResultSet rs = ps.executeQuery()) {
                // A page is bounded in bytes as well as entries, so large messages cannot fill the heap.
                while (bytes < MAX_PAGE_BYTES && rs.next()) {
                    byte[] payload = rs.getBytes(4);
                    byte[] stored = payload != null ? payload : rs.getBytes(8);
                    byte[] content = ContentCodec.isDelta(stored)
                            ? ContentCodec.decode(stored, ContentCodec.decode(rs.getBytes(9)))
                            : ContentCodec.decode(stored);
                    bytes += content.length;
                    result.add(new QueuedDelivery(rs.getLong(1), new MessageId(rs.getLong(2)), channel, destination,
                            Instant.ofEpochMilli(rs.getLong(5)), content, Charset.forName(rs.getString(6)),
                            MetadataCodec.decode(rs.getString(7)), rs.getInt(3)));
                }
            }
            return result;
        });
    }

    @Override
    public void assignLanes(String channel, String destination, int lanes,
                            java.util.function.ToIntFunction<io.conduit.core.message.Metadata> laneOf) throws StoreException {
        if (lanes == 1) {
            write(List.of(new StoreWrite.ResetLanes(channel, destination)));
            return;
        }
        List<StoreWrite> moves = reads.read("read lanes of " + channel + "/" + destination, c -> {
            PreparedStatement ps = c.prepare(sql.get("openLanes"));
            ps.setString(1, channel);
            ps.setString(2, destination);
            List<StoreWrite> result = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int lane = laneOf.applyAsInt(MetadataCodec.decode(rs.getString(3)));
                    if (lane != rs.getInt(2)) {
                        result.add(new StoreWrite.SetLane(new MessageId(rs.getLong(1)), destination, lane));
                    }
                }
            }
            return result;
        });
        for (int from = 0; from < moves.size(); from += LANE_MOVES_PER_COMMIT) {
            write(moves.subList(from, Math.min(moves.size(), from + LANE_MOVES_PER_COMMIT)));
        }
        if (!moves.isEmpty()) {
            LOG.info("{}/{}: {} open deliveries moved to other lanes ({} lanes now)", channel, destination, moves.size(), lanes);
        }
    }

    @Override
    public long queueDepth(String channel, String destination) throws StoreException {
        return reads.read("count queue " + channel + "/" + destination, c -> {
            PreparedStatement ps = c.prepare(sql.get("queueDepth"));
            ps.setString(1, channel);
            ps.setString(2, destination);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public Optional<StoredMessage> find(MessageId id) throws StoreException {
        return reads.read("find message " + id, c -> {
            PreparedStatement ps = c.prepare(sql.get("findMessage"));
            ps.setLong(1, id.value());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Message message = new Message(new MessageId(rs.getLong(1)), rs.getString(2),
                        Instant.ofEpochMilli(rs.getLong(3)), ContentCodec.decode(rs.getBytes(10)),
                        Charset.forName(rs.getString(6)), rs.getString(5), MetadataCodec.decode(rs.getString(8)),
                        rs.getString(7), rs.getObject(11) == null ? null : new MessageId(rs.getLong(11)));
                return Optional.of(new StoredMessage(message, status(rs.getString(4)), rs.getString(9)));
            }
        });
    }

    @Override
    public List<io.conduit.core.audit.AuditEntry> audit(long afterSeq, int limit) throws StoreException {
        requireLimit(limit);
        return reads.read("read the audit log", c -> {
            PreparedStatement ps = c.prepare(sql.get("auditEntries"));
            ps.setLong(1, afterSeq);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                return auditEntries(rs);
            }
        });
    }

    @Override
    public void observeCommits(io.conduit.core.store.CommitObserver observer) {
        writer.observeCommits(observer);
    }

    @Override
    public List<MessageId> children(MessageId parent) throws StoreException {
        return reads.read("read children of " + parent, c -> {
            PreparedStatement ps = c.prepare(sql.get("children"));
            ps.setLong(1, parent.value());
            List<MessageId> result = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(new MessageId(rs.getLong(1)));
                }
            }
            return result;
        });
    }

    @Override
    public List<StageRecord> stages(MessageId id) throws StoreException {
        return reads.read("read history of " + id, c -> {
            PreparedStatement ps = c.prepare(sql.get("stages"));
            ps.setLong(1, id.value());
            ps.setLong(2, id.value());
            List<StageRecord> result = new ArrayList<>();
            byte[] base = null;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byte[] content = rs.getBytes(5);
                    if (ContentCodec.isDelta(content) && base == null) {
                        base = receivedContent(c, id);
                    }
                    result.add(new StageRecord(id, rs.getString(1), Stage.fromCode(rs.getString(2).charAt(0)),
                            Instant.ofEpochMilli(rs.getLong(3)), rs.getString(4),
                            content == null ? null : ContentCodec.decode(content, base)));
                }
            }
            if (result.isEmpty()) {
                return result; // no such message
            }
            List<String> queuedFor = new ArrayList<>();
            PreparedStatement deliveries = c.prepare(sql.get("deliveries"));
            deliveries.setLong(1, id.value());
            try (ResultSet rs = deliveries.executeQuery()) {
                while (rs.next()) {
                    queuedFor.add(rs.getString(1));
                }
            }
            return withQueuedStages(result, queuedFor);
        });
    }

    /**
     * Puts the QUEUED stages into a history read from rows: one per destination the message was
     * queued for (each delivery row), at the received time: right after the destination's own
     * TRANSFORMED stage, or else after the source-side stages, in the order of the delivery rows.
     * Histories written before V8 had them among the other destinations' ingest stages (FILTERED,
     * TRANSFORMED) in the channel's destination order; all carry the same time.
     */
    static List<StageRecord> withQueuedStages(List<StageRecord> rows, List<String> queuedFor) {
        if (queuedFor.isEmpty()) {
            return rows;
        }
        Instant receivedAt = rows.getFirst().at();
        MessageId id = rows.getFirst().id();
        java.util.Set<String> transformedOwn = new java.util.HashSet<>();
        for (StageRecord r : rows) {
            if (r.stage() == Stage.TRANSFORMED && !r.destination().isEmpty()) {
                transformedOwn.add(r.destination());
            }
        }
        List<StageRecord> out = new ArrayList<>(rows.size() + queuedFor.size());
        boolean placedPlain = false;
        for (StageRecord r : rows) {
            if (!placedPlain && !r.destination().isEmpty()) {
                addQueued(out, id, receivedAt, queuedFor, transformedOwn);
                placedPlain = true;
            }
            out.add(r);
            if (r.stage() == Stage.TRANSFORMED && !r.destination().isEmpty() && queuedFor.contains(r.destination())) {
                out.add(new StageRecord(id, r.destination(), Stage.QUEUED, receivedAt, null, null));
            }
        }
        if (!placedPlain) {
            addQueued(out, id, receivedAt, queuedFor, transformedOwn);
        }
        return out;
    }

    /** Adds the QUEUED stages of the destinations without a TRANSFORMED stage of their own. */
    private static void addQueued(List<StageRecord> out, MessageId id, Instant at, List<String> queuedFor,
                                  java.util.Set<String> skip) {
        for (String destination : queuedFor) {
            if (!skip.contains(destination)) {
                out.add(new StageRecord(id, destination, Stage.QUEUED, at, null, null));
            }
        }
    }

    /** The decoded received content of a message: what delta-stored stage content decodes against. */
    private byte[] receivedContent(ReadPool.ReadConnection c, MessageId id) throws SQLException {
        PreparedStatement ps = c.prepare(sql.get("messageContent"));
        ps.setLong(1, id.value());
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("message " + id + " has delta-stored stages but no content");
            }
            return ContentCodec.decode(rs.getBytes(1));
        }
    }

    @Override
    public List<DeliveryRecord> deliveries(MessageId id) throws StoreException {
        return reads.read("read deliveries of " + id, c -> {
            PreparedStatement ps = c.prepare(sql.get("deliveries"));
            ps.setLong(1, id.value());
            List<DeliveryRecord> result = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(new DeliveryRecord(id, rs.getString(2), rs.getString(1), status(rs.getString(3)),
                            rs.getInt(4), rs.getString(5), Instant.ofEpochMilli(rs.getLong(6))));
                }
            }
            return result;
        });
    }

    @Override
    public List<MessageId> deliveriesWithStatus(String channel, String destination, MessageStatus status, int limit)
            throws StoreException {
        requireLimit(limit);
        // Any status but SENT is served by the small partial index of open deliveries.
        String name = status == MessageStatus.SENT ? "deliveriesWithStatus" : "deliveriesWithOpenStatus";
        return reads.read("list " + status + " deliveries " + channel + "/" + destination, c -> {
            PreparedStatement ps = c.prepare(sql.get(name));
            ps.setString(1, channel);
            ps.setString(2, destination);
            ps.setString(3, WriteApplier.code(status));
            ps.setInt(4, limit);
            List<MessageId> result = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(new MessageId(rs.getLong(1)));
                }
            }
            return result;
        });
    }

    @Override
    public Page<MessageSummary> search(MessageQuery query) throws StoreException {
        WhereClause.Statement search = MessageSearch.of(query, sql);
        return reads.read("search messages", c -> {
            PreparedStatement ps = c.prepare(search.sql());
            search.bind(ps);
            List<MessageSummary> items = new ArrayList<>(Math.min(query.limit() + 1, 64));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    items.add(new MessageSummary(new MessageId(rs.getLong(1)), rs.getString(2),
                            Instant.ofEpochMilli(rs.getLong(3)), status(rs.getString(4)), rs.getString(5),
                            MetadataCodec.decode(rs.getString(6)), rs.getInt(7), rs.getString(8)));
                }
            }
            if (items.size() > query.limit()) {
                List<MessageSummary> page = items.subList(0, query.limit());
                return new Page<>(page, Optional.of(page.getLast().id()));
            }
            return new Page<>(items, Optional.empty());
        });
    }

    @Override
    public Optional<byte[]> deliveryContent(MessageId id, String destination) throws StoreException {
        return reads.read("read content sent by " + id + " to " + destination, c -> {
            PreparedStatement ps = c.prepare(sql.get("deliveryContent"));
            ps.setLong(1, id.value());
            ps.setString(2, destination);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                byte[] stored = rs.getBytes(1);
                return Optional.of(ContentCodec.isDelta(stored)
                        ? ContentCodec.decode(stored, ContentCodec.decode(rs.getBytes(2)))
                        : ContentCodec.decode(stored));
            }
        });
    }

    @Override
    public Optional<Instant> oldestQueued(String channel, String destination) throws StoreException {
        return reads.read("read head of queue " + channel + "/" + destination, c -> {
            PreparedStatement ps = c.prepare(sql.get("oldestQueued"));
            ps.setString(1, channel);
            ps.setString(2, destination);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Instant.ofEpochMilli(rs.getLong(1))) : Optional.empty();
            }
        });
    }

    @Override
    public List<io.conduit.core.audit.AuditEntry> auditSearch(io.conduit.core.store.AuditQuery query) throws StoreException {
        WhereClause.Statement search = AuditSearch.of(query, sql);
        return reads.read("search the audit log", c -> {
            PreparedStatement ps = c.prepare(search.sql());
            search.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                return auditEntries(rs);
            }
        });
    }

    private static List<io.conduit.core.audit.AuditEntry> auditEntries(ResultSet rs) throws SQLException {
        List<io.conduit.core.audit.AuditEntry> result = new ArrayList<>();
        while (rs.next()) {
            String ids = rs.getString(7);
            io.conduit.core.audit.AuditEvent event = new io.conduit.core.audit.AuditEvent(rs.getString(3), rs.getString(4),
                    rs.getString(5), rs.getString(6), ids.isEmpty() ? List.of() : List.of(ids.split(",")), rs.getString(8));
            result.add(new io.conduit.core.audit.AuditEntry(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)), event,
                    rs.getString(9), rs.getString(10)));
        }
        return result;
    }

    @Override
    public Optional<io.conduit.core.store.UserRecord> user(String username) throws StoreException {
        return reads.read("read a user", c -> {
            PreparedStatement ps = c.prepare(sql.get("user"));
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(user(rs)) : Optional.empty();
            }
        });
    }

    @Override
    public List<io.conduit.core.store.UserRecord> users() throws StoreException {
        return reads.read("read users", c -> {
            List<io.conduit.core.store.UserRecord> result = new ArrayList<>();
            try (ResultSet rs = c.prepare(sql.get("users")).executeQuery()) {
                while (rs.next()) {
                    result.add(user(rs));
                }
            }
            return result;
        });
    }

    private static io.conduit.core.store.UserRecord user(ResultSet rs) throws SQLException {
        return new io.conduit.core.store.UserRecord(rs.getString(1), rs.getString(2), rs.getString(3),
                Instant.ofEpochMilli(rs.getLong(4)), rs.getInt(5) != 0);
    }

    @Override
    public Optional<io.conduit.core.store.ApiTokenRecord> token(String id) throws StoreException {
        return reads.read("read an API token", c -> {
            PreparedStatement ps = c.prepare(sql.get("token"));
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(token(rs)) : Optional.empty();
            }
        });
    }

    @Override
    public List<io.conduit.core.store.ApiTokenRecord> tokens() throws StoreException {
        return reads.read("read API tokens", c -> {
            List<io.conduit.core.store.ApiTokenRecord> result = new ArrayList<>();
            try (ResultSet rs = c.prepare(sql.get("tokens")).executeQuery()) {
                while (rs.next()) {
                    result.add(token(rs));
                }
            }
            return result;
        });
    }

    private static io.conduit.core.store.ApiTokenRecord token(ResultSet rs) throws SQLException {
        return new io.conduit.core.store.ApiTokenRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), Instant.ofEpochMilli(rs.getLong(6)), Instant.ofEpochMilli(rs.getLong(7)));
    }

    @Override
    public void close() {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        writer.close();
        reads.close();
        for (AutoCloseable resource : closeAfter) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("closing {} of store {} failed: {}", resource.getClass().getSimpleName(), description, e.toString());
            }
        }
        StoreStats stats = writer.stats();
        LOG.info("closed store {}: {} commits, {} submissions ({} per commit on average), {} writes, {} failed submissions",
                description, stats.commits(), stats.submissions(), String.format("%.1f", stats.averageBatch()),
                stats.writes(), stats.failedSubmissions());
    }

    private static MessageStatus status(String code) {
        return MessageStatus.fromCode(code.charAt(0));
    }

    private static void requireLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
    }

    @Override
    public String toString() {
        return "JdbcMessageStore[" + description + "]";
    }
}
