package io.conduit.script;

import static io.conduit.script.Fixture.adt;
import static io.conduit.script.Fixture.inline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conduit.core.pipeline.Condition;
import io.conduit.core.pipeline.StepException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

class ScriptConditionTest {

    @TempDir
    Path dir;

    private Condition condition(String js) throws Exception {
        return new Fixture(dir).condition(inline(js));
    }

    @Test
    void condition_returningTrue_holds() throws Exception {
        assertThat(condition("return msg.get('PID-8') === 'F' && metadata.get('messageType').startsWith('ADT');").test(adt())).isTrue();
    }

    @Test
    void condition_returningFalse_doesNotHold() throws Exception {
        assertThat(condition("var sex = msg.get('PID-8');\nreturn sex === 'M';").test(adt())).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "return msg.get('PID-5.1');            | a string",
            "return msg.count('OBX');              | a number",
            "msg.get('PID-8') === 'F';             | undefined (no return statement?)",
            "return null;                          | null",
            "return new Boolean(true);             | an object"})
    void condition_returningNonBoolean_failsSayingSo(String js, String kind) throws Exception {
        assertThatThrownBy(() -> condition(js).test(adt()))
                .isInstanceOf(StepException.class)
                .hasMessage("inline script: a condition script must return true or false, but it returned " + kind);
    }

    @Test
    void condition_changingTheMessage_isRefused() {
        assertThatThrownBy(() -> condition("msg.set('PID-8', 'M');\nreturn true;").test(adt()))
                .isInstanceOf(StepException.class)
                .hasMessageStartingWith("inline script line 1: msg.set is not available in a condition");
    }
}
