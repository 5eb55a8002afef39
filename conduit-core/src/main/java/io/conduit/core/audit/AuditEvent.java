package io.conduit.core.audit;

import java.util.List;
import java.util.Objects;

/**
 * Something to record in the audit log.
 *
 * @param actor      who: a user name, a token's name, or the OS user running the CLI
 * @param address    from where: a client address, or {@code cli}
 * @param action     what, as a short verb: {@code resend}, {@code redeploy}, {@code view-content} …
 * @param channel    the channel concerned, or empty
 * @param messageIds the messages concerned (ids only, never content)
 * @param detail     a short description without PHI
 */
public record AuditEvent(String actor, String address, String action, String channel, List<String> messageIds,
                         String detail) {

    public AuditEvent {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(channel, "channel");
        messageIds = List.copyOf(messageIds);
        Objects.requireNonNull(detail, "detail");
    }
}
