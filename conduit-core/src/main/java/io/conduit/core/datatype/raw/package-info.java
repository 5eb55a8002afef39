/** The {@code raw} data type: content moved as bytes, untouched. */
@NullMarked
package io.conduit.core.datatype.raw;

import org.jspecify.annotations.NullMarked;
