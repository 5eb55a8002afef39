package io.conduit.script;

import static io.conduit.script.Fixture.adt;
import static io.conduit.script.Fixture.inline;
import static org.assertj.core.api.Assertions.assertThat;

import io.conduit.core.pipeline.Transformer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code log.info/warn} from scripts: arguments are written as *** unless the step opts in, and
 * values concatenated into the format are masked too. slf4j-simple writes to whatever
 * {@code System.err} is at the time, so the test captures it.
 */
class ScriptLoggingTest {

    @TempDir
    Path dir;

    private static final String LOGGING = """
            log.info('patient {} born {} has {} results', msg.get('PID-5.1'), msg.get('PID-7'), msg.count('OBX'));
            log.warn('address ' + msg.get('PID-11.3') + ' for id ' + msg.get('PID-3.1'));
            log.info('no placeholders', msg.get('PID-3.1'));
            """;

    private static String capture(Transformer step) throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            step.transform(adt());
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void log_byDefault_masksArgumentsAndConcatenatedValues() throws Exception {
        String logs = capture(new Fixture(dir).transformer(inline(LOGGING, "name: fix-names")));
        assertThat(logs)
                .contains("INFO conduit.script.adt-in.transformers[0].fix-names - patient *** born *** has *** results")
                .contains("WARN conduit.script.adt-in.transformers[0].fix-names - address *** for id ***")
                .contains("- no placeholders");
        assertThat(logs).doesNotContain(Fixture.PHI);
    }

    @Test
    void log_withLogArguments_writesTheArguments() throws Exception {
        String logs = capture(new Fixture(dir).transformer(inline(LOGGING, "logArguments: true")));
        assertThat(logs)
                .contains("conduit.script.adt-in.transformers[0] - patient EVERYWOMAN born 19620320 has 2 results")
                .contains("address GREENSBORO for id 4567890");
    }
}
