package io.conduit.hl7v2.mllp;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.Arrays;

/**
 * Reads MLLP frames ({@code <VT> message <FS><CR>}) from a stream as an explicit state machine,
 * with a bound on every frame.
 *
 * <ul>
 *   <li>AWAIT_START: bytes other than VT are collected as junk (up to the limit).</li>
 *   <li>IN_FRAME: bytes up to FS are the message; past the limit they are counted and dropped.</li>
 *   <li>After FS a CR is expected; senders that omit it are tolerated (the CR is skipped when it
 *       arrives).</li>
 * </ul>
 *
 * <p>Not thread-safe: one reader per connection.
 */
final class MllpFrameReader {

    /** What {@link #next()} found. */
    sealed interface Frame {
        /** A complete frame; {@code junkBefore} holds bytes that preceded its start block, if any. */
        record Message(byte[] content, byte[] junkBefore) implements Frame {
        }

        /** A frame longer than the limit: its first {@code limit} bytes, and its full length. */
        record Oversized(byte[] prefix, long length) implements Frame {
        }

        /**
         * The stream ended, or went idle, before a frame was complete.
         *
         * @param partial  bytes received (junk or a frame's start), possibly empty
         * @param inFrame  whether a start block had been seen
         * @param idle     true when the read timed out, false at end of stream
         * @param overflow whether the bytes outside a frame exceeded the limit
         */
        record Incomplete(byte[] partial, boolean inFrame, boolean idle, boolean overflow) implements Frame {
        }
    }

    private final InputStream in;
    private final int maxBytes;
    private final byte[] buf = new byte[16 * 1024];
    private int pos;
    private int limit;
    private boolean skipCr;

    MllpFrameReader(InputStream in, int maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /** Reads the next frame; blocks until one completes, the stream ends, or the read times out. */
    Frame next() throws IOException {
        ByteBuffer junk = new ByteBuffer(256);
        // AWAIT_START
        while (true) {
            if (pos == limit && !fill()) {
                return incomplete(junk, false);
            }
            if (pos == limit) {
                return new Frame.Incomplete(junk.toArray(), false, true, false);
            }
            byte b = buf[pos++];
            if (b == MllpConstants.START_BLOCK) {
                skipCr = false;
                break;
            }
            if (skipCr && b == MllpConstants.CARRIAGE_RETURN && junk.size() == 0) {
                skipCr = false;
                continue;
            }
            skipCr = false;
            if (junk.size() >= maxBytes) {
                return new Frame.Incomplete(junk.toArray(), false, false, true);
            }
            junk.add(b);
        }
        // IN_FRAME
        ByteBuffer content = new ByteBuffer(2048);
        long length = 0;
        while (true) {
            if (pos == limit) {
                int filled = fillOrTimeout();
                if (filled < 0) {
                    return new Frame.Incomplete(content.toArray(), true, filled == TIMED_OUT, false);
                }
            }
            int end = indexOf(buf, pos, limit, MllpConstants.END_BLOCK);
            int stop = end < 0 ? limit : end;
            int n = stop - pos;
            int room = (int) Math.max(0, Math.min(n, maxBytes - length));
            content.add(buf, pos, room);
            length += n;
            pos = stop;
            if (end >= 0) {
                pos++; // FS
                if (pos < limit) {
                    if (buf[pos] == MllpConstants.CARRIAGE_RETURN) {
                        pos++;
                    }
                } else {
                    skipCr = true;
                }
                if (length > maxBytes) {
                    return new Frame.Oversized(content.toArray(), length);
                }
                return new Frame.Message(content.toArray(), junk.toArray());
            }
        }
    }

    private static final int TIMED_OUT = -2;

    private Frame incomplete(ByteBuffer junk, boolean inFrame) {
        return new Frame.Incomplete(junk.toArray(), inFrame, false, false);
    }

    /** Fills the buffer; false at end of stream. A timeout leaves the buffer empty and returns true. */
    private boolean fill() throws IOException {
        int r = fillOrTimeout();
        return r != -1;
    }

    private int fillOrTimeout() throws IOException {
        pos = 0;
        limit = 0;
        try {
            int n = in.read(buf, 0, buf.length);
            if (n < 0) {
                return -1;
            }
            limit = n;
            return n;
        } catch (SocketTimeoutException e) {
            return TIMED_OUT;
        }
    }

    private static int indexOf(byte[] a, int from, int to, byte value) {
        for (int i = from; i < to; i++) {
            if (a[i] == value) {
                return i;
            }
        }
        return -1;
    }

    /** A growable byte array without the synchronisation of ByteArrayOutputStream. */
    private static final class ByteBuffer {
        private byte[] data;
        private int size;

        ByteBuffer(int initial) {
            data = new byte[initial];
        }

        int size() {
            return size;
        }

        void add(byte b) {
            if (size == data.length) {
                data = Arrays.copyOf(data, data.length * 2);
            }
            data[size++] = b;
        }

        void add(byte[] src, int off, int len) {
            if (len <= 0) {
                return;
            }
            if (size + len > data.length) {
                data = Arrays.copyOf(data, Math.max(data.length * 2, size + len));
            }
            System.arraycopy(src, off, data, size, len);
            size += len;
        }

        byte[] toArray() {
            return Arrays.copyOf(data, size);
        }
    }
}
