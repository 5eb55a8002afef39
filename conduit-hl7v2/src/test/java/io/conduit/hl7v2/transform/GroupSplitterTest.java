package io.conduit.hl7v2.transform;

import static io.conduit.hl7v2.transform.StepHarness.hl7;
import static org.assertj.core.api.Assertions.assertThat;

import io.conduit.core.config.ConfigNode;
import io.conduit.core.datatype.ParsedMessage;
import io.conduit.core.pipeline.FileLookupTables;
import io.conduit.core.pipeline.PipelineBuilder;
import io.conduit.core.pipeline.Splitter;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HL7 v2 groups splitter: each part keeps the header and exactly one order group. */
class GroupSplitterTest {

    @TempDir
    Path configDir;

    private Splitter splitter(String yaml) throws Exception {
        PipelineBuilder context = new PipelineBuilder("t", StepHarness.dataType("hl7v2"), FileLookupTables.load(configDir,
                InstantSource.system()), configDir, null);
        return new GroupSplitter().splitter(ConfigNode.parse(yaml, "channels/t.yaml", k -> null), context);
    }

    private static final ParsedMessage ORU = hl7(
            "MSH|^~\\&|LAB|HOSP|EHR|HOSP|20250101||ORU^R01|C1|P|2.5.1",
            "PID|1||42",
            "ORC|RE|ORD1", "OBR|1|ORD1||GLU", "OBX|1|NM|GLU||5.4",
            "ORC|RE|ORD2", "OBR|2|ORD2||K", "OBX|1|NM|K||4.1", "NTE|1||note");

    @Test
    void splitAtObr_keepsEachOrdersOrcWithItsObr() throws Exception {
        List<ParsedMessage> parts = splitter("{segment: OBR, controlIdSuffix: true}").split(ORU);
        assertThat(parts).hasSize(2);
        assertThat(StepHarness.text(parts.get(0))).isEqualTo("MSH|^~\\&|LAB|HOSP|EHR|HOSP|20250101||ORU^R01|C1-1|P|2.5.1\r"
                + "PID|1||42\rORC|RE|ORD1\rOBR|1|ORD1||GLU\rOBX|1|NM|GLU||5.4\r");
        assertThat(StepHarness.text(parts.get(1))).isEqualTo("MSH|^~\\&|LAB|HOSP|EHR|HOSP|20250101||ORU^R01|C1-2|P|2.5.1\r"
                + "PID|1||42\rORC|RE|ORD2\rOBR|2|ORD2||K\rOBX|1|NM|K||4.1\rNTE|1||note\r");
    }

    @Test
    void withoutLeadingSegments_theOrcStaysInTheHeaderAndPreviousGroup() throws Exception {
        List<ParsedMessage> parts = splitter("{segment: OBR, leading: []}").split(ORU);
        assertThat(parts.get(0).getAll("ORC[*]-2")).containsExactly("ORD1", "ORD2");
    }

    @Test
    void messageWithoutTheSegment_isOnePart() throws Exception {
        ParsedMessage adt = hl7("MSH|^~\\&|A|B|C|D|20250101||ADT^A01|C2|P|2.5.1", "PID|1||42");
        assertThat(splitter("{segment: OBR}").split(adt)).containsExactly(adt);
    }
}
