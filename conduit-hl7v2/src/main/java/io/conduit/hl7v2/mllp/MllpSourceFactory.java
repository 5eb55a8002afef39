package io.conduit.hl7v2.mllp;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;
import io.conduit.core.connector.Source;
import io.conduit.core.connector.SourceContext;
import io.conduit.core.connector.SourceFactory;

/**
 * {@code source: {type: mllp}}: an MLLP listener. Keys: {@code port} (required), {@code host},
 * {@code maxMessageBytes}, {@code idleTimeout}, {@code maxConnections}, {@code tls}.
 */
public final class MllpSourceFactory implements SourceFactory {

    @Override
    public String type() {
        return "mllp";
    }

    @Override
    public Source create(ConfigNode config, SourceContext context) throws ConfigException {
        MllpSourceSettings settings = MllpSourceSettings.read(config, context.dataDir());
        config.finish();
        return new MllpSource(settings, context);
    }
}
