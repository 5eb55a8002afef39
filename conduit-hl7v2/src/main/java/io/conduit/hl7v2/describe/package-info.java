/**
 * HL7 v2 messages described for people: {@link io.conduit.hl7v2.describe.Hl7Table} lists every
 * value of a message as a row (segment, field, field name, repetition, component, subcomponent,
 * decoded value), with names from {@link io.conduit.hl7v2.describe.Hl7FieldNames}. Meant for
 * display (the dashboard's message view), not for the receive path.
 */
@NullMarked
package io.conduit.hl7v2.describe;

import org.jspecify.annotations.NullMarked;
