package io.conduit.server.auth;

import io.conduit.core.runtime.AuthSettings;
import io.conduit.core.runtime.Engine;
import io.conduit.core.store.ApiTokenRecord;
import io.conduit.core.store.MessageStore;
import io.conduit.core.store.StoreException;
import io.conduit.core.store.StoreWrite;
import io.conduit.core.store.UserRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users, API tokens, logins and dashboard sessions: everything that decides who a request comes
 * from. Every change and every login (successful or not) is written to the audit log in the same
 * commit as the change. Thread-safe.
 */
public final class Accounts {

    private static final Logger LOG = LoggerFactory.getLogger(Accounts.class);
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    /** NIST SP 800-63B: length matters, composition rules do not. */
    static final int MIN_PASSWORD_LENGTH = 12;
    private static final int MAX_PASSWORD_LENGTH = 256;
    private static final Duration MAX_TOKEN_LIFETIME = Duration.ofDays(730);

    private final MessageStore store;
    private final InstantSource clock;
    private final PasswordHashing hashing;
    private final SessionRegistry sessions;
    private final LoginThrottle throttle;
    private final @Nullable OidcVerifier oidc;
    private final Object setupLock = new Object();
    private volatile @Nullable String setupToken;

    public Accounts(MessageStore store, AuthSettings settings, InstantSource clock) {
        this(store, settings, clock, new PasswordHashing());
    }

    Accounts(MessageStore store, AuthSettings settings, InstantSource clock, PasswordHashing hashing) {
        this.store = store;
        this.clock = clock;
        this.hashing = hashing;
        this.sessions = new SessionRegistry(settings.sessionIdleTimeout(), settings.sessionMaxAge(), clock);
        this.throttle = new LoginThrottle(clock);
        this.oidc = settings.oidc() == null ? null : new OidcVerifier(settings.oidc());
    }

    // ---- first start ----------------------------------------------------------------------------

    /**
     * Makes sure an administrator can get in on first start. With users already stored, nothing
     * happens. Otherwise, when {@code CONDUIT_ADMIN_PASSWORD} is set, creates the admin
     * ({@code CONDUIT_ADMIN_USER}, default {@code admin}) with it; when not, returns a one-time
     * setup token for the caller to print once — there is never a default password.
     */
    public Optional<String> prepareFirstStart(Function<String, @Nullable String> env) throws StoreException, AccountException {
        if (!store.users().isEmpty()) {
            return Optional.empty();
        }
        String password = env.apply("CONDUIT_ADMIN_PASSWORD");
        if (password != null && !password.isEmpty()) {
            String name = Optional.ofNullable(env.apply("CONDUIT_ADMIN_USER")).filter(s -> !s.isBlank()).orElse("admin");
            createUser(name, password.toCharArray(), Role.ADMIN, "first-start", "environment");
            LOG.info("created administrator '{}' from CONDUIT_ADMIN_PASSWORD", name);
            return Optional.empty();
        }
        String token = ApiTokens.generate().secret();
        setupToken = token;
        return Optional.of(token);
    }

    /** Whether the first administrator still has to be created through the setup link. */
    public boolean setupRequired() throws StoreException {
        return setupToken != null && store.users().isEmpty();
    }

