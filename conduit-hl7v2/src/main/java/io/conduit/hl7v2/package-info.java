/**
 * The {@code hl7v2} data type: {@link io.conduit.hl7v2.Hl7v2DataType}, built by
 * {@link io.conduit.hl7v2.Hl7v2DataTypeFactory} from {@link io.conduit.hl7v2.Hl7v2Options}.
 * Messages are {@link io.conduit.hl7v2.parse.Hl7Message}s, addressed with HL7 paths
 * ({@link io.conduit.hl7v2.path.Hl7Path}).
 *
 * <p>Subpackages: {@code parse} (the lean reader/writer and path API), {@code path} (path
 * notation), {@code ack} (ACK building and reading), {@code validate} (strict validation),
 * {@code batch} (FHS/BHS batch splitting), {@code describe} (a message as a table of
 * named fields, for display). {@code mllp} holds the MLLP connectors.
 */
@NullMarked
package io.conduit.hl7v2;

import org.jspecify.annotations.NullMarked;
