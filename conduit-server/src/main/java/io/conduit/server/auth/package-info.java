/**
 * Who may use the control plane, and as what: local users (Argon2id password hashes), API tokens
 * (stored hashed, scoped to a role, expiring), dashboard sessions with CSRF tokens, optional
 * OpenID Connect bearer tokens, login throttling and the one-time first-start setup.
 *
 * <p>Users and tokens live in the message store (migration V5), so they survive restarts and are
 * shared by engines on one PostgreSQL store; every change is written together with its audit
 * entry. Sessions live in memory: a restart logs everybody out, which is the safe direction.
 *
 * <p>Secrets never reach a log or an exception text: passwords, token secrets, session ids and
 * CSRF tokens are compared in constant time and only their owners' names are logged.
 */
@NullMarked
package io.conduit.server.auth;

import org.jspecify.annotations.NullMarked;
