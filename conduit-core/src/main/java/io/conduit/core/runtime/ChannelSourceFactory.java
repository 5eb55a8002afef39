package io.conduit.core.runtime;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;
import io.conduit.core.connector.Source;
import io.conduit.core.connector.SourceContext;
import io.conduit.core.connector.SourceFactory;

/**
 * {@code source: {type: channel}}: a channel fed only by other channels' {@code channel}
 * destinations. It listens to nothing; while the channel is stopped, hand-overs are refused and
 * the sending side retries.
 */
public final class ChannelSourceFactory implements SourceFactory {

    @Override
    public String type() {
        return "channel";
    }

    @Override
    public Source create(ConfigNode config, SourceContext context) throws ConfigException {
        config.finish();
        return new Source() {
            @Override
            public void start() {
            }

            @Override
            public void stop() {
            }
        };
    }
}
