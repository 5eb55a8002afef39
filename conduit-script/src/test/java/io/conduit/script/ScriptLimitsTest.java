package io.conduit.script;

import static io.conduit.script.Fixture.adt;
import static io.conduit.script.Fixture.inline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conduit.core.pipeline.StepException;
import io.conduit.core.pipeline.Transformer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Time limit, stack limit, and errors reported with script, line and reason but no message content. */
class ScriptLimitsTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "while (true) {}",
            "for (;;) { try { while (true) {} } catch (e) {} }",
            "for (;;) { try { while (true) {} } finally { continue; } }",
            "function spin() { for (;;) { msg.get('PID-5'); } }\nspin();",
            "eval('while (true) {}');",
            "Function('while (true) {}')();",
            "/^(a+)+$/.test('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab');",
    })
    void script_infiniteLoop_failsMessageWithinTimeout(String js) throws Exception {
        Transformer step = new Fixture(dir).transformer(inline(js, "timeout: 200ms"));
        long start = System.nanoTime();
        assertThatThrownBy(() -> step.transform(adt()))
                .isInstanceOf(StepException.class)
                .hasMessage("inline script: stopped after running longer than its timeout of 200ms (an endless loop?); "
                        + "raise 'timeout' if it needs longer");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        // The step is still usable for the next message.
        assertThat(new Fixture(dir).transformer(inline("msg.set('ZPI-2', 'ok');")).transform(adt()).get("ZPI-2")).hasValue("ok");
    }

    @Test
    void condition_infiniteLoop_failsMessageWithinTimeout() throws Exception {
        var condition = new Fixture(dir).condition(inline("while (true) {}", "timeout: 100ms"));
        assertThatThrownBy(() -> condition.test(adt())).isInstanceOf(StepException.class).hasMessageContaining("timeout of 100ms");
    }

    @Test
    void script_endlessRecursion_failsTheMessage() throws Exception {
        Transformer step = new Fixture(dir).transformer(inline("function f(n) { return f(n + 1) + 1; }\nf(0);"));
        assertThatThrownBy(() -> step.transform(adt())).isInstanceOf(StepException.class).hasMessageStartingWith("inline script");
    }

    @Test
    void script_thrownError_isReportedWithScriptNameLineAndText() throws Exception {
        assertThatThrownBy(() -> new Fixture(dir).transformer(inline("var a = 1;\n\nthrow new Error('x');")).transform(adt()))
                .isInstanceOf(StepException.class)
                .hasMessage("inline script line 3: Error: x");
        Fixture fixture = new Fixture(dir).write("scripts/check.js", "// checks\nif (!msg.get('PID-99')) throw new TypeError('PID-99 missing');\n");
        assertThatThrownBy(() -> fixture.transformer("type: script\nfile: scripts/check.js\n").transform(adt()))
                .isInstanceOf(StepException.class)
                .hasMessage("scripts/check.js line 2: TypeError: PID-99 missing");
    }

    @Test
    void script_errorQuotingMessageValues_masksThem() throws Exception {
        String[] scripts = {
                "msg.get('PID-5.1').foo();",
                "var v = msg.get('PID-3.1');\nv.bar.baz;",
                "throw new Error('bad patient ' + msg.get('PID-5.1') + ' born ' + msg.get('PID-7'));",
                "null[msg.get('PID-11.3')];",
                "undefinedFunction(msg.get('PID-5'));",
        };
        for (String js : scripts) {
            assertThatThrownBy(() -> new Fixture(dir).transformer(inline(js)).transform(adt()))
                    .isInstanceOf(StepException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(Fixture.PHI).contains("inline script line"));
        }
        assertThatThrownBy(() -> new Fixture(dir).transformer(inline(scripts[2])).transform(adt()))
                .hasMessage("inline script line 1: Error: bad patient *** born ***");
    }
}
