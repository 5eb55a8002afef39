package io.conduit.server.auth;

import io.conduit.core.store.ApiTokenRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The shape of API tokens: {@code cdt_<id>_<secret>}. The id finds the stored record; only a
 * SHA-256 of the secret is stored (a token has 256 random bits, so a fast hash is enough — unlike
 * a password, it cannot be guessed from a dictionary). The {@code cdt_} prefix lets secret scanners
 * recognise a leaked token.
 */
public final class ApiTokens {

    /** What every token starts with. */
    public static final String PREFIX = "cdt_";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();

    private ApiTokens() {
    }

    /** A freshly generated token: its id, its secret, and the full text shown once to its creator. */
    public record Generated(String id, String secret, String text) {
        @Override
        public String toString() {
            return "Generated[id=" + id + "]";
        }
    }

    public static Generated generate() {
        char[] id = new char[12];
        for (int i = 0; i < id.length; i++) {
            id[i] = ID_ALPHABET[RANDOM.nextInt(ID_ALPHABET.length)];
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String idText = new String(id);
        String secretText = Base64.getUrlEncoder().withoutPadding().encodeToString(secret).replace('_', '-');
        return new Generated(idText, secretText, PREFIX + idText + "_" + secretText);
    }

    /** The id and secret of a presented token, or empty when it does not have a token's shape. */
    public static Optional<Generated> parse(String text) {
        if (!text.startsWith(PREFIX)) {
            return Optional.empty();
        }
        int sep = text.indexOf('_', PREFIX.length());
        if (sep < 0 || sep == PREFIX.length() || sep == text.length() - 1 || text.length() > 200) {
            return Optional.empty();
        }
        return Optional.of(new Generated(text.substring(PREFIX.length(), sep), text.substring(sep + 1), text));
    }

    /** The stored form of a secret. */
    public static String hashSecret(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Whether {@code secret} is the one {@code record} was made for, compared in constant time. */
    public static boolean matches(ApiTokenRecord record, String secret) {
        return MessageDigest.isEqual(record.secretHash().getBytes(StandardCharsets.US_ASCII),
                hashSecret(secret).getBytes(StandardCharsets.US_ASCII));
    }
}
