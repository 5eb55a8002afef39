/** TLS settings shared by every network connector. */
@NullMarked
package io.conduit.core.tls;

import org.jspecify.annotations.NullMarked;
