package io.conduit.core.store;

import io.conduit.core.message.Message;
import io.conduit.core.message.MessageId;
import io.conduit.core.message.MessageStatus;
import io.conduit.core.message.Stage;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One change to the store. A channel submits several together (a message, its stages and its
 * queue entries) and they commit atomically, sharing one fsync with other channels' changes.
 */
public sealed interface StoreWrite {

    /**
     * Stores a received message and its RECEIVED stage.
     *
     * @param status RECEIVED, FILTERED, QUEUED or ERRORED
     * @param error  the reason when ERRORED, else null; no PHI
     */
    record InsertMessage(Message message, MessageStatus status, @Nullable String error) implements StoreWrite {
    }

    /**
     * Records one stage in a message's history. RECEIVED and QUEUED are not recorded this way: they
     * come with {@link InsertMessage} and {@link Enqueue}.
     *
     * @param destination the destination name, or {@code ""} for the source side
     * @param detail      a short description (filter rule, error reason, peer's verdict), no PHI
     * @param content     content produced at this stage (transformed message, peer response), or null
     */
    record AddStage(MessageId id, String destination, Stage stage, Instant at, @Nullable String detail,
                    byte @Nullable [] content) implements StoreWrite {
    }

    /**
     * Puts a message in a destination's queue with status QUEUED, behind everything already there.
     * The message's history shows one QUEUED stage per destination it was ever queued for, at its
     * received time (a resend records RESENT, not a second QUEUED).
     * When the message was queued for that destination before (a resend), its delivery starts over
     * (attempts reset) at the back of the queue, keeping its earlier payload when {@code payload} is
     * null, and the message's status becomes QUEUED.
     *
     * @param payload               the bytes to send when they differ from the received content (a
     *                              destination transformer changed them), else null
     * @param sendSourceTransformed with a null payload: send the content of the message's source-side
     *                              TRANSFORMED stage (written in the same commit), so the source steps'
     *                              output is stored once, not once more per destination
     * @param lane                  the delivery lane ({@link DeliveryLane#of}); null keeps the lane of
     *                              an earlier enqueue (0 when there was none)
     */
    record Enqueue(MessageId id, String channel, String destination, byte @Nullable [] payload,
                   boolean sendSourceTransformed, @Nullable Integer lane) implements StoreWrite {

        public Enqueue {
            if (lane != null && lane < 0) {
                throw new IllegalArgumentException("lane must not be negative, got " + lane);
            }
        }

        /**
         * Sends {@code payload}, or when null the received content. A resend: a null payload sends
         * what it sent before, and the entry keeps its lane.
         */
        public Enqueue(MessageId id, String channel, String destination, byte @Nullable [] payload) {
            this(id, channel, destination, payload, false, null);
        }
    }

    /** Moves an open (queued or errored) delivery to another lane: the destination's lanes changed. */
    record SetLane(MessageId id, String destination, int lane) implements StoreWrite {
    }

    /** Puts every open delivery of a destination back in lane 0: it has a single lane again. */
    record ResetLanes(String channel, String destination) implements StoreWrite {
    }

    /**
     * Records a failed attempt on a queued delivery (it stays queued).
     */
    record RecordAttempt(MessageId id, String destination, int attempts, String error) implements StoreWrite {
    }

    /**
     * Takes a delivery out of its queue with its final status, and records the matching SENT or
     * ERRORED stage (with {@code detail} and {@code response}) in the message's history. When the status is SENT and no
     * other delivery of the message is QUEUED or ERRORED, the message's status becomes SENT; when
     * ERRORED, the message's status becomes ERRORED.
     *
     * @param status   SENT or ERRORED
     * @param detail   the peer's verdict or the reason given up, no PHI
     * @param response the peer's response, or null
     */
    record CompleteDelivery(MessageId id, String destination, MessageStatus status, int attempts,
                            @Nullable String detail, byte @Nullable [] response, Instant at) implements StoreWrite {
    }

    /** Sets a message's overall status (and error reason when ERRORED, else clears it). */
    record SetStatus(MessageId id, MessageStatus status, @Nullable String error) implements StoreWrite {
    }

    /**
     * Appends an event to the audit log, chained to the last entry (the store assigns the next
     * sequence number and computes the hash in its single writer, so the chain has no forks).
     */
    record AppendAudit(io.conduit.core.audit.AuditEvent event, java.time.Instant at) implements StoreWrite {
    }

    /** Creates a control-plane user; fails when the username exists. */
    record CreateUser(UserRecord user) implements StoreWrite {
    }

    /**
     * Changes the given fields of a user and leaves the others as they are, so concurrent changes
     * of different fields (a password change and a disable) cannot undo each other; fails when
     * there is no such user.
     *
     * @param passwordHash the new hash, or null to keep it
     * @param role         the new role, or null to keep it
     * @param disabled     the new flag, or null to keep it
     */
    record UpdateUser(String username, @Nullable String passwordHash, @Nullable String role, @Nullable Boolean disabled)
            implements StoreWrite {
    }

    /** Removes a control-plane user (no-op when absent). */
    record DeleteUser(String username) implements StoreWrite {
    }

    /** Stores a new API token. */
    record SaveToken(ApiTokenRecord token) implements StoreWrite {
    }

    /** Revokes an API token by deleting it (no-op when absent). */
    record DeleteToken(String id) implements StoreWrite {
    }
}
