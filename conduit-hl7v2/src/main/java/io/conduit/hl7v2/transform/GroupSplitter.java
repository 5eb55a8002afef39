package io.conduit.hl7v2.transform;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;
import io.conduit.core.datatype.MessageFormatException;
import io.conduit.core.datatype.ParsedMessage;
import io.conduit.core.pipeline.Splitter;
import io.conduit.core.pipeline.StepContext;
import io.conduit.core.pipeline.StepException;
import io.conduit.core.pipeline.StepFactory;
import io.conduit.hl7v2.parse.Hl7Message;
import io.conduit.hl7v2.path.Hl7Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code splitter: {type: groups, segment: OBR}}: one message per repeating group. Each part holds
 * the segments before the first {@code segment} (MSH, PID, PV1 …) followed by one group: that
 * segment and everything up to the next one. With {@code controlIdSuffix: true} each part's MSH-10
 * gets {@code -1}, {@code -2} … so receivers that de-duplicate on it see distinct messages. A
 * message without the segment passes through as a single part.
 */
public final class GroupSplitter implements StepFactory {

    @Override
    public String type() {
        return "groups";
    }

    @Override
    public Splitter splitter(ConfigNode config, StepContext context) throws ConfigException {
        if (!context.dataType().name().equals(Hl7Message.DATA_TYPE)) {
            throw config.error("type", "the groups splitter works on hl7v2 channels; this channel's data type is "
                    + context.dataType().name());
        }
        String segment = config.string("segment");
        if (!Hl7Path.isSegmentId(segment) || segment.equals("MSH")) {
            throw config.error("segment", "must be the segment id that starts each group, e.g. OBR or ORC");
        }
        boolean suffix = config.bool("controlIdSuffix", false);
        config.finish();
        return message -> split(message, segment, suffix);
    }

    private static List<ParsedMessage> split(ParsedMessage message, String segment, boolean suffix) throws StepException {
        if (!(message instanceof Hl7Message hl7)) {
            throw new StepException("the groups splitter needs an HL7 v2 message, got " + message.dataType());
        }
        int n = hl7.segmentCount();
        int first = -1;
        for (int i = 0; i < n; i++) {
            if (hl7.segmentName(i).equals(segment)) {
                first = i;
                break;
            }
        }
        if (first < 0) {
            return List.of(message);
        }
        StringBuilder header = new StringBuilder();
        for (int i = 0; i < first; i++) {
            header.append(hl7.segment(i)).append('\r');
        }
        List<ParsedMessage> parts = new ArrayList<>();
        StringBuilder part = null;
        for (int i = first; i < n; i++) {
            if (hl7.segmentName(i).equals(segment)) {
                if (part != null) {
                    parts.add(part(hl7, part, parts.size() + 1, suffix));
                }
                part = new StringBuilder(header);
            }
            part.append(hl7.segment(i)).append('\r');
        }
        parts.add(part(hl7, part, parts.size() + 1, suffix));
        return parts;
    }

    private static ParsedMessage part(Hl7Message original, StringBuilder text, int number, boolean suffix) throws StepException {
        try {
            Hl7Message parsed = Hl7Message.parse(text.toString().getBytes(original.charset()), original.charset());
            if (suffix) {
                return parsed.with("MSH-10", parsed.get("MSH-10").orElse("") + "-" + number);
            }
            return parsed;
        } catch (MessageFormatException e) {
            throw new StepException("part " + number + " is not a valid message: " + e.describe(), e);
        }
    }
}
