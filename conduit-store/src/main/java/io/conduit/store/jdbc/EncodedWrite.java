package io.conduit.store.jdbc;

import io.conduit.core.message.MessageId;
import io.conduit.core.message.MessageStatus;
import io.conduit.core.store.StoreWrite;
import io.conduit.core.store.StoreWrite.AddStage;
import io.conduit.core.store.StoreWrite.CompleteDelivery;
import io.conduit.core.store.StoreWrite.Enqueue;
import io.conduit.core.store.StoreWrite.InsertMessage;
import io.conduit.core.store.StoreWrite.RecordAttempt;
import io.conduit.core.store.StoreWrite.SetStatus;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A validated {@link StoreWrite} with its content already compressed and its metadata serialized.
 * Built on the submitter's thread, so the single writer thread only binds parameters: the CPU work
 * of many messages spreads over all cores instead of queueing behind the writer.
 *
 * @param blob     the stored form of the write's content (message content, stage content,
 *                 payload or response), or null when it has none
 * @param metadata the serialized metadata of an {@link InsertMessage}, else null
 */
record EncodedWrite(StoreWrite write, byte @Nullable [] blob, @Nullable String metadata) {

    /** @throws IllegalArgumentException when the write breaks its contract (the text says how) */
    static EncodedWrite of(StoreWrite write, ContentCodec codec) {
        return of(write, codec, id -> null);
    }

    /**
     * @param bases the received content of messages inserted in the same submission: stage content
     *              and payloads derived from it are stored as deltas against it
     */
    static EncodedWrite of(StoreWrite write, ContentCodec codec, java.util.function.Function<MessageId, byte @Nullable []> bases) {
        Objects.requireNonNull(write, "write");
        return switch (write) {
            case InsertMessage m -> {
                Objects.requireNonNull(m.message(), "message");
                Objects.requireNonNull(m.status(), "status");
                if (m.status() == MessageStatus.SENT) {
                    throw new IllegalArgumentException("InsertMessage " + m.message().id()
                            + ": status must be RECEIVED, FILTERED, QUEUED or ERRORED, not SENT");
                }
                yield new EncodedWrite(m, codec.encode(m.message().content()), MetadataCodec.encode(m.message().metadata()));
            }
            case AddStage s -> {
                Objects.requireNonNull(s.id(), "id");
                Objects.requireNonNull(s.destination(), "destination");
                Objects.requireNonNull(s.stage(), "stage");
                Objects.requireNonNull(s.at(), "at");
                if (s.stage() == io.conduit.core.message.Stage.RECEIVED || s.stage() == io.conduit.core.message.Stage.QUEUED) {
                    throw new IllegalArgumentException("AddStage " + s.id() + ": " + s.stage()
                            + " is recorded by InsertMessage and Enqueue, not as a stage of its own");
                }
                yield new EncodedWrite(s, s.content() == null ? null : encode(codec, s.content(), bases.apply(s.id())), null);
            }
            case Enqueue e -> {
                Objects.requireNonNull(e.id(), "id");
                Objects.requireNonNull(e.channel(), "channel");
                Objects.requireNonNull(e.destination(), "destination");
                yield new EncodedWrite(e, e.payload() == null ? null : encode(codec, e.payload(), bases.apply(e.id())), null);
            }
            case RecordAttempt r -> {
                Objects.requireNonNull(r.id(), "id");
                Objects.requireNonNull(r.destination(), "destination");
                Objects.requireNonNull(r.error(), "error");
                yield new EncodedWrite(r, null, null);
            }
            case CompleteDelivery c -> {
                Objects.requireNonNull(c.id(), "id");
                Objects.requireNonNull(c.destination(), "destination");
                Objects.requireNonNull(c.at(), "at");
                if (c.status() != MessageStatus.SENT && c.status() != MessageStatus.ERRORED) {
                    throw new IllegalArgumentException("CompleteDelivery " + c.id() + " to " + c.destination()
                            + ": status must be SENT or ERRORED, not " + c.status());
                }
                yield new EncodedWrite(c, c.response() == null ? null : codec.encode(c.response()), null);
            }
            case SetStatus s -> {
                Objects.requireNonNull(s.id(), "id");
                Objects.requireNonNull(s.status(), "status");
                yield new EncodedWrite(s, null, null);
            }
            case StoreWrite.AppendAudit a -> {
                Objects.requireNonNull(a.event(), "event");
                Objects.requireNonNull(a.at(), "at");
                yield new EncodedWrite(a, null, null);
            }
            case StoreWrite.CreateUser u -> {
                Objects.requireNonNull(u.user(), "user");
                yield new EncodedWrite(u, null, null);
            }
            case StoreWrite.UpdateUser u -> {
                Objects.requireNonNull(u.username(), "username");
                yield new EncodedWrite(u, null, null);
            }
            case StoreWrite.DeleteUser u -> {
                Objects.requireNonNull(u.username(), "username");
                yield new EncodedWrite(u, null, null);
            }
            case StoreWrite.SaveToken t -> {
                Objects.requireNonNull(t.token(), "token");
                yield new EncodedWrite(t, null, null);
            }
            case StoreWrite.DeleteToken t -> {
                Objects.requireNonNull(t.id(), "id");
                yield new EncodedWrite(t, null, null);
            }
            case StoreWrite.SetLane l -> {
                Objects.requireNonNull(l.id(), "id");
                Objects.requireNonNull(l.destination(), "destination");
                yield new EncodedWrite(l, null, null);
            }
            case StoreWrite.ResetLanes r -> {
                Objects.requireNonNull(r.channel(), "channel");
                Objects.requireNonNull(r.destination(), "destination");
                yield new EncodedWrite(r, null, null);
            }
        };
    }

    private static byte[] encode(ContentCodec codec, byte[] content, byte @Nullable [] base) {
        return base == null ? codec.encode(content) : codec.encodeDelta(content, base);
    }

    /** Names the write by kind and ids only: never content (PHI). */
    static String describe(StoreWrite write) {
        return switch (write) {
            case InsertMessage m -> "InsertMessage " + (m.message() == null ? null : m.message().id());
            case AddStage s -> "AddStage " + s.id() + " " + s.stage() + " " + s.destination();
            case Enqueue e -> "Enqueue " + e.id() + " to " + e.destination();
            case RecordAttempt r -> "RecordAttempt " + r.id() + " to " + r.destination();
            case CompleteDelivery c -> "CompleteDelivery " + c.id() + " to " + c.destination() + " " + c.status();
            case SetStatus s -> "SetStatus " + s.id() + " " + s.status();
            case StoreWrite.AppendAudit a -> "AppendAudit " + a.event().action();
            case StoreWrite.CreateUser u -> "CreateUser " + (u.user() == null ? null : u.user().username());
            case StoreWrite.UpdateUser u -> "UpdateUser " + u.username();
            case StoreWrite.DeleteUser u -> "DeleteUser " + u.username();
            case StoreWrite.SaveToken t -> "SaveToken " + (t.token() == null ? null : t.token().id());
            case StoreWrite.DeleteToken t -> "DeleteToken " + t.id();
            case StoreWrite.SetLane l -> "SetLane " + l.id() + " to " + l.destination() + " lane " + l.lane();
            case StoreWrite.ResetLanes r -> "ResetLanes " + r.channel() + "/" + r.destination();
        };
    }
}
