/**
 * Splitting HL7 batch files (FHS/BHS … BTS/FTS) and concatenated messages into single messages.
 * Internal to the module.
 */
@NullMarked
package io.conduit.hl7v2.batch;

import org.jspecify.annotations.NullMarked;
