package io.conduit.store.jdbc;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdDictContentType;
import java.util.Arrays;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import org.jspecify.annotations.Nullable;

/**
 * The stored form of content: a 1-byte format header, then the bytes.
 *
 * <pre>
 *   0x00 | raw bytes
 *   0x01 | original length (4 bytes, big-endian) | LZ4 block
 *   0x02 | original length (4 bytes, big-endian) | zstd frame compressed with the message's
 *          received content as dictionary (a "delta": transformed content and payloads)
 * </pre>
 *
 * <p>Transformed content is mostly the received message with a few fields changed. Compressed
 * against the received content, it shrinks to about the size of the changes, so storing every
 * stage costs little write volume (the store's bottleneck). Decoding it needs the received content,
 * which every reader of stage content or payloads has at hand.
 *
 * <p>Small contents stay raw (compressing them costs more than it saves), and so does content LZ4
 * cannot shrink. The header lets the format evolve (another codec, encryption at rest) without
 * rewriting old rows.
 *
 * <p>Decompression uses lz4-java's pure-Java "safe" decompressor on purpose: it bounds-checks
 * every copy, so a damaged row fails with an exception, not with memory corruption (the JNI and
 * {@code Unsafe} decompressors trust their input). Compression reads only our own bytes, so it
 * uses the JNI compressor where the native library loads: the safe Java compressor was the single
 * largest CPU cost of the MLLP ingest path (about 14% of engine samples in the load tool's
 * profile). It falls back to the safe compressor elsewhere. Thread-safe.
 */
final class ContentCodec {

    private static LZ4Compressor compressor() {
        try {
            return LZ4Factory.nativeInstance().fastCompressor();
        } catch (Throwable nativeUnavailable) {
            return LZ4Factory.safeInstance().fastCompressor();
        }
    }

    static final byte RAW = 0;
    static final byte LZ4 = 1;
    static final byte DELTA = 2;
    private static final int LZ4_HEADER = 5;
    private static final int DELTA_LEVEL = 1;

    private static final LZ4Compressor COMPRESSOR = compressor();
    private static final LZ4SafeDecompressor DECOMPRESSOR = LZ4Factory.safeInstance().safeDecompressor();

    private final int compressAbove;

    /** @param compressAbove contents shorter than this many bytes are stored raw */
    ContentCodec(int compressAbove) {
        this.compressAbove = compressAbove;
    }

    byte[] encode(byte[] content) {
        if (content.length >= compressAbove && content.length > LZ4_HEADER) {
            int max = COMPRESSOR.maxCompressedLength(content.length);
            byte[] out = new byte[LZ4_HEADER + max];
            int written = COMPRESSOR.compress(content, 0, content.length, out, LZ4_HEADER, max);
            // Worth it only when the compressed form plus its header is smaller than raw.
            if (LZ4_HEADER + written < content.length + 1) {
                out[0] = LZ4;
                putInt(out, 1, content.length);
                return Arrays.copyOf(out, LZ4_HEADER + written);
            }
        }
        byte[] out = new byte[content.length + 1];
        out[0] = RAW;
        System.arraycopy(content, 0, out, 1, content.length);
        return out;
    }

    /**
     * Encodes content derived from {@code base} (the message's received content): as a delta when
     * that is smaller than {@link #encode}'s form.
     */
    byte[] encodeDelta(byte[] content, byte[] base) {
        byte[] plain = encode(content);
        if (content.length < compressAbove) {
            return plain;
        }
        byte[] out = new byte[LZ4_HEADER + (int) Zstd.compressBound(content.length)];
        int written;
        ZstdCompressCtx ctx = null;
        try {
            ctx = COMPRESSORS.borrow();
            ctx.loadDict(base, ZstdDictContentType.RAW_CONTENT);
            written = ctx.compressByteArray(out, LZ4_HEADER, out.length - LZ4_HEADER, content, 0, content.length);
        } catch (LinkageError nativeUnavailable) {
            return plain; // zstd's native library did not load on this platform: store it whole
        } catch (RuntimeException e) {
            return plain;
        } finally {
            if (ctx != null) {
                COMPRESSORS.giveBack(ctx);
            }
        }
        if (LZ4_HEADER + written >= plain.length) {
            return plain;
        }
        out[0] = DELTA;
        putInt(out, 1, content.length);
        return Arrays.copyOf(out, LZ4_HEADER + written);
    }

