package io.conduit.hl7v2;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;
import io.conduit.core.datatype.DataType;
import io.conduit.core.datatype.DataTypeFactory;
import io.conduit.hl7v2.ack.AckMode;

/**
 * {@code dataType: hl7v2}. Options, all optional:
 *
 * <pre>
 * dataType:
 *   type: hl7v2
 *   validation: none            # none | strict
 *   ackMode: auto               # auto | original | enhanced
 *   defaultCharset: ISO-8859-1  # for messages without MSH-18
 *   honorAcceptAckType: false   # let MSH-15 NE/ER/SU suppress the ACK (enhanced mode)
 * </pre>
 *
 * See {@link Hl7v2Options} for what each does and why the defaults are what they are.
 */
public final class Hl7v2DataTypeFactory implements DataTypeFactory {

    @Override
    public String type() {
        return Hl7v2DataType.NAME;
    }

    @Override
    public DataType create(ConfigNode options) throws ConfigException {
        Hl7v2Options defaults = Hl7v2Options.DEFAULTS;
        var validation = options.choice("validation", Hl7v2Options.Validation.class, defaults.validation());
        var ackMode = options.choice("ackMode", AckMode.class, defaults.ackMode());
        var charset = options.charset("defaultCharset", defaults.defaultCharset());
        var honorAcceptAckType = options.bool("honorAcceptAckType", defaults.honorAcceptAckType());
        options.finish();
        return new Hl7v2DataType(new Hl7v2Options(validation, ackMode, charset, honorAcceptAckType));
    }
}
