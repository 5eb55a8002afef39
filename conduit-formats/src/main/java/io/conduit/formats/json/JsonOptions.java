package io.conduit.formats.json;

import io.conduit.formats.common.InputLimits;
import io.conduit.formats.common.MetadataPaths;
import java.util.Objects;

/**
 * Settings of one {@code json} data type, as read from a channel's {@code dataType:} section.
 *
 * @param limits   the largest message and the deepest nesting accepted
 * @param metadata which JSON path gives which metadata field
 */
public record JsonOptions(InputLimits limits, MetadataPaths metadata) {

    /** Default limits, no metadata. */
    public static final JsonOptions DEFAULTS = new JsonOptions(InputLimits.DEFAULTS, MetadataPaths.NONE);

    /** Rejects nulls. */
    public JsonOptions {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(metadata, "metadata");
    }
}