    /** Creates the first administrator with the one-time setup token. */
    public UserRecord completeSetup(String token, String username, char[] password, String address)
            throws StoreException, AccountException {
        synchronized (setupLock) {
            String expected = setupToken;
            if (expected == null || !store.users().isEmpty()) {
                throw new AccountException(AccountException.Kind.CONFLICT, null, "setup is already complete; log in instead");
            }
            if (!java.security.MessageDigest.isEqual(expected.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    token.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
                audit("setup", address, "setup", "setup refused: wrong setup token");
                throw new AccountException(AccountException.Kind.UNAUTHORIZED, "token",
                        "the setup token is not the one conduit run printed");
            }
            UserRecord user = createUser(username, password, Role.ADMIN, username, address);
            setupToken = null;
            return user;
        }
    }

    // ---- logins and sessions -------------------------------------------------------------------

    /** The result of a login attempt. */
    public sealed interface Login {
        record Success(Session session, Role role) implements Login {
        }

        record Refused() implements Login {
        }

        record Throttled(Duration retryAfter) implements Login {
        }
    }

    /**
     * Checks a user name and password; opens a session when they match. Every checked attempt is
     * audited; attempts refused by the throttle are not (they check nothing, and auditing them
     * would let anyone fill the log).
     *
     * @throws PasswordHashing.Busy when too many password checks run at once
     */
    public Login login(String username, char[] password, String address) throws StoreException {
        // A name that cannot exist is not checked, and only its shape reaches the audit log.
        String actor = USERNAME.matcher(username).matches() ? username : "(not a valid user name)";
        Optional<Duration> wait = throttle.attempt(actor, address);
        if (wait.isPresent()) {
            LOG.debug("login refused by the throttle for {} s", wait.get().toSeconds());
            return new Login.Throttled(wait.get());
        }
        Optional<UserRecord> user = actor.equals(username) ? store.user(username) : Optional.empty();
        boolean ok = user.isPresent() ? hashing.matches(password, user.get().passwordHash()) : hashing.matchesNothing(password);
        Optional<Role> role = user.flatMap(u -> Role.parse(u.role()));
        if (!ok || user.get().disabled() || role.isEmpty()) {
            audit(actor, address, "login-failed", user.isEmpty() || !ok ? "wrong user name or password" : "account disabled");
            return new Login.Refused();
        }
        throttle.succeeded(username, address);
        Session session = sessions.open(username, user.get().passwordHash());
        audit(username, address, "login", "dashboard session opened (" + role.get().id() + ")");
        return new Login.Success(session, role.get());
    }

    /** Ends a session. Audited. */
    public void logout(Session session, String address) throws StoreException {
        sessions.close(session.id());
        audit(session.username(), address, "logout", "dashboard session closed");
    }

    /** The principal behind a session cookie, if the session is live and its user may still log in. */
    public Optional<Principal> session(String sessionId) throws StoreException {
        Optional<Session> session = sessions.find(sessionId);
        if (session.isEmpty()) {
            return Optional.empty();
        }
        Optional<UserRecord> user = store.user(session.get().username());
        Optional<Role> role = user.filter(u -> !u.disabled() && u.passwordHash().equals(session.get().credential()))
                .flatMap(u -> Role.parse(u.role()));
        if (role.isEmpty()) {
            sessions.close(sessionId);
            return Optional.empty();
        }
        return Optional.of(new Principal(session.get().username(), role.get(), Principal.Via.SESSION, session.get()));
    }

    /** Outcome of a bearer credential check; {@code reason} never holds the credential. */
    public sealed interface Bearer {
        record Accepted(Principal principal) implements Bearer {
        }

        record Refused(String reason) implements Bearer {
        }
    }

    /** Checks an {@code Authorization: Bearer} credential: an API token, or an OpenID Connect JWT when configured. */
    public Bearer bearer(String credential) throws StoreException {
        Optional<ApiTokens.Generated> parsed = ApiTokens.parse(credential);
        if (parsed.isPresent()) {
            Optional<ApiTokenRecord> record = store.token(parsed.get().id());
            if (record.isEmpty() || !ApiTokens.matches(record.get(), parsed.get().secret())) {
                return new Bearer.Refused("unknown or revoked API token");
            }
            if (!clock.instant().isBefore(record.get().expiresAt())) {
                return new Bearer.Refused("API token '" + record.get().name() + "' expired at " + record.get().expiresAt());
            }
            Optional<Role> role = Role.parse(record.get().role());
            if (role.isEmpty()) {
                return new Bearer.Refused("API token '" + record.get().name() + "' has an unknown role");
            }
            // Token names need not be unique: the id makes the audit log's actor unambiguous.
            return new Bearer.Accepted(new Principal(record.get().name() + "#" + record.get().id(), role.get(),
                    Principal.Via.API_TOKEN, null));
        }
        if (oidc == null) {
            return new Bearer.Refused("not a Conduit API token (they start with " + ApiTokens.PREFIX
                    + "), and OpenID Connect is not configured (http.auth.oidc)");
        }
        return switch (oidc.verify(credential)) {
            case OidcVerifier.Outcome.Accepted a -> new Bearer.Accepted(a.principal());
            case OidcVerifier.Outcome.Refused r -> new Bearer.Refused(r.reason());
        };
    }

    /** Changes the caller's own password after checking the current one; ends their other sessions. */
    public void changePassword(Principal who, char[] current, char[] replacement, String address)
            throws StoreException, AccountException {
        if (who.via() != Principal.Via.SESSION) {
            // An API token's or OpenID user's name may equal a local user's: it must not guess that password.
            throw new AccountException(AccountException.Kind.FORBIDDEN, null,
                    "only a local user logged in with their password can change it");
        }
        UserRecord user = store.user(who.name()).orElseThrow(() -> new AccountException(AccountException.Kind.NOT_FOUND, null,
                "only local users have a password here"));
        Optional<Duration> wait = throttle.attempt(who.name(), address);
        if (wait.isPresent()) {
            throw new AccountException(AccountException.Kind.CONFLICT, "currentPassword",
                    "too many wrong passwords; try again in " + Math.max(1, wait.get().toSeconds()) + " s");
        }
        if (!hashing.matches(current, user.passwordHash())) {
            audit(who.auditName(), address, "password-change", "refused: current password wrong");
            throw new AccountException(AccountException.Kind.INVALID, "currentPassword", "the current password is wrong");
        }
        throttle.succeeded(who.name(), address);
        checkPassword(replacement, "newPassword");
        update(new StoreWrite.UpdateUser(user.username(), hashing.hash(replacement), null, null), who.auditName(), address,
                "password-change", "own password changed");
        sessions.closeAll(user.username());
    }

    // ---- users ------------------------------------------------------------------------------------

    public List<UserRecord> users() throws StoreException {
        return store.users();
    }

    /** Creates a user. */
    public UserRecord createUser(String username, char[] password, Role role, String by, String address)
            throws StoreException, AccountException {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new AccountException(AccountException.Kind.INVALID, "username",
                    "must be 1-64 characters: letters, digits and . _ @ - (starting with a letter or digit)");
        }
        checkPassword(password, "password");
        if (store.user(username).isPresent()) {
            throw new AccountException(AccountException.Kind.CONFLICT, "username", "a user named '" + username + "' exists");
        }
        UserRecord user = new UserRecord(username, hashing.hash(password), role.id(), clock.instant(), false);
        store.write(List.of(new StoreWrite.CreateUser(user), audit(by, address, "user-create", "user " + username
                + " created as " + role.id(), clock.instant())));
        return user;
    }

