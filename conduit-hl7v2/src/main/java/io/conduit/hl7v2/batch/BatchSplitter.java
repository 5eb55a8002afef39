package io.conduit.hl7v2.batch;

import io.conduit.core.datatype.MessageFormatException;
import io.conduit.hl7v2.parse.Hl7ErrorCode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits HL7 batch content into messages: FHS/BHS … BTS/FTS batches as well as plain concatenated
 * messages, one message per MSH, with CR, LF or CRLF between segments.
 *
 * <p>Works on the bytes without decoding them (segment ids and delimiters are ASCII in every
 * charset HL7 v2 allows except UTF-16, which batch files do not use), and returns each message's
 * bytes exactly as they were, terminators included. Content that is one plain message comes back
 * as the same array. When BTS-1 (messages in the batch) or FTS-1 (batches in the file) is present
 * it must match what the content holds. Stateless and thread-safe.
 */
public final class BatchSplitter {

    private BatchSplitter() {
    }

    /**
     * @throws MessageFormatException ({@code REJECTED}) when there is no MSH and no batch header,
     *                                segments stand outside any message, or a count does not match
     */
    public static List<byte[]> split(byte[] content) throws MessageFormatException {
        List<byte[]> messages = new ArrayList<>();
        int pos = content.length >= 3 && content[0] == (byte) 0xEF && content[1] == (byte) 0xBB && content[2] == (byte) 0xBF ? 3 : 0;
        int messageStart = -1;
        int messageEnd = -1;
        int inBatch = 0;
        int batches = 0;
        boolean sawHeader = false;
        byte separator = '|';
        while (pos < content.length) {
            int end = pos;
            while (end < content.length && content[end] != '\r' && content[end] != '\n') {
                end++;
            }
            int next = end;
            if (next < content.length && content[next] == '\r') {
                next++;
            }
            if (next < content.length && content[next] == '\n') {
                next++;
            }
            if (next == end) {
                next = end + 1;
            }
            String id = end - pos >= 3 ? new String(content, pos, 3, java.nio.charset.StandardCharsets.ISO_8859_1) : "";
            if (isBlank(content, pos, end)) {
                pos = next;
                continue;
            }
            switch (id) {
                case "MSH", "FHS", "BHS", "BTS", "FTS" -> {
                    if (messageStart >= 0) {
                        messages.add(slice(content, messageStart, messageEnd));
                        messageStart = -1;
                        inBatch++;
                    }
                    if (id.equals("MSH")) {
                        messageStart = pos;
                    }
                    if (!id.equals("BTS") && !id.equals("FTS") && end - pos > 3) {
                        separator = content[pos + 3];
                    }
                    if (id.equals("BHS")) {
                        batches++;
                        inBatch = 0;
                        sawHeader = true;
                    } else if (id.equals("FHS")) {
                        sawHeader = true;
                    } else if (id.equals("BTS")) {
                        checkCount(content, pos, end, separator, inBatch, "BTS-1", "messages in the batch");
                    } else if (id.equals("FTS") && (batches > 0 || messages.isEmpty())) {
                        // FTS-1 counts BHS batches; a file of bare messages has none to count.
                        checkCount(content, pos, end, separator, batches, "FTS-1", "batches in the file");
                    }
                }
                default -> {
                    if (messageStart < 0) {
                        throw new MessageFormatException(MessageFormatException.Kind.REJECTED,
                                "segment " + (isPrintable(id) ? id : "?") + " stands outside any message (no MSH before it)",
                                isPrintable(id) ? id : null, Hl7ErrorCode.SEGMENT_SEQUENCE_ERROR.code());
                    }
                }
            }
            messageEnd = next;
            pos = next;
        }
        if (messageStart >= 0) {
            messages.add(slice(content, messageStart, messageEnd));
        }
        if (messages.isEmpty() && !sawHeader) {
            throw new MessageFormatException(MessageFormatException.Kind.REJECTED, "the content holds no MSH segment", "MSH",
                    Hl7ErrorCode.SEGMENT_SEQUENCE_ERROR.code());
        }
        if (messages.size() == 1 && !sawHeader && messages.get(0).length == content.length) {
            return List.of(content);
        }
        return messages;
    }

    private static void checkCount(byte[] content, int start, int end, byte separator, int actual, String field, String what)
            throws MessageFormatException {
        if (end - start < 5 || content[start + 3] != separator) {
            return;
        }
        int from = start + 4;
        int to = from;
        while (to < end && content[to] != separator && content[to] != '^') {
            to++;
        }
        String text = new String(content, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1).trim();
        if (text.isEmpty()) {
            return;
        }
        int declared;
        try {
            declared = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new MessageFormatException(MessageFormatException.Kind.REJECTED, field + " is not a count", field,
                    Hl7ErrorCode.DATA_TYPE_ERROR.code());
        }
        if (declared != actual) {
            throw new MessageFormatException(MessageFormatException.Kind.REJECTED,
                    field + " declares " + declared + " " + what + " but the content holds " + actual, field,
                    Hl7ErrorCode.SEGMENT_SEQUENCE_ERROR.code());
        }
    }

    private static byte[] slice(byte[] content, int from, int to) {
        return Arrays.copyOfRange(content, from, to);
    }

    private static boolean isBlank(byte[] content, int from, int to) {
        for (int i = from; i < to; i++) {
            if (content[i] != ' ' && content[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    private static boolean isPrintable(String id) {
        return id.length() == 3 && id.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
    }
}
