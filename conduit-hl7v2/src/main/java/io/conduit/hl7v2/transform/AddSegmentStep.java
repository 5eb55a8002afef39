package io.conduit.hl7v2.transform;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;
import io.conduit.core.pipeline.StepContext;
import io.conduit.core.pipeline.StepException;
import io.conduit.core.pipeline.StepFactory;
import io.conduit.core.pipeline.Transformer;
import io.conduit.hl7v2.parse.Hl7Message;
import io.conduit.hl7v2.path.Hl7Path;
import java.util.Optional;

/**
 * {@code {type: addSegment, segment: "ZPI|1|VIP", after: PID}}: inserts a segment, written in the
 * standard delimiters {@code |^~\&} (converted to the message's own), after the last segment named
 * {@code after}, or at the end. Values are then filled with {@code set} or {@code copy} steps.
 */
public final class AddSegmentStep implements StepFactory {

    @Override
    public String type() {
        return "addSegment";
    }

    @Override
    public Transformer transformer(ConfigNode config, StepContext context) throws ConfigException {
        if (!context.dataType().name().equals(Hl7Message.DATA_TYPE)) {
            throw config.error("type", "addSegment works on hl7v2 channels; this channel's data type is " + context.dataType().name());
        }
        String segment = config.string("segment");
        if (segment.length() < 3 || !Hl7Path.isSegmentId(segment.substring(0, 3)) || segment.length() > 3 && segment.charAt(3) != '|') {
            throw config.error("segment", "must start with a segment id and '|', e.g. ZPI|1|VIP");
        }
        if (segment.indexOf('\r') >= 0 || segment.indexOf('\n') >= 0) {
            throw config.error("segment", "must be one segment (one line)");
        }
        Optional<String> after = config.optString("after");
        if (after.isPresent() && !Hl7Path.isSegmentId(after.get())) {
            throw config.error("after", "must be a segment id such as PID");
        }
        config.finish();
        return message -> {
            if (!(message instanceof Hl7Message hl7)) {
                throw new StepException("addSegment needs an HL7 v2 message, got " + message.dataType());
            }
            var d = hl7.delimiters();
            String converted = segment.replace('|', d.field()).replace('^', d.component()).replace('~', d.repetition())
                    .replace('&', d.subcomponent());
            return hl7.withSegment(converted, after.orElse(null));
        };
    }
}
