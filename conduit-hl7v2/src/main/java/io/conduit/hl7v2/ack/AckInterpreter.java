package io.conduit.hl7v2.ack;

import io.conduit.core.datatype.MessageFormatException;
import io.conduit.core.datatype.ResponseStatus;
import io.conduit.hl7v2.parse.Hl7Message;
import java.nio.charset.Charset;
import java.util.Optional;

/**
 * Reads a peer's ACK: MSA-1 AA/CA → accepted, AE/CE → error, AR/CR → rejected. The detail is the
 * code plus MSA-3 or, when that is empty, the ERR text (ERR-3.2 from v2.5, ERR-1.4.2 before, ERR-8).
 * Thread-safe.
 */
public final class AckInterpreter {

    private final Charset defaultCharset;

    /** @param defaultCharset for responses without MSH-18 */
    public AckInterpreter(Charset defaultCharset) {
        this.defaultCharset = defaultCharset;
    }

    /** The verdict in {@code response}; unreadable responses and unknown codes count as errors. */
    public ResponseStatus interpret(byte[] response) {
        Hl7Message ack;
        try {
            ack = Hl7Message.read(response, defaultCharset);
        } catch (MessageFormatException e) {
            return new ResponseStatus(ResponseStatus.Verdict.ERROR, "response is not an HL7 message: " + e.getMessage());
        }
        Optional<String> msa1 = ack.get("MSA-1");
        if (msa1.isEmpty()) {
            return new ResponseStatus(ResponseStatus.Verdict.ERROR, "response has no MSA-1 acknowledgment code");
        }
        AckCode code;
        try {
            code = AckCode.valueOf(msa1.get().trim());
        } catch (IllegalArgumentException e) {
            return new ResponseStatus(ResponseStatus.Verdict.ERROR, "response has an unknown acknowledgment code in MSA-1");
        }
        String text = ack.get("MSA-3")
                .or(() -> ack.get("ERR-3.2"))
                .or(() -> ack.get("ERR-1.4.2"))
                .or(() -> ack.get("ERR-8"))
                .orElse("");
        // MSA-3 is at most 80 characters by the standard; a peer's free text gets no more room.
        String shortText = text.length() > 80 ? text.substring(0, 80) + "…" : text;
        String detail = shortText.isEmpty() ? code.name() : code.name() + ": " + shortText;
        ResponseStatus.Verdict verdict = switch (code.outcome()) {
            case ACCEPT -> ResponseStatus.Verdict.ACCEPTED;
            case ERROR -> ResponseStatus.Verdict.ERROR;
            case REJECT -> ResponseStatus.Verdict.REJECTED;
        };
        return new ResponseStatus(verdict, detail);
    }
}
