/**
 * The lean HL7 v2 reader and writer behind the {@code hl7v2} data type.
 *
 * <p><b>Why our own parser.</b> Every received message is parsed and its routing fields extracted
 * before it is stored and acknowledged, so this is the engine's hot path. HAPI's
 * {@code PipeParser} builds the full typed structure of the message (every group, segment, field
 * and primitive as an object, with class loading per version), which costs on the order of 100 µs
 * for a 2 KB ADT message and dominates the receive path. {@link io.conduit.hl7v2.parse.Hl7Message}
 * decodes the bytes once, indexes segment boundaries and splits fields only when asked, which is
 * more than ten times cheaper, and keeps the received bytes so an unmodified message is forwarded
 * byte for byte. HAPI stays in the project as the baseline for tests and benchmarks.
 *
 * <p>What it handles: versions 2.1 to 2.8.x, Z-segments, any delimiters declared in MSH-1/MSH-2
 * (including the v2.7 truncation character), escape sequences, CR/LF/CRLF segment terminators, a
 * UTF-8 byte-order mark, UTF-16 content, and MSH-18 character sets (read from the header bytes
 * before decoding).
 *
 * <p>Public here: {@link io.conduit.hl7v2.parse.Hl7Message} (the path API),
 * {@link io.conduit.hl7v2.parse.Delimiters}, {@link io.conduit.hl7v2.parse.Hl7Charsets} and
 * {@link io.conduit.hl7v2.parse.Hl7ErrorCode}; the escape codec is package-private.
 */
@NullMarked
package io.conduit.hl7v2.parse;

import org.jspecify.annotations.NullMarked;
