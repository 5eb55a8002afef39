/**
 * Strict validation ({@code validation: strict}) of HL7 v2 messages against a compact rule table.
 *
 * <p><b>Why our own table rather than HAPI's validation.</b> HAPI's default validation context
 * checks primitive formats but not required fields or segments, it needs the typed structures of
 * the message's exact version (only v2.5, v2.5.1 and v2.8.1 are on our classpath; the canonical
 * 2.8.1 model rejects content in fields later versions withdrew, so older messages parsed "up"
 * fail), and a full HAPI parse costs about ten times our whole receive path. The table covers the
 * segments real feeds carry (MSH, EVN, PID, PV1, NK1, OBR, OBX, ORC, …) for all versions 2.1 to
 * 2.8.x, and a test checks it against HAPI's structure definitions, so HAPI still stands behind
 * the rules. Internal to the module.
 */
@NullMarked
package io.conduit.hl7v2.validate;

import org.jspecify.annotations.NullMarked;
