package io.conduit.core.pipeline;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;
import io.conduit.core.datatype.DataType;
import java.util.Optional;

/**
 * {@code type: set} transformer: writes {@code value}, or the value found at {@code copyFrom},
 * to {@code path} (e.g. {@code path: MSH-5, value: ARCHIVE}). Copying from an empty path writes
 * an empty value.
 */
public final class SetTransformerFactory implements StepFactory {

    @Override
    public String type() {
        return "set";
    }

    @Override
    public Transformer transformer(ConfigNode config, DataType dataType) throws ConfigException {
        String path = config.string("path");
        Optional<String> value = config.optString("value");
        Optional<String> copyFrom = config.optString("copyFrom");
        if (value.isPresent() == copyFrom.isPresent()) {
            throw config.error("give exactly one of 'value' or 'copyFrom'");
        }
        config.finish();
        return message -> {
            try {
                String v = value.isPresent() ? value.get() : message.get(copyFrom.orElseThrow()).orElse("");
                return message.with(path, v);
            } catch (IllegalArgumentException e) {
                throw new StepException("set " + path + ": " + e.getMessage());
            }
        };
    }
}
