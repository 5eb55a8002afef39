package io.conduit.core.datatype.raw;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;
import io.conduit.core.datatype.DataType;
import io.conduit.core.datatype.DataTypeFactory;
import java.nio.charset.StandardCharsets;

/** {@code dataType: raw} with optional {@code charset} (default UTF-8). */
public final class RawDataTypeFactory implements DataTypeFactory {

    @Override
    public String type() {
        return RawDataType.NAME;
    }

    @Override
    public DataType create(ConfigNode options) throws ConfigException {
        var charset = options.charset("charset", StandardCharsets.UTF_8);
        options.finish();
        return new RawDataType(charset);
    }
}
