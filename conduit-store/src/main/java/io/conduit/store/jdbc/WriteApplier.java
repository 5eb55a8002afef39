package io.conduit.store.jdbc;

import io.conduit.core.message.Message;
import io.conduit.core.message.MessageId;
import io.conduit.core.message.MessageStatus;
import io.conduit.core.message.Metadata;
import io.conduit.core.message.Stage;
import io.conduit.core.store.StoreException;
import io.conduit.core.store.StoreWrite;
import io.conduit.core.store.StoreWrite.AddStage;
import io.conduit.core.store.StoreWrite.CompleteDelivery;
import io.conduit.core.store.StoreWrite.Enqueue;
import io.conduit.core.store.StoreWrite.InsertMessage;
import io.conduit.core.store.StoreWrite.RecordAttempt;
import io.conduit.core.store.StoreWrite.SetStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns {@link EncodedWrite}s into SQL on the writer's connection, inside the writer's open
 * transaction. Statements are prepared once per connection and reused for every batch.
 *
 * <p>Semantics follow the {@link io.conduit.core.store.StoreWrite} Javadoc. A write that matches
 * nothing it must change (no such message or queued delivery) fails with a {@link StoreException},
 * so a caller's mistake surfaces on its own future rather than vanishing.
 *
 * <p>Confined to the writer thread.
 */
final class WriteApplier {

    private final Connection connection;
    private final StatementSet sql;
    private final Map<String, PreparedStatement> prepared = new HashMap<>();

    WriteApplier(Connection connection, StatementSet sql) {
        this.connection = connection;
        this.sql = sql;
    }

    /** @param now epoch millis used where a write carries no time of its own */
    void apply(EncodedWrite encoded, long now) throws SQLException, StoreException {
        switch (encoded.write()) {
            case InsertMessage m -> insertMessage(m, encoded);
            case AddStage s -> insertStage(s.id(), s.destination(), s.stage(), s.at().toEpochMilli(), s.detail(), encoded.blob());
            case Enqueue e -> enqueue(e, encoded.blob(), now);
            case RecordAttempt r -> recordAttempt(r, now);
            case CompleteDelivery c -> completeDelivery(c, encoded.blob());
            case SetStatus s -> setStatus(s);
            case StoreWrite.SetLane l -> setLane(l);
            case StoreWrite.ResetLanes r -> resetLanes(r);
            case StoreWrite.AppendAudit a -> appendAudit(a);
            case StoreWrite.CreateUser u -> createUser(u.user());
            case StoreWrite.UpdateUser u -> updateUser(u);
            case StoreWrite.DeleteUser u -> deleteBy("deleteUser", u.username());
            case StoreWrite.SaveToken t -> saveToken(t.token());
            case StoreWrite.DeleteToken t -> deleteBy("deleteToken", t.id());
        }
    }

    private void insertMessage(InsertMessage write, EncodedWrite encoded) throws SQLException {
        Message m = write.message();
        Metadata md = m.metadata();
        PreparedStatement ps = statement("insertMessage");
        ps.setLong(1, m.id().value());
        ps.setString(2, m.channel());
        ps.setLong(3, m.receivedAt().toEpochMilli());
        ps.setString(4, code(write.status()));
        ps.setString(5, m.dataType());
        ps.setString(6, m.charset().name());
        ps.setString(7, m.origin());
        setNullableString(ps, 8, md.getOrNull(Metadata.MESSAGE_TYPE));
        setNullableString(ps, 9, md.getOrNull(Metadata.CONTROL_ID));
        setNullableString(ps, 10, md.getOrNull(Metadata.PATIENT_ID));
        setNullableString(ps, 11, md.getOrNull(Metadata.SENDING_APPLICATION));
        setNullableString(ps, 12, md.getOrNull(Metadata.SENDING_FACILITY));
        ps.setString(13, encoded.metadata());
        setNullableString(ps, 14, write.status() == MessageStatus.ERRORED ? write.error() : null);
        ps.setInt(15, m.content().length);
        ps.setBytes(16, encoded.blob());
        if (m.parent() == null) {
            ps.setNull(17, java.sql.Types.BIGINT);
        } else {
            ps.setLong(17, m.parent().value());
        }
        ps.executeUpdate(); // its RECEIVED stage is the row itself (see the "stages" statement)
    }

