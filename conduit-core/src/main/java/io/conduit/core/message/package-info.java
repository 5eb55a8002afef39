/** The immutable message model: ids, metadata, statuses and the stages a message passes through. */
@NullMarked
package io.conduit.core.message;

import org.jspecify.annotations.NullMarked;
