/**
 * HL7 acknowledgments: building the ACK/NAK a source returns ({@link io.conduit.hl7v2.ack.AckBuilder})
 * and reading a peer's ACK ({@link io.conduit.hl7v2.ack.AckInterpreter}). Error codes follow HL7
 * table 0357 and locations the ERR segment of the message's version.
 *
 * <p>Internal to the {@code hl7v2} module: the public types here are public only so the data type in
 * the parent package can use them.
 */
@NullMarked
package io.conduit.hl7v2.ack;

import org.jspecify.annotations.NullMarked;
