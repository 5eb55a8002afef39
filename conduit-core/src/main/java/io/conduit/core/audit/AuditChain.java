package io.conduit.core.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The hash chain of the audit log. Each entry's hash is SHA-256 over its sequence number, time,
 * fields and the previous entry's hash, so changing an entry changes its hash, and deleting one
 * breaks the link of the next (and leaves a gap in the sequence). Removing entries from the end
 * is not detectable from the chain alone; exported copies or an external checkpoint of the last
 * hash cover that.
 */
public final class AuditChain {

    /** The "previous hash" of the first entry. */
    public static final String GENESIS = "0".repeat(64);

    private AuditChain() {
    }

    /** The hash of an entry with these values. */
    public static String hash(long seq, Instant at, AuditEvent e, String previousHash) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {Long.toString(seq), Long.toString(at.toEpochMilli()), e.actor(), e.address(),
                    e.action(), e.channel(), String.join(",", e.messageIds()), e.detail(), previousHash}) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                // Length-prefixed, so moving text from one field to the next changes the hash.
                digest.update(new byte[] {(byte) (bytes.length >>> 24), (byte) (bytes.length >>> 16),
                        (byte) (bytes.length >>> 8), (byte) bytes.length});
                digest.update(bytes);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is part of every JDK", ex);
        }
    }

    /** Checks entries in sequence order; feed them with {@link #next}. */
    public static final class Verifier {
        private long expectedSeq = 1;
        private String previousHash = GENESIS;
        private Optional<String> problem = Optional.empty();
        private long checked;

        /** Checks one entry; returns false once a problem was found (later entries are not checked). */
        public boolean next(AuditEntry entry) {
            if (problem.isPresent()) {
                return false;
            }
            if (entry.seq() != expectedSeq) {
                problem = Optional.of(entry.seq() > expectedSeq
                        ? "entry " + expectedSeq + (entry.seq() - expectedSeq > 1 ? " to " + (entry.seq() - 1) : "") + " missing (deleted)"
                        : "entry " + entry.seq() + " out of order");
                return false;
            }
            if (!entry.previousHash().equals(previousHash)) {
                problem = Optional.of("entry " + entry.seq() + " does not follow entry " + (entry.seq() - 1)
                        + " (an entry before it was changed or replaced)");
                return false;
            }
            String recomputed = hash(entry.seq(), entry.at(), entry.event(), entry.previousHash());
            if (!recomputed.equals(entry.hash())) {
                problem = Optional.of("entry " + entry.seq() + " was changed after it was written");
                return false;
            }
            previousHash = entry.hash();
            expectedSeq++;
            checked++;
            return true;
        }

        /** The first problem found, if any. */
        public Optional<String> problem() {
            return problem;
        }

        /** How many entries verified. */
        public long checked() {
            return checked;
        }
    }
}
