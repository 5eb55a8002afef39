package io.conduit.hl7v2.mllp;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;
import io.conduit.core.tls.TlsSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * An MLLP listener's settings ({@code source: {type: mllp, ...}}).
 *
 * @param host            address to bind ({@code 0.0.0.0} for all interfaces)
 * @param port            TCP port (0 picks a free one)
 * @param maxMessageBytes frames above this are refused with a NAK
 * @param idleTimeout     a connection silent this long is closed
 * @param maxConnections  connections beyond this are closed at once
 * @param tls             TLS (and mutual TLS) when present
 */
record MllpSourceSettings(String host, int port, int maxMessageBytes, Duration idleTimeout, int maxConnections,
                          Optional<TlsSettings> tls) {

    static MllpSourceSettings read(ConfigNode node, Path baseDir) throws ConfigException {
        String host = node.string("host", "0.0.0.0");
        int port = node.integer("port", -1, 0, 65535);
        if (port < 0) {
            throw node.error("port", "is required (the TCP port to listen on, e.g. 2575)");
        }
        int maxBytes = (int) node.size("maxMessageBytes", 10L * 1024 * 1024, 1024, Integer.MAX_VALUE - 16);
        Duration idle = node.duration("idleTimeout", Duration.ofMinutes(10));
        int maxConnections = node.integer("maxConnections", 100, 1, 100_000);
        Optional<TlsSettings> tls = TlsSettings.read(node, true, baseDir);
        return new MllpSourceSettings(host, port, maxBytes, idle, maxConnections, tls);
    }
}
