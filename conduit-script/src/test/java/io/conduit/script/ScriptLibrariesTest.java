package io.conduit.script;

import static io.conduit.script.Fixture.adt;
import static io.conduit.script.Fixture.inline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conduit.core.config.ConfigException;
import io.conduit.core.datatype.ParsedMessage;
import io.conduit.core.pipeline.StepException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shared libraries: every scripts/lib/*.js, loaded in file-name order, visible to every script step. */
class ScriptLibrariesTest {

    @TempDir
    Path dir;

    @Test
    void library_functions_areAvailableToEveryScriptStep() throws Exception {
        Fixture fixture = new Fixture(dir)
                .write("scripts/lib/a-names.js", "function familyName() {\n  return msg.get('PID-5.1');\n}\n")
                .write("scripts/lib/b-format.js", "var PREFIX = 'Mrs ';\nfunction salutation() { return PREFIX + familyName().toLowerCase(); }\n");
        ParsedMessage out = fixture.transformer(inline("msg.set('ZPI-2', salutation());")).transform(adt());
        assertThat(out.get("ZPI-2")).hasValue("Mrs everywoman");
        assertThat(fixture.condition(inline("return familyName() === 'EVERYWOMAN';")).test(adt())).isTrue();
    }

    @Test
    void library_syntaxError_failsLoadingWithTheLibraryFileAndLine() throws Exception {
        Fixture fixture = new Fixture(dir).write("scripts/lib/util.js", "function ok() {}\n\nvar = 3;\n");
        assertThatThrownBy(() -> fixture.transformer(inline("ok();")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("scripts/lib/util.js:3: syntax error: ")
                .hasMessageEndingWith("(loaded for the script step at channels/adt.yaml:2)");
    }

    @Test
    void library_errorInAFunction_isReportedWithTheLibraryLine() throws Exception {
        Fixture fixture = new Fixture(dir).write("scripts/lib/check.js", "function require(path) {\n  if (!msg.get(path)) {\n    throw new Error(path + ' is required');\n  }\n}\n");
        assertThatThrownBy(() -> fixture.transformer(inline("require('PID-99');")).transform(adt()))
                .isInstanceOf(StepException.class)
                .hasMessage("inline script: scripts/lib/check.js line 3: Error: PID-99 is required");
    }

    @Test
    void library_values_cannotBeChangedByAScript() throws Exception {
        Fixture fixture = new Fixture(dir).write("scripts/lib/codes.js", "var CODES = {F: 'female'};\nfunction code(c) { return CODES[c]; }\n");
        assertThatThrownBy(() -> fixture.transformer(inline("CODES.F = 'changed';")).transform(adt()))
                .isInstanceOf(StepException.class)
                .hasMessageContaining("sealed");
        assertThatThrownBy(() -> fixture.transformer(inline("code.cache = {};")).transform(adt()))
                .isInstanceOf(StepException.class)
                .hasMessageContaining("sealed");
        assertThat(fixture.transformer(inline("msg.set('ZPI-2', code('F'));")).transform(adt()).get("ZPI-2")).hasValue("female");
    }

    @Test
    void library_topLevelReadingTheMessage_failsLoadingWithAClearReason() throws Exception {
        Fixture fixture = new Fixture(dir).write("scripts/lib/eager.js", "var NAME = msg.get('PID-5');\n");
        assertThatThrownBy(() -> fixture.transformer(inline("return;")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("scripts/lib/eager.js:1: msg.get can only be called while a message is processed");
    }
}