    /** Changes a user's role, password or disabled flag (null leaves it as it is). Ends their sessions. */
    public UserRecord updateUser(String username, @Nullable Role role, char @Nullable [] password, @Nullable Boolean disabled,
                                 String by, String address) throws StoreException, AccountException {
        UserRecord user = store.user(username).orElseThrow(() -> new AccountException(AccountException.Kind.NOT_FOUND, null,
                "no user '" + username + "'"));
        if (password != null) {
            checkPassword(password, "password");
        }
        if (by.equals(username) && (role != null && role != Role.ADMIN || Boolean.TRUE.equals(disabled))) {
            throw new AccountException(AccountException.Kind.CONFLICT, role != null ? "role" : "disabled",
                    "you cannot demote or disable yourself; another admin must");
        }
        List<String> changes = new ArrayList<>();
        if (role != null) {
            changes.add("role " + user.role() + " -> " + role.id());
        }
        if (password != null) {
            changes.add("password reset");
        }
        if (disabled != null) {
            changes.add(disabled ? "disabled" : "enabled");
        }
        update(new StoreWrite.UpdateUser(username, password == null ? null : hashing.hash(password),
                role == null ? null : role.id(), disabled), by, address, "user-update", "user " + username + ": "
                + String.join(", ", changes));
        sessions.closeAll(username);
        return store.user(username).orElseThrow(() -> new AccountException(AccountException.Kind.NOT_FOUND, null,
                "user '" + username + "' was deleted meanwhile"));
    }