    /**
     * zstd contexts are costly to create (native work memory), so a few of each kind are kept for
     * reuse; each is used by one thread at a time.
     */
    private static final class ContextPool<T> {
        private static final int KEPT = 8;
        private final java.util.concurrent.ConcurrentLinkedQueue<T> kept = new java.util.concurrent.ConcurrentLinkedQueue<>();
        private final java.util.function.Supplier<T> create;
        private final java.util.function.Consumer<T> close;

        ContextPool(java.util.function.Supplier<T> create, java.util.function.Consumer<T> close) {
            this.create = create;
            this.close = close;
        }

        T borrow() {
            T context = kept.poll();
            return context != null ? context : create.get();
        }

        void giveBack(T context) {
            if (kept.size() < KEPT) {
                kept.offer(context);
            } else {
                close.accept(context);
            }
        }
    }

    private static final ContextPool<ZstdCompressCtx> COMPRESSORS =
            new ContextPool<>(() -> new ZstdCompressCtx().setLevel(DELTA_LEVEL), ZstdCompressCtx::close);
    private static final ContextPool<ZstdDecompressCtx> DECOMPRESSORS =
            new ContextPool<>(ZstdDecompressCtx::new, ZstdDecompressCtx::close);

    /** Whether {@code stored} is a delta, which {@link #decode(byte[], byte[])} needs the received content for. */
    static boolean isDelta(byte @Nullable [] stored) {
        return stored != null && stored.length > 0 && stored[0] == DELTA;
    }

    /**
     * Decodes any format; {@code base} (the message's received content, decoded) is needed for a
     * delta only.
     *
     * @throws IllegalStateException when the stored bytes are damaged or a delta comes without its base
     */
    static byte[] decode(byte[] stored, byte @Nullable [] base) {
        if (!isDelta(stored)) {
            return decode(stored);
        }
        if (base == null) {
            throw new IllegalStateException("stored content is a delta against the received content, which was not given");
        }
        if (stored.length < LZ4_HEADER) {
            throw new IllegalStateException("stored delta content is truncated: " + stored.length + " bytes");
        }
        int length = getInt(stored, 1);
        if (length < 0) {
            throw new IllegalStateException("stored delta content has a negative length: " + length);
        }
        byte[] out = new byte[length];
        long n;
        ZstdDecompressCtx ctx = DECOMPRESSORS.borrow();
        try {
            ctx.loadDict(base, ZstdDictContentType.RAW_CONTENT);
            n = ctx.decompressByteArray(out, 0, length, stored, LZ4_HEADER, stored.length - LZ4_HEADER);
        } catch (RuntimeException e) {
            throw new IllegalStateException("stored delta content is corrupt: " + e.getMessage(), e);
        } finally {
            DECOMPRESSORS.giveBack(ctx);
        }
        if (Zstd.isError(n) || n != length) {
            throw new IllegalStateException("stored delta content is corrupt"
                    + (Zstd.isError(n) ? ": " + Zstd.getErrorName(n) : " (" + n + " bytes, expected " + length + ")"));
        }
        return out;
    }

    /** @throws IllegalStateException when the stored bytes are not in a known format */
    static byte[] decode(byte[] stored) {
        if (stored.length == 0) {
            throw new IllegalStateException("stored content is empty: missing its format header");
        }
        switch (stored[0]) {
            case RAW -> {
                return Arrays.copyOfRange(stored, 1, stored.length);
            }
            case LZ4 -> {
                if (stored.length < LZ4_HEADER) {
                    throw new IllegalStateException("stored LZ4 content is truncated: " + stored.length + " bytes");
                }
                int length = getInt(stored, 1);
                if (length < 0) {
                    throw new IllegalStateException("stored LZ4 content has a negative length: " + length);
                }
                byte[] out = new byte[length];
                try {
                    int n = DECOMPRESSOR.decompress(stored, LZ4_HEADER, stored.length - LZ4_HEADER, out, 0, length);
                    if (n != length) {
                        throw new IllegalStateException("stored LZ4 content decompressed to " + n + " bytes, expected " + length);
                    }
                } catch (LZ4Exception e) {
                    throw new IllegalStateException("stored LZ4 content is corrupt: " + e.getMessage(), e);
                }
                return out;
            }
            case DELTA -> throw new IllegalStateException("stored content is a delta: decode it with the received content");
            default -> throw new IllegalStateException("unknown stored content format " + stored[0]
                    + " (this store understands 0 = raw, 1 = LZ4 and 2 = delta; was the database written by a newer version?)");
        }
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private static int getInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }
}
