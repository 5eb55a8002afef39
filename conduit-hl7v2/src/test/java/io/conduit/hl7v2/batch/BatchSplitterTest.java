package io.conduit.hl7v2.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conduit.core.datatype.MessageFormatException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BatchSplitterTest {

    private static final String M1 = "MSH|^~\\&|A|B|C|D|20240101||ADT^A01|1|P|2.5\rPID|1||11\r";
    private static final String M2 = "MSH|^~\\&|A|B|C|D|20240101||ADT^A08|2|P|2.5\rPID|1||22\rPV1|1|I\r";
    private static final String M3 = "MSH|^~\\&|A|B|C|D|20240101||ADT^A03|3|P|2.5\rPID|1||33\r";

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static List<String> split(String content) throws MessageFormatException {
        return BatchSplitter.split(bytes(content)).stream().map(b -> new String(b, StandardCharsets.ISO_8859_1)).toList();
    }

    @Test
    void split_fileBatchWithCounts_givesEachMessageByteExact() throws Exception {
        String content = "FHS|^~\\&|A|B\rBHS|^~\\&|A|B\r" + M1 + M2 + M3 + "BTS|3\rFTS|1\r";
        assertThat(split(content)).containsExactly(M1, M2, M3);
    }

    @Test
    void split_twoBatches_checksEachBatchCount() throws Exception {
        String content = "FHS|^~\\&\rBHS|^~\\&\r" + M1 + "BTS|1\rBHS|^~\\&\r" + M2 + M3 + "BTS|2\rFTS|2\r";
        assertThat(split(content)).containsExactly(M1, M2, M3);
    }

    @Test
    void split_btsCountMismatch_isRejectedAtBts1() {
        String content = "BHS|^~\\&\r" + M1 + M2 + "BTS|3\r";
        assertThatThrownBy(() -> split(content)).isInstanceOfSatisfying(MessageFormatException.class, e -> {
            assertThat(e.kind()).isEqualTo(MessageFormatException.Kind.REJECTED);
            assertThat(e.location()).isEqualTo("BTS-1");
            assertThat(e.getMessage()).contains("3", "2");
        });
    }

    @Test
    void split_ftsCountMismatch_isRejectedAtFts1() {
        String content = "FHS|^~\\&\rBHS|^~\\&\r" + M1 + "BTS|1\rFTS|2\r";
        assertThatThrownBy(() -> split(content)).isInstanceOfSatisfying(MessageFormatException.class,
                e -> assertThat(e.location()).isEqualTo("FTS-1"));
    }

    @Test
    void split_batchWithoutTrailerCounts_isAccepted() throws Exception {
        assertThat(split("BHS|^~\\&\r" + M1 + M2 + "BTS\r")).containsExactly(M1, M2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\r", "\n", "\r\n"})
    void split_concatenatedMessages_anyTerminator(String terminator) throws Exception {
        String content = (M1 + M2 + "\r").replace("\r", terminator);
        assertThat(split(content)).containsExactly(M1.replace("\r", terminator), M2.replace("\r", terminator));
    }

    @Test
    void split_singleMessage_isTheSameArray() throws Exception {
        byte[] content = bytes(M1);
        assertThat(BatchSplitter.split(content)).singleElement().isSameAs(content);
    }

    @Test
    void split_emptyBatch_givesNoMessages() throws Exception {
        assertThat(split("BHS|^~\\&\rBTS|0\r")).isEmpty();
    }

    @Test
    void split_noMsh_isRejected() {
        assertThatThrownBy(() -> split("hello world")).isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(() -> split("PID|1||11\r" + M1)).isInstanceOfSatisfying(MessageFormatException.class,
                e -> assertThat(e.location()).isEqualTo("PID"));
    }
}
