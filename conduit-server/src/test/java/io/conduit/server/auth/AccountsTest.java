package io.conduit.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.conduit.core.audit.AuditEntry;
import io.conduit.core.audit.AuditEvent;
import io.conduit.core.runtime.AuthSettings;
import io.conduit.core.store.MessageStore;
import io.conduit.core.store.StoreWrite;
import io.conduit.core.store.UserRecord;
import io.conduit.store.jdbc.SqliteStoreFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Users, logins, sessions and API tokens on a real SQLite store, with the audit trail each leaves. */
class AccountsTest {

    private static final String ADDR = "192.0.2.10";
    private static final String ADMIN_PASSWORD = "admin passphrase 1";
    private static final String ALICE_PASSWORD = "alice passphrase 1";

    @TempDir
    Path temp;

    private final TestClock clock = new TestClock();
    private Path db;
    private MessageStore store;
    private Accounts accounts;

    @BeforeEach
    void openStore() throws Exception {
        db = temp.resolve("store.db");
        store = new SqliteStoreFactory(clock).open(SqliteStoreFactory.Settings.defaults(db));
        accounts = new Accounts(store, AuthSettings.defaults(), clock, new PasswordHashing(64, 1, 1));
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private static Map<String, @Nullable String> env(String... keyValues) {
        java.util.HashMap<String, @Nullable String> env = new java.util.HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return env;
    }

    /** An admin "root" and an analyst "alice". */
    private void withUsers() throws Exception {
        accounts.createUser("root", ADMIN_PASSWORD.toCharArray(), Role.ADMIN, "first-start", "environment");
        accounts.createUser("alice", ALICE_PASSWORD.toCharArray(), Role.ANALYST, "root", ADDR);
    }

    private Session loginAlice() throws Exception {
        Accounts.Login login = accounts.login("alice", ALICE_PASSWORD.toCharArray(), ADDR);
        assertThat(login).isInstanceOf(Accounts.Login.Success.class);
        return ((Accounts.Login.Success) login).session();
    }

    private List<AuditEvent> audit() throws Exception {
        return store.audit(0, 10_000).stream().map(AuditEntry::event).toList();
    }

    private AuditEvent lastAudit() throws Exception {
        List<AuditEvent> events = audit();
        assertThat(events).isNotEmpty();
        return events.get(events.size() - 1);
    }

    /** Every column of every row of the audit table, read straight from the database file. */
    private String rawAuditTable() throws Exception {
        StringBuilder all = new StringBuilder();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM audit")) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    all.append(rs.getString(i)).append('|');
                }
                all.append('\n');
            }
        }
        return all.toString();
    }

    private static AccountException refusal(ThrowingCallable call) {
        AccountException e = catchThrowableOfType(AccountException.class, call::call);
        assertThat(e).as("an AccountException").isNotNull();
        return e;
    }

    @FunctionalInterface
    private interface ThrowingCallable {
        void call() throws Exception;
    }

    // ---- first start ------------------------------------------------------------------------------

    @Test
    void firstStart_withAdminPassword_createsAdmin_andAuditsIt() throws Exception {
        assertThat(accounts.prepareFirstStart(env("CONDUIT_ADMIN_PASSWORD", ADMIN_PASSWORD)::get)).isEmpty();

        assertThat(accounts.users()).singleElement().satisfies(u -> {
            assertThat(u.username()).isEqualTo("admin");
            assertThat(u.role()).isEqualTo("admin");
            assertThat(u.disabled()).isFalse();
            assertThat(u.passwordHash()).startsWith("$argon2id$").doesNotContain(ADMIN_PASSWORD);
        });
        assertThat(accounts.setupRequired()).isFalse();
        assertThat(lastAudit()).satisfies(e -> {
            assertThat(e.action()).isEqualTo("user-create");
            assertThat(e.actor()).isEqualTo("first-start");
            assertThat(e.address()).isEqualTo("environment");
            assertThat(e.detail()).contains("admin");
        });
        assertThat(rawAuditTable()).doesNotContain(ADMIN_PASSWORD);
        assertThat(accounts.login("admin", ADMIN_PASSWORD.toCharArray(), ADDR)).isInstanceOf(Accounts.Login.Success.class);
    }

    @Test
    void firstStart_withAdminUserAndPassword_usesThatName() throws Exception {
        accounts.prepareFirstStart(env("CONDUIT_ADMIN_PASSWORD", ADMIN_PASSWORD, "CONDUIT_ADMIN_USER", "ops")::get);
        assertThat(accounts.users()).extracting(UserRecord::username).containsExactly("ops");
    }

    @Test
    void firstStart_withTooShortAdminPassword_isRefused_withField() throws Exception {
        AccountException e = refusal(() -> accounts.prepareFirstStart(env("CONDUIT_ADMIN_PASSWORD", "short")::get));
        assertThat(e.kind()).isEqualTo(AccountException.Kind.INVALID);
        assertThat(e.field()).isEqualTo("password");
        assertThat(accounts.users()).isEmpty();
    }

    @Test
    void firstStart_whenUsersExist_doesNothing() throws Exception {
        withUsers();
        assertThat(accounts.prepareFirstStart(env()::get)).isEmpty();
        assertThat(accounts.prepareFirstStart(env("CONDUIT_ADMIN_PASSWORD", "another passphrase")::get)).isEmpty();
        assertThat(accounts.users()).extracting(UserRecord::username).containsExactlyInAnyOrder("root", "alice");
        assertThat(accounts.setupRequired()).isFalse();
    }

    @Test
    void firstStart_withoutAdminPassword_returnsOneTimeSetupToken() throws Exception {
        String token = accounts.prepareFirstStart(env("CONDUIT_ADMIN_PASSWORD", "")::get).orElseThrow();
        assertThat(token).hasSizeGreaterThanOrEqualTo(43);
        assertThat(accounts.setupRequired()).isTrue();
        assertThat(accounts.users()).isEmpty();
        assertThat(rawAuditTable()).doesNotContain(token);
    }

    @Test
    void completeSetup_withWrongToken_isRefused_andAudited() throws Exception {
        String token = accounts.prepareFirstStart(env()::get).orElseThrow();

        AccountException e = refusal(() -> accounts.completeSetup("not-" + token, "root", ADMIN_PASSWORD.toCharArray(), ADDR));
        assertThat(e.kind()).isEqualTo(AccountException.Kind.UNAUTHORIZED);
        assertThat(e.field()).isEqualTo("token");
        assertThat(accounts.users()).isEmpty();
        assertThat(accounts.setupRequired()).isTrue();
        assertThat(lastAudit()).satisfies(a -> {
            assertThat(a.action()).isEqualTo("setup");
            assertThat(a.address()).isEqualTo(ADDR);
            assertThat(a.detail()).contains("wrong setup token");
        });
        assertThat(rawAuditTable()).doesNotContain(token).doesNotContain(ADMIN_PASSWORD);
    }

    @Test
    void completeSetup_withRightToken_createsAdminOnce_thenSecondSetupIsRefused() throws Exception {
        String token = accounts.prepareFirstStart(env()::get).orElseThrow();

        UserRecord admin = accounts.completeSetup(token, "root", ADMIN_PASSWORD.toCharArray(), ADDR);
        assertThat(admin.username()).isEqualTo("root");
        assertThat(admin.role()).isEqualTo("admin");
        assertThat(accounts.setupRequired()).isFalse();
        assertThat(lastAudit()).satisfies(a -> {
            assertThat(a.action()).isEqualTo("user-create");
            assertThat(a.actor()).isEqualTo("root");
            assertThat(a.address()).isEqualTo(ADDR);
        });

        AccountException again = refusal(() -> accounts.completeSetup(token, "mallory", "mallory passphrase".toCharArray(), ADDR));
        assertThat(again.kind()).isEqualTo(AccountException.Kind.CONFLICT);
        assertThat(accounts.users()).extracting(UserRecord::username).containsExactly("root");
        assertThat(accounts.login("root", ADMIN_PASSWORD.toCharArray(), ADDR)).isInstanceOf(Accounts.Login.Success.class);
    }

    @Test
    void completeSetup_withoutPreparedToken_isRefused() throws Exception {
        AccountException e = refusal(() -> accounts.completeSetup("", "root", ADMIN_PASSWORD.toCharArray(), ADDR));
        assertThat(e.kind()).isEqualTo(AccountException.Kind.CONFLICT);
        assertThat(accounts.users()).isEmpty();
    }

    @Test
    void completeSetup_withRightTokenButShortPassword_isRefused_andTokenStaysValid() throws Exception {
        String token = accounts.prepareFirstStart(env()::get).orElseThrow();
        AccountException e = refusal(() -> accounts.completeSetup(token, "root", "short".toCharArray(), ADDR));
        assertThat(e.field()).isEqualTo("password");
        assertThat(accounts.setupRequired()).isTrue();
        assertThat(accounts.completeSetup(token, "root", ADMIN_PASSWORD.toCharArray(), ADDR).username()).isEqualTo("root");
    }

    // ---- logins and sessions ----------------------------------------------------------------------

    @Test
    void login_rightPassword_opensSession_andAuditsLogin() throws Exception {
        withUsers();
        Accounts.Login login = accounts.login("alice", ALICE_PASSWORD.toCharArray(), ADDR);

        assertThat(login).isInstanceOfSatisfying(Accounts.Login.Success.class, s -> {
            assertThat(s.role()).isEqualTo(Role.ANALYST);
            assertThat(s.session().username()).isEqualTo("alice");
        });
        Session session = ((Accounts.Login.Success) login).session();
        assertThat(accounts.session(session.id())).hasValueSatisfying(p -> {
            assertThat(p.name()).isEqualTo("alice");
            assertThat(p.role()).isEqualTo(Role.ANALYST);
            assertThat(p.via()).isEqualTo(Principal.Via.SESSION);
            assertThat(p.session()).isEqualTo(session);
        });
        assertThat(lastAudit()).satisfies(a -> {
            assertThat(a.action()).isEqualTo("login");
            assertThat(a.actor()).isEqualTo("alice");
            assertThat(a.address()).isEqualTo(ADDR);
        });
        assertThat(rawAuditTable()).doesNotContain(ALICE_PASSWORD).doesNotContain(session.id()).doesNotContain(session.csrfToken());
    }

    @Test
    void login_wrongPassword_unknownUser_disabledUser_areRefused_andAuditedWithoutThePassword() throws Exception {
        withUsers();
        accounts.createUser("bob", "bob passphrase 1".toCharArray(), Role.VIEWER, "root", ADDR);
        accounts.updateUser("bob", null, null, true, "root", ADDR);

        String wrong = "wrong guess for alice";
        String forNobody = "password for nobody";
        assertThat(accounts.login("alice", wrong.toCharArray(), ADDR)).isInstanceOf(Accounts.Login.Refused.class);
        assertThat(lastAudit()).satisfies(a -> {
            assertThat(a.action()).isEqualTo("login-failed");
            assertThat(a.actor()).isEqualTo("alice");
            assertThat(a.detail()).isEqualTo("wrong user name or password");
        });
        assertThat(accounts.login("nobody", forNobody.toCharArray(), ADDR)).isInstanceOf(Accounts.Login.Refused.class);
        assertThat(lastAudit()).satisfies(a -> {
            assertThat(a.action()).isEqualTo("login-failed");
            assertThat(a.actor()).isEqualTo("nobody");
            assertThat(a.detail()).isEqualTo("wrong user name or password");
        });
        assertThat(accounts.login("bob", "bob passphrase 1".toCharArray(), ADDR)).isInstanceOf(Accounts.Login.Refused.class);
        assertThat(lastAudit()).satisfies(a -> {
            assertThat(a.action()).isEqualTo("login-failed");
            assertThat(a.actor()).isEqualTo("bob");
            assertThat(a.detail()).isEqualTo("account disabled");
        });

        String raw = rawAuditTable();
        assertThat(raw).doesNotContain(wrong).doesNotContain(forNobody).doesNotContain("bob passphrase 1")
                .doesNotContain(ALICE_PASSWORD).doesNotContain(ADMIN_PASSWORD);
    }

    @Test
    void login_userNameIsCaseSensitive() throws Exception {
        withUsers();
        assertThat(accounts.login("Alice", ALICE_PASSWORD.toCharArray(), ADDR)).isInstanceOf(Accounts.Login.Refused.class);
    }

    @Test
    void login_afterFiveFailures_isThrottled_evenWithTheRightPassword_untilTheLockPasses() throws Exception {
        withUsers();
        for (int i = 0; i < 5; i++) {
            assertThat(accounts.login("alice", ("guess " + i).toCharArray(), ADDR)).isInstanceOf(Accounts.Login.Refused.class);
        }
        assertThat(accounts.login("alice", ALICE_PASSWORD.toCharArray(), ADDR))
                .isInstanceOfSatisfying(Accounts.Login.Throttled.class, t -> assertThat(t.retryAfter()).isEqualTo(Duration.ofSeconds(1)));
        // The refused attempt checked nothing and is not audited (anyone could fill the log that way).
        assertThat(lastAudit()).satisfies(a -> {
            assertThat(a.action()).isEqualTo("login-failed");
            assertThat(a.detail()).isEqualTo("wrong user name or password");
        });
        assertThat(audit()).filteredOn(a -> a.action().equals("login-failed")).hasSize(5);
        assertThat(accounts.login("alice", ALICE_PASSWORD.toCharArray(), "198.51.100.1"))
                .as("another address is not locked").isInstanceOf(Accounts.Login.Success.class);

        clock.advance(Duration.ofSeconds(1));
        assertThat(accounts.login("alice", ALICE_PASSWORD.toCharArray(), ADDR)).isInstanceOf(Accounts.Login.Success.class);
        assertThat(rawAuditTable()).doesNotContain(ALICE_PASSWORD);
    }

    @Test
    void session_unknownId_isEmpty() throws Exception {
        withUsers();
        loginAlice();
        assertThat(accounts.session("forged")).isEmpty();
    }

    @Test
    void session_afterLogout_isEmpty_andLogoutIsAudited() throws Exception {
        withUsers();
        Session session = loginAlice();
        accounts.logout(session, ADDR);
        assertThat(accounts.session(session.id())).isEmpty();
        assertThat(lastAudit().action()).isEqualTo("logout");
    }

    @Test
    void session_afterIdleTimeout_isEmpty() throws Exception {
        withUsers();
        Session session = loginAlice();
        clock.advance(AuthSettings.defaults().sessionIdleTimeout().plusSeconds(1));
        assertThat(accounts.session(session.id())).isEmpty();
    }

    @Test
    void session_afterUserIsDisabled_isEmpty_evenAfterReEnabling() throws Exception {
        withUsers();
        Session session = loginAlice();
        accounts.updateUser("alice", null, null, true, "root", ADDR);
        assertThat(accounts.session(session.id())).isEmpty();
        accounts.updateUser("alice", null, null, false, "root", ADDR);
        assertThat(accounts.session(session.id())).isEmpty();
    }

    @Test
    void session_whenUserIsDisabledInTheStoreDirectly_isEmptyAtOnce() throws Exception {
        withUsers();
        Session session = loginAlice();
        store.write(List.of(new StoreWrite.UpdateUser("alice", null, null, true)));
        assertThat(accounts.session(session.id())).isEmpty();
    }

    @Test
    void session_afterUserIsDeleted_isEmpty() throws Exception {
        withUsers();
        Session session = loginAlice();
        accounts.deleteUser("alice", "root", ADDR);
        assertThat(accounts.session(session.id())).isEmpty();
        assertThat(lastAudit()).satisfies(a -> {
            assertThat(a.action()).isEqualTo("user-delete");
            assertThat(a.actor()).isEqualTo("root");
        });
        assertThat(accounts.login("alice", ALICE_PASSWORD.toCharArray(), ADDR)).isInstanceOf(Accounts.Login.Refused.class);
    }

    @Test
    void session_roleChangedInTheStore_takesEffectOnTheNextRequest() throws Exception {
        withUsers();
        Session session = loginAlice();
        assertThat(accounts.session(session.id())).hasValueSatisfying(p -> assertThat(p.role()).isEqualTo(Role.ANALYST));
        store.write(List.of(new StoreWrite.UpdateUser("alice", null, "viewer", null)));
        assertThat(accounts.session(session.id())).hasValueSatisfying(p -> assertThat(p.role()).isEqualTo(Role.VIEWER));
    }

    @Test
    void session_afterThePasswordIsSetOutsideTheEngine_ends() throws Exception {
        // conduit users --set-password writes the store from another process: the engine's sessions
        // of that user must not outlive the reset.
        withUsers();
        Session session = loginAlice();
        Accounts cli = new Accounts(store, AuthSettings.defaults(), clock, new PasswordHashing(64, 1, 1));
        cli.updateUser("alice", null, "a brand new password".toCharArray(), null, "cli:root", "cli");
        assertThat(accounts.session(session.id())).isEmpty();
        assertThat(accounts.login("alice", "a brand new password".toCharArray(), ADDR)).isInstanceOf(Accounts.Login.Success.class);
    }

    @Test
    void login_aBurstOfParallelGuesses_isThrottledAfterTheFreeFailures() throws Exception {
        withUsers();
        java.util.List<java.util.concurrent.Future<Accounts.Login>> results = new java.util.ArrayList<>();
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 30; i++) {
                results.add(threads.submit(() -> accounts.login("alice", "not her password".toCharArray(), ADDR)));
            }
        }
        long checked = 0;
        for (var r : results) {
            if (r.get() instanceof Accounts.Login.Refused) {
                checked++;
            }
        }
        // Attempts are counted before the password is checked, so at most the free ones were checked.
        assertThat(checked).isEqualTo(5);
        assertThat(store.auditSearch(new io.conduit.core.store.AuditQuery("alice", "login-failed", null, null, null, null, null,
                100))).as("refused attempts checked nothing and are not audited").hasSize(5);
    }

    @Test
    void updateUser_roleChange_endsTheUsersSessions_andTheNewLoginHasTheNewRole() throws Exception {
        withUsers();
        Session session = loginAlice();
        accounts.updateUser("alice", Role.VIEWER, null, null, "root", ADDR);
        assertThat(accounts.session(session.id())).isEmpty();
        assertThat(accounts.login("alice", ALICE_PASSWORD.toCharArray(), ADDR))
                .isInstanceOfSatisfying(Accounts.Login.Success.class, s -> assertThat(s.role()).isEqualTo(Role.VIEWER));
        assertThat(audit()).anySatisfy(a -> {
            assertThat(a.action()).isEqualTo("user-update");
            assertThat(a.detail()).contains("role analyst -> viewer");
        });
    }

    // ---- bearer credentials -----------------------------------------------------------------------

    @Test
    void bearer_apiToken_isAccepted_withItsRole() throws Exception {
        withUsers();
        Accounts.NewToken token = accounts.createToken("ci pipeline", Role.OPERATOR, Duration.ofDays(30), "root", ADDR);
        assertThat(token.token()).startsWith("cdt_" + token.record().id() + "_");
        assertThat(token.record().secretHash()).isNotEqualTo(ApiTokens.parse(token.token()).orElseThrow().secret());
        assertThat(token.toString()).doesNotContain(token.token());

        assertThat(accounts.bearer(token.token())).isInstanceOfSatisfying(Accounts.Bearer.Accepted.class, a -> {
            assertThat(a.principal().name()).isEqualTo("ci pipeline#" + token.record().id()); // names need not be unique
            assertThat(a.principal().role()).isEqualTo(Role.OPERATOR);
            assertThat(a.principal().via()).isEqualTo(Principal.Via.API_TOKEN);
            assertThat(a.principal().auditName()).isEqualTo("token:ci pipeline#" + token.record().id());
        });
        assertThat(lastAudit().action()).isEqualTo("token-create");
        assertThat(rawAuditTable()).doesNotContain(token.token()).doesNotContain(ApiTokens.parse(token.token()).orElseThrow().secret());
    }

    @Test
    void bearer_revokedToken_isRefused() throws Exception {
        withUsers();
        Accounts.NewToken token = accounts.createToken("ci", Role.VIEWER, Duration.ofDays(30), "root", ADDR);
        accounts.revokeToken(token.record().id(), "root", ADDR);
        assertThat(accounts.bearer(token.token())).isInstanceOfSatisfying(Accounts.Bearer.Refused.class,
                r -> assertThat(r.reason()).contains("unknown or revoked").doesNotContain(token.token()));
        assertThat(lastAudit().action()).isEqualTo("token-revoke");
        assertThat(accounts.tokens()).isEmpty();
    }

    @Test
    void bearer_rightIdWrongSecret_isRefused() throws Exception {
        withUsers();
        Accounts.NewToken token = accounts.createToken("ci", Role.VIEWER, Duration.ofDays(30), "root", ADDR);
        String forged = "cdt_" + token.record().id() + "_" + ApiTokens.generate().secret();
        assertThat(accounts.bearer(forged)).isInstanceOfSatisfying(Accounts.Bearer.Refused.class,
                r -> assertThat(r.reason()).doesNotContain(forged));
    }

    @Test
    void bearer_expiredToken_isRefused() throws Exception {
        withUsers();
        Accounts.NewToken token = accounts.createToken("ci", Role.VIEWER, Duration.ofDays(1), "root", ADDR);
        clock.advance(Duration.ofDays(1).minusSeconds(1));
        assertThat(accounts.bearer(token.token())).isInstanceOf(Accounts.Bearer.Accepted.class);
        clock.advance(Duration.ofSeconds(1));
        assertThat(accounts.bearer(token.token())).isInstanceOfSatisfying(Accounts.Bearer.Refused.class,
                r -> assertThat(r.reason()).contains("expired").doesNotContain(token.token()));
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @ValueSource(strings = {"", "garbage", "cdt_", "cdt_nosuchtoken1_secret", "eyJhbGciOiJub25lIn0.e30."})
    void bearer_garbage_isRefused_withAReason(String credential) throws Exception {
        withUsers();
        assertThat(accounts.bearer(credential)).isInstanceOfSatisfying(Accounts.Bearer.Refused.class,
                r -> assertThat(r.reason()).isNotBlank());
    }

    @Test
    void bearer_nonTokenWithoutOidc_saysWhatIsAccepted() throws Exception {
        assertThat(accounts.bearer("garbage")).isInstanceOfSatisfying(Accounts.Bearer.Refused.class,
                r -> assertThat(r.reason()).contains("cdt_").contains("http.auth.oidc"));
    }

    @Test
    void createToken_badNameOrLifetime_isRefused_withField() throws Exception {
        withUsers();
        assertThat(refusal(() -> accounts.createToken(" ", Role.VIEWER, Duration.ofDays(1), "root", ADDR)).field()).isEqualTo("name");
        assertThat(refusal(() -> accounts.createToken("x".repeat(101), Role.VIEWER, Duration.ofDays(1), "root", ADDR)).field())
                .isEqualTo("name");
        assertThat(refusal(() -> accounts.createToken("ci", Role.VIEWER, Duration.ZERO, "root", ADDR)).field())
                .isEqualTo("expiresInDays");
        assertThat(refusal(() -> accounts.createToken("ci", Role.VIEWER, Duration.ofDays(-1), "root", ADDR)).field())
                .isEqualTo("expiresInDays");
        assertThat(refusal(() -> accounts.createToken("ci", Role.VIEWER, Duration.ofDays(731), "root", ADDR)).field())
                .isEqualTo("expiresInDays");
        assertThat(accounts.tokens()).isEmpty();
    }

    @Test
    void revokeToken_unknown_isNotFound() throws Exception {
        assertThat(refusal(() -> accounts.revokeToken("nosuchtoken1", "root", ADDR)).kind())
                .isEqualTo(AccountException.Kind.NOT_FOUND);
    }

    // ---- users -------------------------------------------------------------------------------------

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @ValueSource(strings = {"", " alice", "alice ", "-alice", ".alice", "a b", "alice/bob", "ålice", "a;DROP TABLE users",
            "this-user-name-is-sixty-five-characters-long-which-is-one-too-many"})
    void createUser_badUsername_isRefused_withField(String username) throws Exception {
        AccountException e = refusal(() -> accounts.createUser(username, ALICE_PASSWORD.toCharArray(), Role.VIEWER, "root", ADDR));
        assertThat(e.kind()).isEqualTo(AccountException.Kind.INVALID);
        assertThat(e.field()).isEqualTo("username");
        assertThat(accounts.users()).isEmpty();
    }

    @Test
    void createUser_usernameLimits_sixtyFourCharactersAndEmailLike_areAccepted() throws Exception {
        String longest = "a".repeat(64);
        accounts.createUser(longest, ALICE_PASSWORD.toCharArray(), Role.VIEWER, "root", ADDR);
        accounts.createUser("jane.doe_2@example-hospital.org", ALICE_PASSWORD.toCharArray(), Role.VIEWER, "root", ADDR);
        assertThat(accounts.users()).hasSize(2);
    }

    @Test
    void createUser_passwordShorterThan12_orLongerThan256_isRefused_withField() throws Exception {
        for (String password : new String[] {"", "elevenchars", "x".repeat(257)}) {
            AccountException e = refusal(() -> accounts.createUser("alice", password.toCharArray(), Role.VIEWER, "root", ADDR));
            assertThat(e.kind()).as(password).isEqualTo(AccountException.Kind.INVALID);
            assertThat(e.field()).as(password).isEqualTo("password");
            if (!password.isEmpty()) {
                assertThat(e.getMessage()).doesNotContain(password);
            }
        }
        accounts.createUser("alice", "twelve chars".toCharArray(), Role.VIEWER, "root", ADDR);
        accounts.createUser("bob", "y".repeat(256).toCharArray(), Role.VIEWER, "root", ADDR);
        assertThat(accounts.users()).hasSize(2);
    }

    @Test
    void createUser_existingName_isConflict() throws Exception {
        withUsers();
        AccountException e = refusal(() -> accounts.createUser("alice", "another passphrase".toCharArray(), Role.ADMIN, "root", ADDR));
        assertThat(e.kind()).isEqualTo(AccountException.Kind.CONFLICT);
        assertThat(e.field()).isEqualTo("username");
        assertThat(store.user("alice").orElseThrow().role()).isEqualTo("analyst");
    }

    @Test
    void createUser_isAudited_withoutThePassword() throws Exception {
        withUsers();
        assertThat(lastAudit()).satisfies(a -> {
            assertThat(a.action()).isEqualTo("user-create");
            assertThat(a.actor()).isEqualTo("root");
            assertThat(a.detail()).isEqualTo("user alice created as analyst");
        });
        assertThat(rawAuditTable()).doesNotContain(ALICE_PASSWORD).doesNotContain(ADMIN_PASSWORD);
    }

    @Test
    void updateUser_cannotDemoteOrDisableYourself() throws Exception {
        withUsers();
        AccountException demote = refusal(() -> accounts.updateUser("root", Role.OPERATOR, null, null, "root", ADDR));
        assertThat(demote.kind()).isEqualTo(AccountException.Kind.CONFLICT);
        assertThat(demote.field()).isEqualTo("role");
        AccountException disable = refusal(() -> accounts.updateUser("root", null, null, true, "root", ADDR));
        assertThat(disable.kind()).isEqualTo(AccountException.Kind.CONFLICT);
        assertThat(disable.field()).isEqualTo("disabled");

        UserRecord root = store.user("root").orElseThrow();
        assertThat(root.role()).isEqualTo("admin");
        assertThat(root.disabled()).isFalse();
        // keeping your own admin role, or enabling yourself, is not a demotion
        accounts.updateUser("root", Role.ADMIN, null, false, "root", ADDR);
        assertThat(store.user("root").orElseThrow().role()).isEqualTo("admin");
    }

    @Test
    void updateUser_anotherAdmin_mayDemoteAndDisable() throws Exception {
        withUsers();
        accounts.createUser("root2", "second admin passphrase".toCharArray(), Role.ADMIN, "root", ADDR);
        accounts.updateUser("root", Role.VIEWER, null, true, "root2", ADDR);
        UserRecord root = store.user("root").orElseThrow();
        assertThat(root.role()).isEqualTo("viewer");
        assertThat(root.disabled()).isTrue();
        assertThat(lastAudit().detail()).isEqualTo("user root: role admin -> viewer, disabled");
    }

    @Test
    void updateUser_passwordReset_replacesThePassword_endsSessions_andIsAuditedWithoutIt() throws Exception {
        withUsers();
        Session session = loginAlice();
        String reset = "reset by the admin";
        accounts.updateUser("alice", null, reset.toCharArray(), null, "root", ADDR);
        assertThat(accounts.session(session.id())).isEmpty();
        assertThat(accounts.login("alice", ALICE_PASSWORD.toCharArray(), ADDR)).isInstanceOf(Accounts.Login.Refused.class);
        assertThat(accounts.login("alice", reset.toCharArray(), ADDR)).isInstanceOf(Accounts.Login.Success.class);
        assertThat(rawAuditTable()).contains("password reset").doesNotContain(reset);
    }

    @Test
    void updateUser_shortPassword_orUnknownUser_isRefused() throws Exception {
        withUsers();
        assertThat(refusal(() -> accounts.updateUser("alice", null, "short".toCharArray(), null, "root", ADDR)).field())
                .isEqualTo("password");
        assertThat(refusal(() -> accounts.updateUser("nobody", Role.VIEWER, null, null, "root", ADDR)).kind())
                .isEqualTo(AccountException.Kind.NOT_FOUND);
    }

    @Test
    void deleteUser_yourself_isRefused() throws Exception {
        withUsers();
        AccountException e = refusal(() -> accounts.deleteUser("root", "root", ADDR));
        assertThat(e.kind()).isEqualTo(AccountException.Kind.CONFLICT);
        assertThat(store.user("root")).isPresent();
    }

    @Test
    void deleteUser_unknown_isNotFound() throws Exception {
        withUsers();
        assertThat(refusal(() -> accounts.deleteUser("nobody", "root", ADDR)).kind()).isEqualTo(AccountException.Kind.NOT_FOUND);
    }

    @Test
    void changePassword_wrongCurrent_isRefused_andAudited() throws Exception {
        withUsers();
        Session session = loginAlice();
        Principal alice = accounts.session(session.id()).orElseThrow();
        String wrongCurrent = "not alice's password";
        String replacement = "a brand new passphrase";

        AccountException e = refusal(() -> accounts.changePassword(alice, wrongCurrent.toCharArray(), replacement.toCharArray(), ADDR));
        assertThat(e.kind()).isEqualTo(AccountException.Kind.INVALID);
        assertThat(e.field()).isEqualTo("currentPassword");
        assertThat(lastAudit()).satisfies(a -> {
            assertThat(a.action()).isEqualTo("password-change");
            assertThat(a.actor()).isEqualTo("alice");
            assertThat(a.detail()).contains("refused");
        });
        assertThat(accounts.session(session.id())).as("a refused change keeps the session").isPresent();
        assertThat(accounts.login("alice", ALICE_PASSWORD.toCharArray(), ADDR)).isInstanceOf(Accounts.Login.Success.class);
        assertThat(rawAuditTable()).doesNotContain(wrongCurrent).doesNotContain(replacement);
    }

    @Test
    void changePassword_rightCurrent_replacesIt_andEndsSessions() throws Exception {
        withUsers();
        Session session = loginAlice();
        Principal alice = accounts.session(session.id()).orElseThrow();
        String replacement = "a brand new passphrase";

        accounts.changePassword(alice, ALICE_PASSWORD.toCharArray(), replacement.toCharArray(), ADDR);
        assertThat(accounts.session(session.id())).isEmpty();
        assertThat(accounts.login("alice", ALICE_PASSWORD.toCharArray(), ADDR)).isInstanceOf(Accounts.Login.Refused.class);
        assertThat(accounts.login("alice", replacement.toCharArray(), ADDR)).isInstanceOf(Accounts.Login.Success.class);
        assertThat(rawAuditTable()).doesNotContain(replacement).doesNotContain(ALICE_PASSWORD);
    }

    @Test
    void changePassword_shortReplacement_isRefused_withField() throws Exception {
        withUsers();
        Principal alice = accounts.session(loginAlice().id()).orElseThrow();
        AccountException e = refusal(() -> accounts.changePassword(alice, ALICE_PASSWORD.toCharArray(), "short".toCharArray(), ADDR));
        assertThat(e.field()).isEqualTo("newPassword");
    }

    @Test
    void changePassword_forOidcUserOrToken_isForbidden_evenWhenTheNameIsALocalUsers() throws Exception {
        withUsers();
        // An OpenID user or token named like a local user must not be able to guess that user's password.
        for (Principal.Via via : List.of(Principal.Via.OIDC, Principal.Via.API_TOKEN)) {
            Principal namesake = new Principal("alice", Role.ADMIN, via, null);
            assertThat(refusal(() -> accounts.changePassword(namesake, ALICE_PASSWORD.toCharArray(),
                    "a brand new passphrase".toCharArray(), ADDR)).kind()).isEqualTo(AccountException.Kind.FORBIDDEN);
        }
        assertThat(accounts.login("alice", ALICE_PASSWORD.toCharArray(), ADDR)).isInstanceOf(Accounts.Login.Success.class);
    }

    @Test
    void changePassword_wrongCurrentPasswords_areThrottled() throws Exception {
        withUsers();
        Principal alice = accounts.session(loginAlice().id()).orElseThrow();
        for (int i = 0; i < 5; i++) {
            int n = i;
            assertThat(refusal(() -> accounts.changePassword(alice, ("guess " + n).toCharArray(),
                    "a brand new passphrase".toCharArray(), ADDR)).field()).isEqualTo("currentPassword");
        }
        AccountException throttled = refusal(() -> accounts.changePassword(alice, ALICE_PASSWORD.toCharArray(),
                "a brand new passphrase".toCharArray(), ADDR));
        assertThat(throttled.getMessage()).contains("too many wrong passwords");
    }

    @Test
    void everyAuditedEntry_sinceFirstStart_holdsNoPassword() throws Exception {
        // a full session of account work, then one sweep over the raw table
        String token = accounts.prepareFirstStart(env()::get).orElseThrow();
        accounts.completeSetup(token, "root", ADMIN_PASSWORD.toCharArray(), ADDR);
        accounts.createUser("alice", ALICE_PASSWORD.toCharArray(), Role.ANALYST, "root", ADDR);
        List<String> secrets = new ArrayList<>(List.of(ADMIN_PASSWORD, ALICE_PASSWORD, token));
        for (int i = 0; i < 7; i++) {
            String guess = "guess number " + i;
            secrets.add(guess);
            accounts.login("alice", guess.toCharArray(), ADDR);
        }
        Accounts.NewToken api = accounts.createToken("ci", Role.VIEWER, Duration.ofDays(1), "root", ADDR);
        secrets.add(api.token());
        accounts.revokeToken(api.record().id(), "root", ADDR);
        String raw = rawAuditTable();
        assertThat(audit()).hasSizeGreaterThan(8); // the two throttled logins are not audited
        for (String secret : secrets) {
            assertThat(raw).doesNotContain(secret);
        }
    }
}
