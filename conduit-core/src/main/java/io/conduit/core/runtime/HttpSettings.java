package io.conduit.core.runtime;

/**
 * The engine's HTTP port (health, metrics, REST API and dashboard): the {@code http:}
 * mapping of {@code conduit.yaml}.
 *
 * <p>The default host is the loopback address: the port must not be reachable from other machines
 * unless an operator says so (and should then use TLS).
 *
 * @param enabled whether {@code conduit run} opens the port at all
 * @param host    the address to bind to ({@code 0.0.0.0} for every interface)
 * @param port    the TCP port; {@code 0} picks a free one (tests)
 * @param tls          HTTPS on this port (key store, optional client certificates), or null for plain HTTP
 * @param redirectPort with TLS: a plain-HTTP port that redirects every request to HTTPS; -1 for none,
 *                     0 for a free one (tests)
 * @param auth         sessions and OpenID Connect ({@code http.auth:})
 */
public record HttpSettings(boolean enabled, String host, int port, io.conduit.core.tls.@org.jspecify.annotations.Nullable TlsSettings tls,
                           int redirectPort, AuthSettings auth) {

    /** Plain HTTP with default authentication settings. */
    public HttpSettings(boolean enabled, String host, int port) {
        this(enabled, host, port, null, -1, AuthSettings.defaults());
    }

    /** The port used when {@code http.port} is absent. */
    public static final int DEFAULT_PORT = 8080;
    /** The address used when {@code http.host} is absent: loopback only. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    public HttpSettings {
        if (host.isBlank()) {
            throw new IllegalArgumentException("http host must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("http port must be between 0 and 65535, got " + port);
        }
        if (redirectPort < -1 || redirectPort > 65535 || redirectPort >= 0 && tls == null) {
            throw new IllegalArgumentException("http redirectPort needs tls and must be between 0 and 65535, got " + redirectPort);
        }
    }

    /** Enabled, on {@value #DEFAULT_HOST}:{@value #DEFAULT_PORT}. */
    public static HttpSettings defaults() {
        return new HttpSettings(true, DEFAULT_HOST, DEFAULT_PORT);
    }
}
