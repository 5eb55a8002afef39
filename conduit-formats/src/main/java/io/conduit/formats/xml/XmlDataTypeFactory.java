package io.conduit.formats.xml;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;
import io.conduit.core.datatype.DataType;
import io.conduit.core.datatype.DataTypeFactory;
import io.conduit.formats.common.InputLimits;
import io.conduit.formats.common.MetadataPaths;

/**
 * {@code dataType: xml}. Options, all optional:
 *
 * <pre>
 * dataType:
 *   type: xml
 *   metadata:                       # metadata field: XML path (no wildcards)
 *     messageType: /order/@type
 *     controlId: /order/@id
 *     patientId: /order/patient/id
 *   maxBytes: 16MB                  # larger messages are rejected
 *   maxDepth: 100                   # deeper nesting of elements is rejected
 * </pre>
 */
public final class XmlDataTypeFactory implements DataTypeFactory {

    @Override
    public String type() {
        return XmlDataType.NAME;
    }

    @Override
    public DataType create(ConfigNode options) throws ConfigException {
        MetadataPaths metadata = MetadataPaths.read(options, "metadata", XmlDataTypeFactory::checkMetadataPath);
        InputLimits limits = InputLimits.read(options);
        options.finish();
        return new XmlDataType(new XmlOptions(limits, metadata));
    }

    private static void checkMetadataPath(String path) {
        if (XmlPath.parse(path).hasWildcard()) {
            throw new IllegalArgumentException("'" + path + "' has a wildcard; a metadata field takes one value (use item[1])");
        }
    }
}
