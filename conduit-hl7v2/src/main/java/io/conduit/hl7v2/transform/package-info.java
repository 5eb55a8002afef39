/**
 * Transformer steps that only make sense for HL7 v2: {@code addSegment}. The generic steps
 * ({@code set}, {@code copy}, {@code delete} of a segment, {@code map} …) live in
 * {@code io.conduit.core.steps} and reach HL7 v2 through its paths.
 */
@NullMarked
package io.conduit.hl7v2.transform;

import org.jspecify.annotations.NullMarked;
