/**
 * The filter and transformer SPI that channels run messages through, and the basic built-in
 * steps ({@code path} filter, {@code set} transformer). Richer steps plug in through
 * {@link io.conduit.core.pipeline.StepFactory}.
 */
@NullMarked
package io.conduit.core.pipeline;

import org.jspecify.annotations.NullMarked;
