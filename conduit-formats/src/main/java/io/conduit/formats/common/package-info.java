/**
 * What the {@code json} and {@code xml} data types share: the {@code metadata:} option that maps
 * metadata keys to paths, and the size and depth limits that guard against hostile input.
 */
@NullMarked
package io.conduit.formats.common;

import org.jspecify.annotations.NullMarked;
