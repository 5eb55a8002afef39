/**
 * The data type SPI: how the engine parses, validates and answers one message format without
 * knowing the format itself.
 */
@NullMarked
package io.conduit.core.datatype;

import org.jspecify.annotations.NullMarked;
