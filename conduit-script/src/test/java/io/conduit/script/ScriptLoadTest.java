package io.conduit.script;

import static io.conduit.script.Fixture.adt;
import static io.conduit.script.Fixture.inline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conduit.core.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What is checked when a channel loads: every mistake is a ConfigException naming file and line. */
class ScriptLoadTest {

    @TempDir
    Path dir;

    @Test
    void load_inlineSyntaxError_namesTheScriptLine() {
        assertThatThrownBy(() -> new Fixture(dir).transformer(inline("msg.set('ZPI-2', 'a');\nvar = 3;")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("channels/adt.yaml:3: transformers[0].script: inline script line 2: syntax error: ");
    }

    @Test
    void load_fileScript_runsAndItsSyntaxErrorNamesFileAndLine() throws Exception {
        Fixture fixture = new Fixture(dir).write("scripts/fix.js", "msg.set('ZPI-2', 'from file');\n");
        assertThat(fixture.transformer("type: script\nfile: scripts/fix.js\n").transform(adt()).get("ZPI-2")).hasValue("from file");

        fixture.write("scripts/broken.js", "// ok\n\nif (x {\n}\n");
        assertThatThrownBy(() -> fixture.transformer("type: script\nfile: scripts/broken.js\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("channels/adt.yaml:3: transformers[0].file: scripts/broken.js:3: syntax error: ");
    }

    @Test
    void load_fileOutsideTheConfigDirectory_isRefused() throws Exception {
        Files.writeString(dir.resolveSibling(dir.getFileName() + "-outside.js"), "msg.set('ZPI-2', 'x');");
        assertThatThrownBy(() -> new Fixture(dir).transformer("type: script\nfile: ../" + dir.getFileName() + "-outside.js\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("file: must be inside the config directory");
    }

    @Test
    void load_symbolicLinkLeadingOutOfTheConfigDirectory_isRefused() throws Exception {
        Path outside = Files.writeString(dir.resolveSibling(dir.getFileName() + "-target.js"), "msg.set('ZPI-2', 'x');");
        Files.createDirectories(dir.resolve("scripts"));
        Files.createSymbolicLink(dir.resolve("scripts/link.js"), outside);
        assertThatThrownBy(() -> new Fixture(dir).transformer("type: script\nfile: scripts/link.js\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("must be inside the config directory");
    }

    @Test
    void load_neitherOrBothOfScriptAndFile_isRefused() {
        assertThatThrownBy(() -> new Fixture(dir).transformer("type: script\n"))
                .hasMessageContaining("give exactly one of 'script'");
        assertThatThrownBy(() -> new Fixture(dir).transformer("type: script\nscript: x\nfile: y.js\n"))
                .hasMessageContaining("give exactly one of 'script'");
    }

    @Test
    void load_unknownKey_isRefusedWithTheClosestKey() {
        assertThatThrownBy(() -> new Fixture(dir).transformer(inline("return;", "timout: 2s")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown key 'timout' (did you mean 'timeout'?)");
    }

    @Test
    void load_badTimeoutOrUnknownClass_isRefused() {
        assertThatThrownBy(() -> new Fixture(dir).transformer(inline("return;", "timeout: 0s")))
                .hasMessageContaining("timeout: must be longer than zero");
        assertThatThrownBy(() -> new Fixture(dir).transformer(inline("return;", "timeout: soon")))
                .hasMessageContaining("timeout: must be a duration");
        assertThatThrownBy(() -> new Fixture(dir).transformer(inline("return;", "allowClasses: [java.time.LocalDat]")))
                .hasMessageContaining("allowClasses: there is no class 'java.time.LocalDat'");
    }
}