    /** Deletes a user and ends their sessions. */
    public void deleteUser(String username, String by, String address) throws StoreException, AccountException {
        if (store.user(username).isEmpty()) {
            throw new AccountException(AccountException.Kind.NOT_FOUND, null, "no user '" + username + "'");
        }
        if (by.equals(username)) {
            throw new AccountException(AccountException.Kind.CONFLICT, null, "you cannot delete yourself; another admin must");
        }
        store.write(List.of(new StoreWrite.DeleteUser(username), audit(by, address, "user-delete", "user " + username + " deleted",
                clock.instant())));
        sessions.closeAll(username);
    }

    // ---- API tokens ---------------------------------------------------------------------------------

    /** A token just created: the record and the full token text, which is shown once and never again. */
    public record NewToken(ApiTokenRecord record, String token) {
        @Override
        public String toString() {
            return "NewToken[" + record + "]";
        }
    }

    public List<ApiTokenRecord> tokens() throws StoreException {
        return store.tokens();
    }

    /** Creates an API token acting with {@code role}, valid for {@code lifetime}. */
    public NewToken createToken(String name, Role role, Duration lifetime, String by, String address)
            throws StoreException, AccountException {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw new AccountException(AccountException.Kind.INVALID, "name", "must say what the token is for, 1-100 characters");
        }
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_TOKEN_LIFETIME) > 0) {
            throw new AccountException(AccountException.Kind.INVALID, "expiresInDays", "must be between 1 and "
                    + MAX_TOKEN_LIFETIME.toDays() + " days");
        }
        ApiTokens.Generated generated = ApiTokens.generate();
        Instant now = clock.instant();
        ApiTokenRecord record = new ApiTokenRecord(generated.id(), name.strip(), ApiTokens.hashSecret(generated.secret()),
                role.id(), by, now, now.plus(lifetime));
        store.write(List.of(new StoreWrite.SaveToken(record), audit(by, address, "token-create", "API token " + generated.id()
                + " '" + record.name() + "' created as " + role.id() + ", expires " + record.expiresAt(), now)));
        return new NewToken(record, generated.text());
    }

    /** Revokes an API token. */
    public void revokeToken(String id, String by, String address) throws StoreException, AccountException {
        ApiTokenRecord record = store.token(id).orElseThrow(() -> new AccountException(AccountException.Kind.NOT_FOUND, null,
                "no API token '" + id + "'"));
        store.write(List.of(new StoreWrite.DeleteToken(id), audit(by, address, "token-revoke", "API token " + id + " '"
                + record.name() + "' revoked", clock.instant())));
    }

    // ---- helpers --------------------------------------------------------------------------------------

    private static void checkPassword(char[] password, String field) throws AccountException {
        if (password == null || password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
            throw new AccountException(AccountException.Kind.INVALID, field, "must be " + MIN_PASSWORD_LENGTH + " to "
                    + MAX_PASSWORD_LENGTH + " characters long (a passphrase of a few words works well)");
        }
    }

    /** Changes the given fields only, in the commit of its audit entry. */
    private void update(StoreWrite.UpdateUser change, String by, String address, String action, String detail)
            throws StoreException {
        store.write(List.of(change, audit(by, address, action, detail, clock.instant())));
    }

    private void audit(String actor, String address, String action, String detail) throws StoreException {
        store.write(List.of(audit(actor, address, action, detail, clock.instant())));
    }

    private static StoreWrite audit(String actor, String address, String action, String detail, Instant at) {
        return new Engine.Operator(actor, address).audit(action, "", List.of(), detail, at);
    }
}
