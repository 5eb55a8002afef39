package io.conduit.core.datatype;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;

/**
 * Builds a {@link DataType} from a channel's {@code dataType:} section. Found with
 * {@link java.util.ServiceLoader}: list implementations in
 * {@code META-INF/services/io.conduit.core.datatype.DataTypeFactory}.
 */
public interface DataTypeFactory {

    /** The name channel files use, e.g. {@code hl7v2}. */
    String type();

    /**
     * @param options the {@code dataType:} mapping (without {@code type}); the factory reads its own
     *                keys and must reject unknown ones via {@link ConfigNode#finish()}
     */
    DataType create(ConfigNode options) throws ConfigException;

    /**
     * The data type with every option at its default (a channel that names only {@code dataType:
     * hl7v2}, a template converting to another format, a tool outside any channel).
     *
     * @param file how errors name the configuration asking for it
     */
    default DataType createWithDefaults(String file) throws ConfigException {
        return create(ConfigNode.parse("{}", file, name -> null));
    }
}
