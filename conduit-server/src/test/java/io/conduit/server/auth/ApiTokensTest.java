package io.conduit.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.conduit.core.store.ApiTokenRecord;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The {@code cdt_<id>_<secret>} token shape and the stored SHA-256 of the secret. */
class ApiTokensTest {

    @Test
    void generate_thenParse_roundTrips() {
        ApiTokens.Generated generated = ApiTokens.generate();
        assertThat(generated.text()).isEqualTo("cdt_" + generated.id() + "_" + generated.secret());
        ApiTokens.Generated parsed = ApiTokens.parse(generated.text()).orElseThrow();
        assertThat(parsed.id()).isEqualTo(generated.id());
        assertThat(parsed.secret()).isEqualTo(generated.secret());
        assertThat(parsed.text()).isEqualTo(generated.text());
    }

    @Test
    void generate_idHas12UnambiguousCharacters_secretHas256Bits_noUnderscoreInEither() {
        ApiTokens.Generated generated = ApiTokens.generate();
        assertThat(generated.id()).matches("[a-km-np-z2-9]{12}");
        assertThat(generated.secret()).matches("[A-Za-z0-9-]{43}"); // 32 bytes, base64url with '_' replaced
        assertThat(generated.toString()).doesNotContain(generated.secret());
    }

    @Test
    void generate_manyTimes_neverRepeats_andEveryOneParses() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            ApiTokens.Generated g = ApiTokens.generate();
            assertThat(ids.add(g.id())).isTrue();
            assertThat(ApiTokens.parse(g.text())).hasValueSatisfying(p -> assertThat(p.secret()).isEqualTo(g.secret()));
        }
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @ValueSource(strings = {
            "", "cdt_", "cdt", "cdx_abcdefghijkm_secret", "CDT_abcdefghijkm_secret", "Bearer cdt_abcdefghijkm_secret",
            "cdt_abcdefghijkm", "cdt__secret", "cdt_abcdefghijkm_", "eyJhbGciOiJSUzI1NiJ9.e30.sig"})
    void parse_notATokenShape_isEmpty(String text) {
        assertThat(ApiTokens.parse(text)).isEmpty();
    }

    @Test
    void parse_overLongText_isEmpty() {
        String text = "cdt_abcdefghijkm_" + "a".repeat(200);
        assertThat(ApiTokens.parse(text)).isEmpty();
        assertThat(ApiTokens.parse("cdt_abcdefghijkm_" + "a".repeat(200 - 17))).isPresent(); // exactly 200 is fine
    }

    @Test
    void matches_rightSecret_true_otherSecret_false() {
        ApiTokens.Generated g = ApiTokens.generate();
        ApiTokenRecord record = record(g.id(), ApiTokens.hashSecret(g.secret()));
        assertThat(ApiTokens.matches(record, g.secret())).isTrue();
        assertThat(ApiTokens.matches(record, ApiTokens.generate().secret())).isFalse();
        assertThat(ApiTokens.matches(record, "")).isFalse();
        assertThat(ApiTokens.matches(record, g.secret() + "x")).isFalse();
    }

    @Test
    void matches_recordHoldingTheSecretItself_isFalse() {
        ApiTokens.Generated g = ApiTokens.generate();
        assertThat(ApiTokens.matches(record(g.id(), g.secret()), g.secret())).isFalse();
    }

    @Test
    void hashSecret_isSha256Hex_notTheSecret() {
        ApiTokens.Generated g = ApiTokens.generate();
        String hash = ApiTokens.hashSecret(g.secret());
        assertThat(hash).matches("[0-9a-f]{64}").doesNotContain(g.secret()).isNotEqualTo(g.secret());
        assertThat(ApiTokens.hashSecret(g.secret())).isEqualTo(hash);
        // SHA-256("abc"), FIPS 180-2 test vector
        assertThat(ApiTokens.hashSecret("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    private static ApiTokenRecord record(String id, String secretHash) {
        return new ApiTokenRecord(id, "ci", secretHash, "viewer", "admin", TestClock.T0, TestClock.T0.plus(Duration.ofDays(1)));
    }
}
