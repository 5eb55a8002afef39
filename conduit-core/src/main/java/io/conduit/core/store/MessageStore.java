package io.conduit.core.store;

import io.conduit.core.message.MessageId;
import io.conduit.core.message.MessageStatus;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where every message, its history and the destination queues are kept.
 *
 * <p><b>Writes</b> go through {@link #submit}: a single writer commits whatever has been submitted
 * meanwhile in one transaction (group commit), so concurrent messages share one fsync. The
 * returned future completes only after the commit is durable; a source acknowledges only then.
 *
 * <p><b>Reads</b> may run concurrently with writes and see committed data only.
 *
 * <p>Thread-safe. Implementations never log message content.
 */
public interface MessageStore extends AutoCloseable {

    /**
     * Commits the writes atomically, together with other submitters' writes.
     *
     * @return completes after a durable commit, or exceptionally with a {@link StoreException}
     */
    CompletableFuture<Void> submit(List<StoreWrite> writes);

    /** Submits and waits for the commit. */
    default void write(List<StoreWrite> writes) throws StoreException {
        try {
            submit(writes).join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof StoreException se) {
                throw se;
            }
            throw new StoreException("store write failed: " + e.getCause(), e.getCause());
        }
    }

    /**
     * The next entries of a destination queue, in queue order: at most {@code limit}, and fewer
     * when their contents are large (implementations bound a page's bytes; at least one entry is
     * returned when any is queued).
     *
     * @param lane     only the entries of this lane ({@link DeliveryLane#ALL} for the whole queue)
     * @param afterSeq only entries with a larger seq (0 for the head of the queue)
     */
    List<QueuedDelivery> pending(String channel, String destination, DeliveryLane lane, long afterSeq, int limit)
            throws StoreException;

    /** The next entries of the whole queue: {@link #pending(String, String, DeliveryLane, long, int)} of {@link DeliveryLane#ALL}. */
    default List<QueuedDelivery> pending(String channel, String destination, long afterSeq, int limit) throws StoreException {
        return pending(channel, destination, DeliveryLane.ALL, afterSeq, limit);
    }

    /**
     * Puts every open (queued or errored) delivery of a destination in the lane {@code laneOf}
     * gives for its message's metadata, writing only those that move; with one lane, all in lane 0.
     * A channel calls this before its delivery workers start, so a changed lane count or key
     * cannot let a message overtake an earlier one of the same key. Blocks until committed.
     */
    void assignLanes(String channel, String destination, int lanes,
                     java.util.function.ToIntFunction<io.conduit.core.message.Metadata> laneOf) throws StoreException;

    /** How many messages wait in a destination queue. */
    long queueDepth(String channel, String destination) throws StoreException;

    Optional<StoredMessage> find(MessageId id) throws StoreException;

    /** Audit entries after {@code afterSeq}, oldest first, at most {@code limit}. */
    List<io.conduit.core.audit.AuditEntry> audit(long afterSeq, int limit) throws StoreException;

    /** Reports every commit to {@code observer} from now on ({@link CommitObserver#NONE} to stop). */
    default void observeCommits(CommitObserver observer) {
    }

    /** The messages made from {@code parent} (split from it or handed over to another channel), oldest first. */
    List<MessageId> children(MessageId parent) throws StoreException;

    /**
     * A message's history in the order it happened: RECEIVED first (from the message itself), one
     * QUEUED per destination it was queued for (from its deliveries, at its received time), and
     * every stage written with {@link StoreWrite.AddStage} or by a delivery's outcome.
     */
    List<StageRecord> stages(MessageId id) throws StoreException;

    /** The message's deliveries, one per destination it was queued for. */
    List<DeliveryRecord> deliveries(MessageId id) throws StoreException;

    /** Ids of messages whose delivery to a destination has the given status, oldest first. */
    List<MessageId> deliveriesWithStatus(String channel, String destination, MessageStatus status, int limit)
            throws StoreException;

    Page<MessageSummary> search(MessageQuery query) throws StoreException;

    /**
     * What was sent (or will be sent) to a destination: the destination's own payload, the source
     * steps' output, or the received content; empty when the message was never queued there.
     */
    Optional<byte[]> deliveryContent(MessageId id, String destination) throws StoreException;

    /** When the message at the head of a destination queue was received; empty when the queue is empty. */
    Optional<java.time.Instant> oldestQueued(String channel, String destination) throws StoreException;

    /** Audit entries matching the query, newest first, at most {@code query.limit()}. */
    List<io.conduit.core.audit.AuditEntry> auditSearch(AuditQuery query) throws StoreException;

    /** A control-plane user by name. */
    Optional<UserRecord> user(String username) throws StoreException;

    /** Every control-plane user, by name. */
    List<UserRecord> users() throws StoreException;

    /** An API token by its id. */
    Optional<ApiTokenRecord> token(String id) throws StoreException;

    /** Every API token, newest first. */
    List<ApiTokenRecord> tokens() throws StoreException;

    /** Commits what was submitted and releases connections. Idempotent. */
    @Override
    void close();
}
