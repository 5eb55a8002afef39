package io.conduit.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes in the PHC string format
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}), so the parameters travel with each hash and
 * can be raised later without breaking stored ones. Defaults follow OWASP's Argon2id minimum
 * (19 MiB, 2 passes, 1 lane): about 30-60 ms per check here, slow for a guesser and fine for a
 * login. Thread-safe.
 */
public final class PasswordHashing {

    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    /**
     * The most memory a stored hash may ask for: 256 MiB, over 13 times the default, so room to
     * raise it, yet no stored hash can make one login allocate gigabytes.
     */
    static final int MAX_MEMORY_KIB = 1 << 18;

    private final int memoryKib;
    private final int iterations;
    private final int parallelism;
    private final SecureRandom random = new SecureRandom();
    /**
     * Hashes running at once. Each takes {@code memoryKib} of heap: unbounded, a burst of parallel
     * logins would exhaust the heap and stop message processing. More than the cores would not
     * finish sooner anyway.
     */
    private final java.util.concurrent.Semaphore permits = new java.util.concurrent.Semaphore(
            Math.max(2, Runtime.getRuntime().availableProcessors()));
    /** Checked against when a user does not exist, so the answer takes as long as for one who does. */
    private final String decoy;

    /** OWASP's recommended minimum: m=19456 KiB, t=2, p=1. */
    public PasswordHashing() {
        this(19_456, 2, 1);
    }

    PasswordHashing(int memoryKib, int iterations, int parallelism) {
        this.memoryKib = memoryKib;
        this.iterations = iterations;
        this.parallelism = parallelism;
        this.decoy = hash("decoy password that matches nothing".toCharArray());
    }

    /** A new salted hash of {@code password}. */
    public String hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] out = derive(password, salt, memoryKib, iterations, parallelism, HASH_BYTES);
        return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism + "$" + B64.encodeToString(salt)
                + "$" + B64.encodeToString(out);
    }

    /**
     * Whether {@code password} matches {@code encoded}; false for a malformed hash. Compares in
     * constant time.
     */
    public boolean matches(char[] password, String encoded) {
        String[] parts = encoded.split("\\$");
        // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
        if (parts.length != 6 || !"argon2id".equals(parts[1]) || !"v=19".equals(parts[2])) {
            return false;
        }
        int m;
        int t;
        int p;
        byte[] salt;
        byte[] expected;
        try {
            String[] params = parts[3].split(",");
            m = Integer.parseInt(params[0].substring(2));
            t = Integer.parseInt(params[1].substring(2));
            p = Integer.parseInt(params[2].substring(2));
            salt = B64D.decode(parts[4]);
            expected = B64D.decode(parts[5]);
        } catch (RuntimeException e) {
            return false;
        }
        if (m < 8 || m > MAX_MEMORY_KIB || t < 1 || t > 16 || p < 1 || p > 16 || expected.length < 16 || expected.length > 64) {
            return false; // a stored hash must not make a login take minutes or gigabytes
        }
        byte[] actual = derive(password, salt, m, t, p, expected.length);
        return MessageDigest.isEqual(actual, expected);
    }

    /** Spends the same work as a real check, for a user that does not exist. Always false. */
    public boolean matchesNothing(char[] password) {
        matches(password, decoy);
        return false;
    }

    /** Too many hashes are running: the caller should answer "busy, retry shortly". */
    public static final class Busy extends RuntimeException {
        Busy() {
            super("too many password checks at once; try again in a moment");
        }
    }

    private byte[] derive(char[] password, byte[] salt, int m, int t, int p, int length) {
        try {
            if (!permits.tryAcquire(5, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new Busy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Busy();
        }
        try {
            return argon2(password, salt, m, t, p, length);
        } finally {
            permits.release();
        }
    }

    private static byte[] argon2(char[] password, byte[] salt, int m, int t, int p, int length) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(m).withIterations(t).withParallelism(p).withSalt(salt).build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(params);
        byte[] out = new byte[length];
        java.nio.ByteBuffer encoded = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(password));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        try {
            generator.generateBytes(bytes, out);
        } finally {
            java.util.Arrays.fill(bytes, (byte) 0);
            if (encoded.hasArray()) {
                java.util.Arrays.fill(encoded.array(), (byte) 0);
            }
        }
        return out;
    }
}
