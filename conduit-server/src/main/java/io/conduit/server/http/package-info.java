/**
 * The engine's HTTP port: health endpoints for load balancers and orchestrators, and Prometheus
 * metrics. {@link io.conduit.server.http.HttpServer} is the only public type; the REST API and the
 * dashboard will join it here.
 *
 * <p>Nothing served here carries message content: metrics are labelled by channel and destination
 * name only, and error documents name channels and the store, never a message.
 */
@NullMarked
package io.conduit.server.http;

import org.jspecify.annotations.NullMarked;
