/**
 * MLLP (Minimal Lower Layer Protocol) source and destination. Framing is written here as a small
 * state machine rather than taken from HAPI's llp package, because the listener must store and
 * answer every kind of broken input (bytes outside frames, oversized and truncated frames) and
 * bound every read, which HAPI's connection classes do not expose.
 */
@NullMarked
package io.conduit.hl7v2.mllp;

import org.jspecify.annotations.NullMarked;
