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
 * {@code splitter: {type: groups, segment: OBR, leading: [ORC]}}: one message per repeating group.
 * A group starts at {@code segment}, or at the {@code leading} segments directly before it (an
 * order's ORC belongs to its OBR: the default when splitting at OBR), and runs to the next group.
 * Each part holds the segments before the first group (MSH, PID, PV1 …) followed by one group.
 * With {@code controlIdSuffix: true} each part's MSH-10 gets {@code -1}, {@code -2} … so receivers
 * that de-duplicate on it see distinct messages. A message without the segment passes through as
 * a single part.
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
        List<String> leading = config.has("leading") ? config.strings("leading")
                : segment.equals("OBR") ? List.of("ORC") : List.of();
        for (String l : leading) {
            if (!Hl7Path.isSegmentId(l) || l.equals("MSH") || l.equals(segment)) {
                throw config.error("leading", "must list segment ids that come right before " + segment + ", e.g. [ORC]");
            }
        }
        config.finish();
        return message -> split(message, segment, java.util.Set.copyOf(leading), suffix);
    }

    private static List<ParsedMessage> split(ParsedMessage message, String segment, java.util.Set<String> leading,
                                             boolean suffix) throws StepException {
        if (!(message instanceof Hl7Message hl7)) {
            throw new StepException("the groups splitter needs an HL7 v2 message, got " + message.dataType());
        }
        int n = hl7.segmentCount();
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (hl7.segmentName(i).equals(segment)) {
                int start = i;
                while (start > 0 && leading.contains(hl7.segmentName(start - 1))
                        && (starts.isEmpty() || start - 1 >= starts.getLast())) {
                    start--;
                }
                if (!starts.isEmpty() && start <= starts.getLast()) {
                    start = i; // the leading segments already belong to the previous group's start
                }
                starts.add(start);
            }
        }
        if (starts.isEmpty()) {
            return List.of(message);
        }
        StringBuilder header = new StringBuilder();
        for (int i = 0; i < starts.getFirst(); i++) {
            header.append(hl7.segment(i)).append('\r');
        }
        List<ParsedMessage> parts = new ArrayList<>();
        for (int g = 0; g < starts.size(); g++) {
            int end = g + 1 < starts.size() ? starts.get(g + 1) : n;
            StringBuilder part = new StringBuilder(header);
            for (int i = starts.get(g); i < end; i++) {
                part.append(hl7.segment(i)).append('\r');
            }
            parts.add(part(hl7, part, g + 1, suffix));
        }
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