    private void insertStage(MessageId id, String destination, Stage stage, long at, @Nullable String detail,
                             byte @Nullable [] blob) throws SQLException {
        PreparedStatement ps = statement("insertStage");
        ps.setLong(1, id.value());
        ps.setString(2, destination);
        ps.setString(3, String.valueOf(stage.code()));
        ps.setLong(4, at);
        setNullableString(ps, 5, detail);
        setNullableBytes(ps, 6, blob);
        ps.executeUpdate();
    }

    private void enqueue(Enqueue write, byte @Nullable [] payload, long now) throws SQLException {
        PreparedStatement ps = statement("enqueue");
        ps.setLong(1, write.id().value());
        ps.setString(2, write.destination());
        ps.setString(3, write.channel());
        ps.setLong(4, now);
        setNullableBytes(ps, 5, payload);
        if (write.sendSourceTransformed()) {
            ps.setInt(6, 1);
        } else if (payload != null) {
            ps.setInt(6, 0);
        } else {
            ps.setNull(6, java.sql.Types.INTEGER); // a resend keeps what it sent before
        }
        Integer lane = write.lane(); // null: a resend keeps its lane
        for (int index : new int[] {7, 8}) {
            if (lane == null) {
                ps.setNull(index, Types.INTEGER);
            } else {
                ps.setInt(index, lane);
            }
        }
        ps.executeUpdate(); // a missing message fails here on the foreign key
        PreparedStatement mark = statement("markQueued");
        mark.setLong(1, write.id().value());
        mark.executeUpdate();
    }

    private void recordAttempt(RecordAttempt write, long now) throws SQLException, StoreException {
        PreparedStatement ps = statement("recordAttempt");
        ps.setInt(1, write.attempts());
        ps.setString(2, write.error());
        ps.setLong(3, now);
        ps.setLong(4, write.id().value());
        ps.setString(5, write.destination());
        if (ps.executeUpdate() == 0) {
            throw new StoreException("RecordAttempt: message " + write.id() + " has no queued delivery to '"
                    + write.destination() + "'");
        }
    }

    private void completeDelivery(CompleteDelivery write, byte @Nullable [] response) throws SQLException, StoreException {
        boolean errored = write.status() == MessageStatus.ERRORED;
        long at = write.at().toEpochMilli();
        PreparedStatement ps = statement("completeDelivery");
        ps.setString(1, code(write.status()));
        ps.setInt(2, write.attempts());
        setNullableString(ps, 3, errored ? write.detail() : null);
        ps.setLong(4, at);
        ps.setLong(5, write.id().value());
        ps.setString(6, write.destination());
        if (ps.executeUpdate() == 0) {
            throw new StoreException("CompleteDelivery: message " + write.id() + " has no delivery to '"
                    + write.destination() + "'");
        }
        // The delivery's outcome (verdict, response, time) goes into the message's history.
        insertStage(write.id(), write.destination(), errored ? Stage.ERRORED : Stage.SENT, at, write.detail(), response);
        if (errored) {
            PreparedStatement mark = statement("setStatus");
            mark.setString(1, code(MessageStatus.ERRORED));
            setNullableString(mark, 2, write.detail());
            mark.setLong(3, write.id().value());
            mark.executeUpdate();
        } else {
            PreparedStatement mark = statement("markSentWhenDone");
            mark.setLong(1, write.id().value());
            mark.setLong(2, write.id().value());
            mark.executeUpdate();
        }
    }

    private void setLane(StoreWrite.SetLane write) throws SQLException {
        PreparedStatement ps = statement("setLane");
        ps.setInt(1, write.lane());
        ps.setLong(2, write.id().value());
        ps.setString(3, write.destination());
        ps.executeUpdate(); // a delivery completed meanwhile needs no lane: nothing to fail
    }

    private void resetLanes(StoreWrite.ResetLanes write) throws SQLException {
        PreparedStatement ps = statement("resetLanes");
        ps.setString(1, write.channel());
        ps.setString(2, write.destination());
        ps.executeUpdate();
    }

