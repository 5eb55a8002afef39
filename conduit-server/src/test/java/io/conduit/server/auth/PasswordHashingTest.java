package io.conduit.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeout;

import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Argon2id hashes in PHC form: round trips, salting, and stored hashes that must not be trusted. */
class PasswordHashingTest {

    /** Cheap parameters (64 KiB, 1 pass) so the tests are fast; the format and checks are the same. */
    private final PasswordHashing cheap = new PasswordHashing(64, 1, 1);

    private static final String SALT = Base64.getEncoder().withoutPadding().encodeToString(new byte[16]);
    private static final String HASH = Base64.getEncoder().withoutPadding().encodeToString(new byte[32]);

    @Test
    void hash_thenMatchesSamePassword() {
        String encoded = cheap.hash("correct horse battery staple".toCharArray());
        assertThat(cheap.matches("correct horse battery staple".toCharArray(), encoded)).isTrue();
    }

    @Test
    void matches_wrongPassword_isFalse() {
        String encoded = cheap.hash("correct horse battery staple".toCharArray());
        assertThat(cheap.matches("correct horse battery stapler".toCharArray(), encoded)).isFalse();
        assertThat(cheap.matches("".toCharArray(), encoded)).isFalse();
    }

    @Test
    void hash_samePasswordTwice_differsBySalt_andBothMatch() {
        String a = cheap.hash("same password here".toCharArray());
        String b = cheap.hash("same password here".toCharArray());
        assertThat(a).isNotEqualTo(b);
        assertThat(a.split("\\$")[4]).isNotEqualTo(b.split("\\$")[4]);
        assertThat(cheap.matches("same password here".toCharArray(), a)).isTrue();
        assertThat(cheap.matches("same password here".toCharArray(), b)).isTrue();
    }

    @Test
    void hash_isPhcString_withParametersSalt16AndHash32() {
        String encoded = cheap.hash("a password".toCharArray());
        assertThat(encoded).matches("\\$argon2id\\$v=19\\$m=64,t=1,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(encoded).doesNotContain("a password");
    }

    @Test
    void defaultConstructor_usesOwaspMinimum_andRoundTrips() {
        PasswordHashing owasp = new PasswordHashing();
        String encoded = owasp.hash("a longer passphrase".toCharArray());
        assertThat(encoded).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(owasp.matches("a longer passphrase".toCharArray(), encoded)).isTrue();
    }

    @Test
    void matches_hashMadeWithOtherParameters_usesTheParametersInTheHash() {
        String stronger = new PasswordHashing(128, 2, 2).hash("parameters travel".toCharArray());
        assertThat(cheap.matches("parameters travel".toCharArray(), stronger)).isTrue();
        assertThat(cheap.matches("parameters travel!".toCharArray(), stronger)).isFalse();
    }

    @Test
    void matches_nonAsciiPassword_roundTrips() {
        String encoded = cheap.hash("pässwörd ✓ 密码".toCharArray());
        assertThat(cheap.matches("pässwörd ✓ 密码".toCharArray(), encoded)).isTrue();
        assertThat(cheap.matches("passwort ✓ 密码".toCharArray(), encoded)).isFalse();
    }

    @Test
    void matches_hashWithOneBitChanged_isFalse() {
        String encoded = cheap.hash("tamper with me".toCharArray());
        String[] parts = encoded.split("\\$");
        byte[] hash = Base64.getDecoder().decode(parts[5]);
        hash[0] ^= 1;
        String tampered = "$" + parts[1] + "$" + parts[2] + "$" + parts[3] + "$" + parts[4] + "$"
                + Base64.getEncoder().withoutPadding().encodeToString(hash);
        assertThat(cheap.matches("tamper with me".toCharArray(), tampered)).isFalse();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "",
            "plain text password",
            "$argon2id$",
            "$argon2i$v=19$m=64,t=1,p=1$SALT$HASH",
            "$argon2d$v=19$m=64,t=1,p=1$SALT$HASH",
            "$argon2id$v=16$m=64,t=1,p=1$SALT$HASH",
            "$argon2id$v=19$m=64,t=1$SALT$HASH",
            "$argon2id$v=19$m=64$SALT$HASH",
            "$argon2id$v=19$$SALT$HASH",
            "$argon2id$v=19$m=abc,t=1,p=1$SALT$HASH",
            "$argon2id$v=19$m=,t=1,p=1$SALT$HASH",
            "$argon2id$v=19$m=64,t=1,p=1$not*base64$HASH",
            "$argon2id$v=19$m=64,t=1,p=1$SALT$not*base64",
            "$argon2id$v=19$m=64,t=1,p=1$SALT",
            "$argon2id$v=19$m=64,t=1,p=1$SALT$HASH$extra",
            "$argon2id$v=19$m=64,t=1,p=1$SALT$AAAA",
            "$argon2id$v=19$m=64,t=1,p=1$SALT$" + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "$argon2id$v=19$m=7,t=1,p=1$SALT$HASH",
            "$argon2id$v=19$m=-64,t=1,p=1$SALT$HASH",
            "$argon2id$v=19$m=64,t=0,p=1$SALT$HASH",
            "$argon2id$v=19$m=64,t=17,p=1$SALT$HASH",
            "$argon2id$v=19$m=64,t=1,p=0$SALT$HASH",
            "$argon2id$v=19$m=64,t=1,p=17$SALT$HASH",
            "$argon2id$v=19$m=64,t=2147483648,p=1$SALT$HASH",
            "$argon2id$v=19$m=2147483648,t=1,p=1$SALT$HASH",
            "$argon2id$v=19$m=4194305,t=1,p=1$SALT$HASH",
            "$argon2id$v=19$m=4194304,t=1,p=1$SALT$HASH",
            "$argon2id$v=19$m=1048576,t=1,p=1$SALT$HASH",
            "$argon2id$v=19$m=262145,t=1,p=1$SALT$HASH"})
    void matches_malformedOrAbsurdHash_isFalse_quickly_withoutThrowing(String template) {
        String encoded = template.replace("SALT", SALT).replace("HASH", HASH);
        // Absurd parameters must be refused before any work: no gigabytes allocated, no minutes spent.
        boolean matched = assertTimeout(Duration.ofSeconds(2), () -> cheap.matches("password".toCharArray(), encoded));
        assertThat(matched).isFalse();
    }

    @Test
    void matchesNothing_isFalse_evenForTheDecoyPassword() {
        assertThat(cheap.matchesNothing("anything at all".toCharArray())).isFalse();
        assertThat(cheap.matchesNothing("decoy password that matches nothing".toCharArray())).isFalse();
        assertThat(cheap.matchesNothing(new char[0])).isFalse();
    }
}
