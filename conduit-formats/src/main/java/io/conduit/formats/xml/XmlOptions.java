package io.conduit.formats.xml;

import io.conduit.formats.common.InputLimits;
import io.conduit.formats.common.MetadataPaths;
import java.util.Objects;

/**
 * Settings of one {@code xml} data type, as read from a channel's {@code dataType:} section.
 *
 * @param limits   the largest message and the deepest element nesting accepted
 * @param metadata which XML path gives which metadata field
 */
public record XmlOptions(InputLimits limits, MetadataPaths metadata) {

    /** Default limits, no metadata. */
    public static final XmlOptions DEFAULTS = new XmlOptions(InputLimits.DEFAULTS, MetadataPaths.NONE);

    /** Rejects nulls. */
    public XmlOptions {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(metadata, "metadata");
    }
}
