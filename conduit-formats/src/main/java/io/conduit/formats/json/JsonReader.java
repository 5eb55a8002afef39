package io.conduit.formats.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conduit.core.datatype.MessageFormatException;
import io.conduit.formats.common.InputLimits;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Turns bytes into a Jackson tree, within {@link InputLimits}.
 *
 * <p>We build the tree from the token stream ourselves rather than through
 * {@code ObjectMapper.readTree} for three reasons: the depth limit and the duplicate-member check
 * then fail with our own text and the exact location; numbers keep their written precision
 * ({@code 1.10} stays {@code 1.10}); and no Jackson exception text, which quotes the offending
 * token and so possibly PHI, ever reaches an error message.
 *
 * <p>Thread-safe: the Jackson factory is, and each call has its own parser.
 */
final class JsonReader {

    private final JsonFactory factory;
    private final InputLimits limits;

    JsonReader(InputLimits limits) {
        this.limits = limits;
        this.factory = JsonFactory.builder()
                // One level above ours, so that our own depth check (with its clearer text) fires first.
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(limits.maxDepth() + 1).build())
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .build();
    }

    /**
     * Parses one JSON value (RFC 8259, UTF-8) with nothing but white space after it.
     *
     * @throws MessageFormatException (rejected) saying what is wrong and where, without content
     */
    JsonNode read(byte[] raw) throws MessageFormatException {
        limits.checkSize(raw);
        if (looksLikeUtf16Or32(raw)) {
            throw rejected("JSON must be encoded in UTF-8 (RFC 8259); this content looks like UTF-16 or UTF-32", null);
        }
        try (JsonParser parser = factory.createParser(raw)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw rejected("the message holds no JSON value (it is empty or only white space)", null);
            }
            JsonNode root = value(parser, first, 1);
            if (parser.nextToken() != null) {
                throw rejected("there is content after the end of the JSON value", parser.currentTokenLocation());
            }
            return root;
        } catch (JsonEOFException e) {
            throw rejected("the JSON ends before its value is complete", e.getLocation());
        } catch (StreamConstraintsException e) {
            throw rejected("the JSON exceeds a parser limit (nesting, or the length of a number, string or name)", e.getLocation());
        } catch (JsonParseException e) {
            throw rejected(describe(e), e.getLocation());
        } catch (IOException e) {
            throw rejected("the JSON could not be read", null);
        }
    }

    private JsonNode value(JsonParser parser, JsonToken token, int depth) throws IOException, MessageFormatException {
        return switch (token) {
            case START_OBJECT -> object(parser, depth);
            case START_ARRAY -> array(parser, depth);
            case VALUE_STRING -> JsonTree.NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> JsonTree.NODES.numberNode(parser.getIntValue());
                case LONG -> JsonTree.NODES.numberNode(parser.getLongValue());
                default -> JsonTree.NODES.numberNode(parser.getBigIntegerValue());
            };
            // DecimalNode directly: the node factory would strip trailing zeros (1.10 to 1.1).
            case VALUE_NUMBER_FLOAT -> DecimalNode.valueOf(parser.getDecimalValue());
            case VALUE_TRUE -> JsonTree.NODES.booleanNode(true);
            case VALUE_FALSE -> JsonTree.NODES.booleanNode(false);
            case VALUE_NULL -> JsonTree.NODES.nullNode();
            default -> throw rejected("unexpected JSON token", parser.currentTokenLocation());
        };
    }

    private ObjectNode object(JsonParser parser, int depth) throws IOException, MessageFormatException {
        checkDepth(parser, depth);
        ObjectNode object = JsonTree.NODES.objectNode();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
            String name = parser.currentName();
            if (object.has(name)) {
                // Two readers of the same message could each take a different one of the values.
                throw rejected("an object holds the same member name twice", parser.currentTokenLocation());
            }
            object.set(name, value(parser, parser.nextToken(), depth + 1));
        }
        return object;
    }

    private ArrayNode array(JsonParser parser, int depth) throws IOException, MessageFormatException {
        checkDepth(parser, depth);
        ArrayNode array = JsonTree.NODES.arrayNode();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
            array.add(value(parser, t, depth + 1));
        }
        return array;
    }

    private void checkDepth(JsonParser parser, int depth) throws MessageFormatException {
        if (depth > limits.maxDepth()) {
            throw limits.tooDeep(location(parser.currentTokenLocation()));
        }
    }

    /** Jackson's texts quote the offending token; keep only the category. */
    private static String describe(JsonParseException e) {
        String text = String.valueOf(e.getOriginalMessage());
        if (text.startsWith("Invalid UTF-8")) {
            return "the bytes are not valid UTF-8";
        }
        if (text.contains("control character") || text.contains("CTRL-CHAR")) {
            return "a string holds an unescaped control character";
        }
        return "the JSON is malformed: a character or token is not allowed here";
    }

    /** RFC 8259 section 8.1: UTF-8 only. A zero byte among the first two, or a UTF-16 mark, betrays a wider encoding. */
    private static boolean looksLikeUtf16Or32(byte[] raw) {
        if (raw.length >= 2 && (raw[0] == 0 || raw[1] == 0)) {
            return true;
        }
        return raw.length >= 2 && ((raw[0] & 0xFF) == 0xFE && (raw[1] & 0xFF) == 0xFF
                || (raw[0] & 0xFF) == 0xFF && (raw[1] & 0xFF) == 0xFE);
    }

    private static MessageFormatException rejected(String message, @Nullable JsonLocation location) {
        return new MessageFormatException(MessageFormatException.Kind.REJECTED, message, location(location), null);
    }

    private static @Nullable String location(@Nullable JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return null;
        }
        return "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
