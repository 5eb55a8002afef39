package io.conduit.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;
import io.conduit.core.datatype.DataType;
import io.conduit.core.datatype.ParsedMessage;
import io.conduit.core.datatype.ReceiveResult;
import io.conduit.core.message.Metadata;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The built-in {@code path} filter and {@code set} transformer, on a message of plain key/value paths. */
class BuiltInStepsTest {

    /** A message whose paths are map keys: enough to exercise the steps without a real format. */
    private record MapMessage(Map<String, String> fields, Metadata metadata) implements ParsedMessage {
        @Override
        public String dataType() {
            return "map";
        }

        @Override
        public byte[] bytes() {
            return fields.toString().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public Charset charset() {
            return StandardCharsets.UTF_8;
        }

        @Override
        public Optional<String> get(String path) {
            if (path.contains(" ")) {
                throw new IllegalArgumentException("invalid path '" + path + "'");
            }
            return Optional.ofNullable(fields.get(path));
        }

        @Override
        public ParsedMessage with(String path, String value) {
            Map<String, String> copy = new LinkedHashMap<>(fields);
            copy.put(path, value);
            return new MapMessage(copy, metadata);
        }
    }

    private static final DataType NO_TYPE = new DataType() {
        @Override
        public String name() {
            return "map";
        }

        @Override
        public ParsedMessage parse(byte[] raw) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<byte[]> response(byte[] raw, ReceiveResult result) {
            return Optional.empty();
        }
    };

    private static final MapMessage ADT = new MapMessage(Map.of("MSH-9.1", "ADT", "PID-3", "123"),
            Metadata.builder().put(Metadata.MESSAGE_TYPE, "ADT^A01").build());

    private static Filter filter(String yaml) throws ConfigException {
        return new PathFilterFactory().filter(ConfigNode.parse(yaml, "channels/c.yaml", k -> null), NO_TYPE);
    }

    @Test
    void pathFilter_equals_keepsMatches_andNamesTheRuleWhenItDrops() throws Exception {
        assertThat(filter("path: MSH-9.1\nequals: ADT").reject(ADT)).isEmpty();
        assertThat(filter("path: MSH-9.1\nequals: ORU").reject(ADT)).contains("filter: MSH-9.1 equals 'ORU'");
    }

    @Test
    void pathFilter_inMatchesExistsAndNegate() throws Exception {
        assertThat(filter("path: MSH-9.1\nin: [ORU, ADT]").reject(ADT)).isEmpty();
        assertThat(filter("path: PID-3\nmatches: '[0-9]+'").reject(ADT)).isEmpty();
        assertThat(filter("path: PID-3\nmatches: '[A-Z]+'").reject(ADT)).isPresent();
        assertThat(filter("path: ZPI-1\nexists: true").reject(ADT)).isPresent();
        assertThat(filter("path: ZPI-1\nexists: false").reject(ADT)).isEmpty();
        assertThat(filter("path: MSH-9.1\nequals: ADT\nnegate: true").reject(ADT)).isPresent();
    }

    @Test
    void pathFilter_onMetadata() throws Exception {
        assertThat(filter("metadata: messageType\nequals: ADT^A01").reject(ADT)).isEmpty();
        assertThat(filter("metadata: messageType\nequals: ORU^R01").reject(ADT)).isPresent();
    }

    @Test
    void pathFilter_configMistakes_areNamed() {
        assertThatThrownBy(() -> filter("equals: ADT")).hasMessageContaining("give exactly one of 'path'");
        assertThatThrownBy(() -> filter("path: MSH-9.1\nequals: ADT\nin: [ADT]")).hasMessageContaining("exactly one condition");
        assertThatThrownBy(() -> filter("path: PID-3\nmatches: '[unclosed'")).hasMessageContaining("matches: is not a valid regular expression");
    }

    @Test
    void pathFilter_invalidPathAtRunTime_isAStepError() throws Exception {
        assertThatThrownBy(() -> filter("path: not a path\nequals: x").reject(ADT)).isInstanceOf(StepException.class)
                .hasMessageContaining("invalid path");
    }

    @Test
    void setTransformer_writesAValueOrCopiesOne() throws Exception {
        Transformer setValue = new SetTransformerFactory().transformer(
                ConfigNode.parse("path: MSH-5\nvalue: LIS", "c", k -> null), NO_TYPE);
        Transformer copy = new SetTransformerFactory().transformer(
                ConfigNode.parse("path: PID-2\ncopyFrom: PID-3", "c", k -> null), NO_TYPE);
        assertThat(setValue.transform(ADT).get("MSH-5")).contains("LIS");
        assertThat(copy.transform(ADT).get("PID-2")).contains("123");
        assertThat(ADT.get("MSH-5")).as("the input is not modified").isEmpty();
    }
}
