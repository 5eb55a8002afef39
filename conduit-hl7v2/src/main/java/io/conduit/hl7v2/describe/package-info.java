/**
 * HL7 v2 messages described for people: {@link io.conduit.hl7v2.describe.Hl7FieldNames} gives the
 * standard's name of a field. Meant for display (the dashboard's message view), not for the
 * receive path.
 */
@NullMarked
package io.conduit.hl7v2.describe;

import org.jspecify.annotations.NullMarked;
