/**
 * The control plane's REST API under {@code /api/v1}: channels, queues, messages, audit log,
 * users and tokens, and the session endpoints the dashboard logs in with. Described by the
 * OpenAPI document {@code /api/openapi.json} (a test keeps it and the routes in step).
 *
 * <p>Each route declares the lowest {@link io.conduit.server.auth.Role} it needs where it is
 * registered; {@link io.conduit.server.api.ApiGuard} authenticates the request and enforces it
 * (and CSRF for cookie sessions) before the handler runs. Errors are RFC 9457 problem documents
 * that name the request field at fault. Viewing message content and every operation are written
 * to the audit log before the answer goes out.
 */
@NullMarked
package io.conduit.server.api;

import org.jspecify.annotations.NullMarked;
