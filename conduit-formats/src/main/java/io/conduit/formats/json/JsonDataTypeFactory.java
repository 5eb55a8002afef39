package io.conduit.formats.json;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;
import io.conduit.core.datatype.DataType;
import io.conduit.core.datatype.DataTypeFactory;
import io.conduit.formats.common.InputLimits;
import io.conduit.formats.common.MetadataPaths;

/**
 * {@code dataType: json}. Options, all optional:
 *
 * <pre>
 * dataType:
 *   type: json
 *   metadata:                       # metadata field: JSON path (no wildcards)
 *     messageType: /resourceType
 *     controlId: /id
 *     patientId: /subject/reference
 *   maxBytes: 16MB                  # larger messages are rejected
 *   maxDepth: 100                   # deeper nesting of objects and arrays is rejected
 * </pre>
 */
public final class JsonDataTypeFactory implements DataTypeFactory {

    @Override
    public String type() {
        return JsonDataType.NAME;
    }

    @Override
    public DataType create(ConfigNode options) throws ConfigException {
        MetadataPaths metadata = MetadataPaths.read(options, "metadata", JsonDataTypeFactory::checkMetadataPath);
        InputLimits limits = InputLimits.read(options);
        options.finish();
        return new JsonDataType(new JsonOptions(limits, metadata));
    }

    private static void checkMetadataPath(String path) {
        if (JsonPath.parse(path).hasWildcard()) {
            throw new IllegalArgumentException("'" + path + "' has a wildcard; a metadata field takes one value (use /items/0/id)");
        }
    }
}
