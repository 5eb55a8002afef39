package io.conduit.hl7v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;
import io.conduit.core.datatype.DataType;
import io.conduit.core.datatype.DataTypeFactory;
import io.conduit.hl7v2.ack.AckMode;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class Hl7v2DataTypeFactoryTest {

    private static DataType create(String yaml) throws ConfigException {
        return new Hl7v2DataTypeFactory().create(ConfigNode.parse(yaml, "channel.yaml", name -> null));
    }

    @Test
    void serviceLoader_findsTheHl7v2Factory() {
        assertThat(ServiceLoader.load(DataTypeFactory.class).stream().map(p -> p.get().type())).contains("hl7v2");
    }

    @Test
    void create_noOptions_usesDefaults() throws Exception {
        Hl7v2DataType type = (Hl7v2DataType) create("");
        assertThat(type.name()).isEqualTo("hl7v2");
        assertThat(type.options()).isEqualTo(Hl7v2Options.DEFAULTS);
        assertThat(type.options().defaultCharset()).isEqualTo(StandardCharsets.ISO_8859_1);
    }

    @Test
    void create_allOptions_areRead() throws Exception {
        Hl7v2DataType type = (Hl7v2DataType) create("""
                validation: strict
                ackMode: enhanced
                defaultCharset: UTF-8
                honorAcceptAckType: true
                """);
        assertThat(type.options()).isEqualTo(new Hl7v2Options(Hl7v2Options.Validation.STRICT, AckMode.ENHANCED, StandardCharsets.UTF_8, true));
    }

    @Test
    void create_unknownKey_namesItAndTheAllowedOnes() {
        assertThatThrownBy(() -> create("validaton: strict\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("validaton")
                .hasMessageContaining("ackMode");
    }

    @Test
    void create_badValue_saysWhatIsAllowed() {
        assertThatThrownBy(() -> create("ackMode: sometimes\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("auto, original, enhanced");
        assertThatThrownBy(() -> create("defaultCharset: NOPE-1\n")).isInstanceOf(ConfigException.class);
    }

    @Test
    void dataType_splitsParsesAndAnswers() throws Exception {
        DataType type = create("");
        byte[] batch = ("BHS|^~\\&\rMSH|^~\\&|A|B|C|D|20240101||ADT^A01|1|P|2.5\rPID|1||11\r"
                + "MSH|^~\\&|A|B|C|D|20240101||ADT^A01|2|P|2.5\rPID|1||22\rBTS|2\r").getBytes(StandardCharsets.ISO_8859_1);
        var messages = type.split(batch);
        assertThat(messages).hasSize(2);
        assertThat(type.parse(messages.get(1)).metadata().getOrNull("patientId")).isEqualTo("22");
    }
}
