/**
 * JavaScript script steps ({@code type: script}). Documentation is completed with the engine
 * evaluation below.
 */
@NullMarked
package io.conduit.script;

import org.jspecify.annotations.NullMarked;
