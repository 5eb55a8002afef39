/**
 * Configuration: YAML files read into immutable records, validated once at load. Every error names
 * the file, the line and the field, and says what is allowed.
 */
@NullMarked
package io.conduit.core.config;

import org.jspecify.annotations.NullMarked;
