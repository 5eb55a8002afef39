package io.conduit.core.message;

/**
 * A message's identity: 64 bits that sort by creation time.
 *
 * <p>The high 42 bits are milliseconds since 2024-01-01T00:00Z, the low 22 bits a sequence within
 * that millisecond. The text form is 13 characters of Crockford base32, which sorts the same way
 * as the number. Instances come from {@link MessageIdGenerator}.
 */
public record MessageId(long value) implements Comparable<MessageId> {

    static final long EPOCH_MILLIS = 1_704_067_200_000L;
    static final int SEQUENCE_BITS = 22;
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    public MessageId {
        if (value < 0) {
            throw new IllegalArgumentException("message id must not be negative: " + value);
        }
    }

    /** Milliseconds since the Unix epoch at which this id was generated. */
    public long epochMillis() {
        return (value >>> SEQUENCE_BITS) + EPOCH_MILLIS;
    }

    /**
     * The smallest id that can be generated at {@code instant}: every id made at or after it is at
     * least this (ids never run behind the clock; they may run ahead of it).
     */
    public static MessageId lowestAt(java.time.Instant instant) {
        long millis = instant.toEpochMilli() - EPOCH_MILLIS;
        return new MessageId(millis <= 0 ? 0 : millis << SEQUENCE_BITS);
    }

    /** Parses the 13-character text form produced by {@link #toString()}. */
    public static MessageId parse(String text) {
        if (text.length() != 13) {
            throw new IllegalArgumentException("message id must be 13 characters, got " + text.length());
        }
        long v = 0;
        for (int i = 0; i < 13; i++) {
            int d = digit(Character.toUpperCase(text.charAt(i)));
            if (d < 0) {
                throw new IllegalArgumentException("message id has an invalid character at " + (i + 1) + ": " + text);
            }
            v = (v << 5) | d;
        }
        return new MessageId(v);
    }

    private static int digit(char c) {
        for (int i = 0; i < ALPHABET.length; i++) {
            if (ALPHABET[i] == c) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public int compareTo(MessageId other) {
        return Long.compare(value, other.value);
    }

    @Override
    public String toString() {
        char[] out = new char[13];
        long v = value;
        for (int i = 12; i >= 0; i--) {
            out[i] = ALPHABET[(int) (v & 31)];
            v >>>= 5;
        }
        return new String(out);
    }
}
