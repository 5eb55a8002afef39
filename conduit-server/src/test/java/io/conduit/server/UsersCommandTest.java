package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.conduit.core.store.AuditQuery;
import io.conduit.core.store.MessageStore;
import io.conduit.server.auth.Accounts;
import io.conduit.core.runtime.AuthSettings;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code conduit users}: the way back in when the only administrator's password is lost, from the
 * machine that holds the store. Passwords come from standard input here (no console in tests).
 */
class UsersCommandTest {

    @TempDir
    Path temp;

    @Test
    void addSetPasswordDisable_changeTheStoredUsers_andAreAudited() throws Exception {
        EngineHarness h = new EngineHarness(temp);

        Cli.Output added = withStdin("first admin password\n", () -> Cli.run("users", h.configDir.toString(), "--add", "ada",
                "--role", "admin"));
        assertThat(added.code()).as(added.out()).isZero();
        assertThat(added.out()).contains("added ada as admin").doesNotContain("first admin password");

        Cli.Output tooShort = withStdin("short\n", () -> Cli.run("users", h.configDir.toString(), "--add", "bob"));
        assertThat(tooShort.code()).isEqualTo(1);
        assertThat(tooShort.out()).contains("password: must be 12 to 256 characters");

        Cli.Output reset = withStdin("the recovered password\n", () -> Cli.run("users", h.configDir.toString(), "--set-password",
                "ada"));
        assertThat(reset.code()).as(reset.out()).isZero();
        Cli.Output disabled = Cli.run("users", h.configDir.toString(), "--disable", "ada");
        assertThat(disabled.out()).contains("ada disabled");

        Cli.Output list = Cli.run("users", h.configDir.toString());
        assertThat(list.code()).isZero();
        assertThat(list.out()).containsPattern("ada\\s+admin\\s+disabled");

        Cli.Output unknown = Cli.run("users", h.configDir.toString(), "--enable", "nobody");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.out()).contains("no user 'nobody'");

        Cli.run("users", h.configDir.toString(), "--enable", "ada");
        try (MessageStore store = h.config().server().storeFactory().open(h.config().server().storeSettings())) {
            Accounts accounts = new Accounts(store, AuthSettings.defaults(), InstantSource.system());
            assertThat(accounts.login("ada", "first admin password".toCharArray(), "test")).isInstanceOf(Accounts.Login.Refused.class);
            assertThat(accounts.login("ada", "the recovered password".toCharArray(), "test"))
                    .isInstanceOf(Accounts.Login.Success.class);
            assertThat(store.auditSearch(new AuditQuery(null, null, null, null, null, null, null, 100)))
                    .extracting(e -> e.event().action() + "@" + e.event().address())
                    .contains("user-create@cli", "user-update@cli");
        }
    }

    private static Cli.Output withStdin(String text, java.util.function.Supplier<Cli.Output> run) {
        InputStream saved = System.in;
        System.setIn(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        try {
            return run.get();
        } finally {
            System.setIn(saved);
        }
    }
}
