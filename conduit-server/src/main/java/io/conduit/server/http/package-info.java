/**
 * The engine's HTTP port: the REST API ({@link io.conduit.server.api}) and its OpenAPI document,
 * the dashboard (static files under {@code /ui/}), health endpoints for load balancers and
 * orchestrators, and Prometheus metrics. {@link io.conduit.server.http.HttpServer} is the only
 * public type; it sets the security headers (a Content-Security-Policy per path) and turns every
 * error into an RFC 9457 problem document.
 *
 * <p>Health and metrics carry no message content (metrics are labelled by channel and destination
 * name only) and need no login; everything under {@code /api/v1} is authenticated and authorised
 * by the API's guard.
 */
@NullMarked
package io.conduit.server.http;

import org.jspecify.annotations.NullMarked;
