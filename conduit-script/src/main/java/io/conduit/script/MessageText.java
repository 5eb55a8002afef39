package io.conduit.script;

import io.conduit.core.datatype.ParsedMessage;

/** A message's serialized form as text, in its own character set. */
final class MessageText {

    private MessageText() {
    }

    static String of(ParsedMessage message) {
        return new String(message.bytes(), message.charset());
    }
}
