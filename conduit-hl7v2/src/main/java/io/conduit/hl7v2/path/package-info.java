/**
 * HL7 v2 path notation ({@code PID-5[1].2}, {@code OBX[*]-5}) shared by messages, validators and
 * ACK error locations.
 */
@NullMarked
package io.conduit.hl7v2.path;

import org.jspecify.annotations.NullMarked;
