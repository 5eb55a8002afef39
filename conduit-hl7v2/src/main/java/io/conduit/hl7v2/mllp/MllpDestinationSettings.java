package io.conduit.hl7v2.mllp;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;
import io.conduit.core.tls.TlsSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * An MLLP sender's settings ({@code destinations: [{type: mllp, ...}]}).
 *
 * @param onError    what an AE/CE answer means: retry (the peer may recover) or error (give up)
 * @param onReject   what an AR/CR answer means
 * @param onTimeout  what no answer within {@code responseTimeout} means
 * @param persistent keep the connection open between messages (else one connection per message)
 */
record MllpDestinationSettings(String host, int port, Duration connectTimeout, Duration responseTimeout,
                               int maxResponseBytes, Outcome onError, Outcome onReject, Outcome onTimeout,
                               boolean persistent, Optional<TlsSettings> tls) {

    /** What to do with a delivery the peer did not accept. */
    enum Outcome { RETRY, ERROR }

    static MllpDestinationSettings read(ConfigNode node, Path baseDir) throws ConfigException {
        String host = node.string("host");
        int port = node.integer("port", -1, 1, 65535);
        if (port < 0) {
            throw node.error("port", "is required (the peer's TCP port, e.g. 2575)");
        }
        Duration connectTimeout = node.duration("connectTimeout", Duration.ofSeconds(10));
        Duration responseTimeout = node.duration("responseTimeout", Duration.ofSeconds(30));
        int maxResponse = (int) node.size("maxResponseBytes", 1024 * 1024, 64, Integer.MAX_VALUE - 16);
        Outcome onError = node.choice("onError", Outcome.class, Outcome.RETRY);
        Outcome onReject = node.choice("onReject", Outcome.class, Outcome.ERROR);
        Outcome onTimeout = node.choice("onTimeout", Outcome.class, Outcome.RETRY);
        boolean persistent = node.bool("persistent", true);
        Optional<TlsSettings> tls = TlsSettings.read(node, false, baseDir);
        return new MllpDestinationSettings(host, port, connectTimeout, responseTimeout, maxResponse, onError, onReject,
                onTimeout, persistent, tls);
    }
}
