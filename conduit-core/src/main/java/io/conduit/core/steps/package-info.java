/**
 * The declarative transformer steps every data type gets: {@code set}, {@code copy},
 * {@code delete}, {@code formatDate}, {@code map}, {@code replace}, {@code upper}, {@code lower},
 * {@code trim}, {@code forEach} and {@code template}. They work through
 * {@link io.conduit.core.datatype.ParsedMessage}'s paths, so the same step reads HL7 v2
 * ({@code PID-5.1}), JSON ({@code /patient/name}) or XML paths. A path with a wildcard
 * ({@code OBX[*]-5}) applies the step to every match.
 *
 * <p>Steps are built once, when the channel loads, with every option validated there; running a
 * step allocates only the new message.
 */
@NullMarked
package io.conduit.core.steps;

import org.jspecify.annotations.NullMarked;
