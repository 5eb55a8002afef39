package io.conduit.hl7v2.mllp;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;
import io.conduit.core.connector.Destination;
import io.conduit.core.connector.DestinationContext;
import io.conduit.core.connector.DestinationFactory;

/**
 * {@code type: mllp} destination: sends over MLLP and waits for the answer. Keys: {@code host},
 * {@code port} (required), {@code connectTimeout}, {@code responseTimeout}, {@code maxResponseBytes},
 * {@code onError}/{@code onReject}/{@code onTimeout} (retry|error), {@code persistent}, {@code tls}.
 */
public final class MllpDestinationFactory implements DestinationFactory {

    @Override
    public String type() {
        return "mllp";
    }

    @Override
    public Destination create(ConfigNode config, DestinationContext context) throws ConfigException {
        MllpDestinationSettings settings = MllpDestinationSettings.read(config, context.dataDir());
        config.finish();
        return new MllpDestination(settings, context);
    }
}