    private void setStatus(SetStatus write) throws SQLException, StoreException {
        PreparedStatement ps = statement("setStatus");
        ps.setString(1, code(write.status()));
        setNullableString(ps, 2, write.status() == MessageStatus.ERRORED ? write.error() : null);
        ps.setLong(3, write.id().value());
        if (ps.executeUpdate() == 0) {
            throw new StoreException("SetStatus: no message " + write.id());
        }
    }

    /** Reads the chain's last link and appends the next; runs on the single writer, inside its transaction. */
    private void appendAudit(StoreWrite.AppendAudit write) throws SQLException {
        long seq = 1;
        String previous = io.conduit.core.audit.AuditChain.GENESIS;
        try (java.sql.ResultSet rs = statement("auditLast").executeQuery()) {
            if (rs.next()) {
                seq = rs.getLong(1) + 1;
                previous = rs.getString(2);
            }
        }
        io.conduit.core.audit.AuditEvent e = write.event();
        java.time.Instant at = java.time.Instant.ofEpochMilli(write.at().toEpochMilli());
        PreparedStatement ps = statement("auditInsert");
        ps.setLong(1, seq);
        ps.setLong(2, at.toEpochMilli());
        ps.setString(3, e.actor());
        ps.setString(4, e.address());
        ps.setString(5, e.action());
        ps.setString(6, e.channel());
        ps.setString(7, String.join(",", e.messageIds()));
        ps.setString(8, e.detail());
        ps.setString(9, previous);
        ps.setString(10, io.conduit.core.audit.AuditChain.hash(seq, at, e, previous));
        ps.executeUpdate();
    }

    private void createUser(io.conduit.core.store.UserRecord user) throws SQLException {
        PreparedStatement ps = statement("createUser");
        ps.setString(1, user.username());
        ps.setString(2, user.passwordHash());
        ps.setString(3, user.role());
        ps.setLong(4, user.createdAt().toEpochMilli());
        ps.setInt(5, user.disabled() ? 1 : 0);
        ps.executeUpdate(); // an existing username fails here on the primary key
    }

    private void updateUser(StoreWrite.UpdateUser write) throws SQLException, StoreException {
        PreparedStatement ps = statement("updateUser");
        setNullableString(ps, 1, write.passwordHash());
        setNullableString(ps, 2, write.role());
        if (write.disabled() == null) {
            ps.setNull(3, Types.INTEGER);
        } else {
            ps.setInt(3, write.disabled() ? 1 : 0);
        }
        ps.setString(4, write.username());
        if (ps.executeUpdate() == 0) {
            throw new StoreException("UpdateUser: no user '" + write.username() + "'");
        }
    }

    private void saveToken(io.conduit.core.store.ApiTokenRecord token) throws SQLException {
        PreparedStatement ps = statement("saveToken");
        ps.setString(1, token.id());
        ps.setString(2, token.name());
        ps.setString(3, token.secretHash());
        ps.setString(4, token.role());
        ps.setString(5, token.createdBy());
        ps.setLong(6, token.createdAt().toEpochMilli());
        ps.setLong(7, token.expiresAt().toEpochMilli());
        ps.executeUpdate(); // an id clash fails here on the primary key
    }

    private void deleteBy(String statementName, String key) throws SQLException {
        PreparedStatement ps = statement(statementName);
        ps.setString(1, key);
        ps.executeUpdate();
    }

    private PreparedStatement statement(String name) throws SQLException {
        PreparedStatement ps = prepared.get(name);
        if (ps == null) {
            ps = connection.prepareStatement(sql.get(name));
            prepared.put(name, ps);
        }
        return ps;
    }

    /** Closes the prepared statements; the connection stays open. */
    void close() {
        for (PreparedStatement ps : prepared.values()) {
            try {
                ps.close();
            } catch (SQLException ignored) {
                // closing the connection next releases it anyway
            }
        }
        prepared.clear();
    }

    static String code(MessageStatus status) {
        return String.valueOf(status.code());
    }

    private static void setNullableString(PreparedStatement ps, int index, @Nullable String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }

    private static void setNullableBytes(PreparedStatement ps, int index, byte @Nullable [] value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BINARY);
        } else {
            ps.setBytes(index, value);
        }
    }
}
