/**
 * The audit log: an append-only record of who did what (a resend, a redeploy, a view of message
 * content), each entry chained to the previous one by a SHA-256 hash so that editing or deleting
 * an entry is detected by {@link io.conduit.core.audit.AuditChain#verify}. Entries name channels
 * and message ids, never message content.
 */
@NullMarked
package io.conduit.core.audit;

import org.jspecify.annotations.NullMarked;
