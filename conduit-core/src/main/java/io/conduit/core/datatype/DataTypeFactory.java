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
}
