package io.conduit.core.tls;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * TLS for one connector, from its {@code tls:} section: a key store (server certificate, or
 * client certificate for mutual TLS), a trust store (peers to trust; the JVM's default when
 * absent) and, for listeners, whether client certificates are required.
 *
 * <p>Passwords come from the config (use {@code ${ENV}}) and never appear in {@link #toString()}.
 */
public record TlsSettings(@Nullable Path keyStore, char @Nullable [] keyStorePassword, @Nullable Path trustStore,
                          char @Nullable [] trustStorePassword, ClientAuth clientAuth, List<String> protocols,
                          @Nullable String expectedHostname) {

    /** Whether a listener asks for client certificates. */
    public enum ClientAuth { NONE, WANT, NEED }

    /**
     * Reads the optional {@code tls:} mapping of a connector.
     *
     * @param server true for listeners (a key store is then required)
     */
    public static Optional<TlsSettings> read(ConfigNode connector, boolean server, Path baseDir) throws ConfigException {
        Optional<ConfigNode> maybe = connector.object("tls");
        if (maybe.isEmpty()) {
            return Optional.empty();
        }
        ConfigNode node = maybe.get();
        if (!node.bool("enabled", true)) {
            node.allow("keyStore", "keyStorePassword", "trustStore", "trustStorePassword", "clientAuth", "protocols", "hostname");
            node.finish();
            return Optional.empty();
        }
        Path keyStore = node.optString("keyStore").map(p -> baseDir.resolve(p)).orElse(null);
        char[] keyPass = node.optString("keyStorePassword").map(String::toCharArray).orElse(null);
        Path trustStore = node.optString("trustStore").map(p -> baseDir.resolve(p)).orElse(null);
        char[] trustPass = node.optString("trustStorePassword").map(String::toCharArray).orElse(null);
        ClientAuth clientAuth = server ? node.choice("clientAuth", ClientAuth.class, ClientAuth.NONE) : ClientAuth.NONE;
        List<String> protocols = node.strings("protocols");
        String hostname = server ? null : node.optString("hostname").orElse(null);
        node.finish();
        if (server && keyStore == null) {
            throw node.error("keyStore", "is required for a TLS listener (a PKCS12 file with the server's key and certificate)");
        }
        for (Path p : new Path[] {keyStore, trustStore}) {
            if (p != null && !Files.isReadable(p)) {
                throw node.error(p == keyStore ? "keyStore" : "trustStore", "cannot read " + p);
            }
        }
        return Optional.of(new TlsSettings(keyStore, keyPass, trustStore, trustPass, clientAuth,
                protocols.isEmpty() ? List.of("TLSv1.3", "TLSv1.2") : protocols, hostname));
    }

    /** Builds the SSL context (loads the stores). */
    public SSLContext context() throws GeneralSecurityException, IOException {
        KeyManagerFactory kmf = null;
        if (keyStore != null) {
            KeyStore ks = load(keyStore, keyStorePassword);
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, keyStorePassword == null ? new char[0] : keyStorePassword);
        }
        TrustManagerFactory tmf = null;
        if (trustStore != null) {
            tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(load(trustStore, trustStorePassword));
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
        return context;
    }

    /** Parameters to apply to sockets: protocols, client auth, and host name checking for clients. */
    public SSLParameters parameters(SSLContext context, boolean server) {
        SSLParameters params = context.getDefaultSSLParameters();
        params.setProtocols(protocols.toArray(String[]::new));
        if (server) {
            params.setNeedClientAuth(clientAuth == ClientAuth.NEED);
            if (clientAuth == ClientAuth.WANT) {
                params.setWantClientAuth(true);
            }
        } else {
            // Verify that the peer's certificate names the host we connect to (unless told which name to expect).
            params.setEndpointIdentificationAlgorithm("HTTPS");
        }
        return params;
    }

    private static KeyStore load(Path path, char @Nullable [] password) throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(path)) {
            ks.load(in, password);
        }
        return ks;
    }

    @Override
    public String toString() {
        return "TlsSettings[keyStore=" + keyStore + ", trustStore=" + trustStore + ", clientAuth=" + clientAuth
                + ", protocols=" + protocols + ", passwords=***]";
    }
}
