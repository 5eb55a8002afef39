package io.conduit.script;

import static io.conduit.script.Fixture.adt;
import static io.conduit.script.Fixture.inline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conduit.core.datatype.ParsedMessage;
import io.conduit.core.pipeline.StepException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Scripts reach no Java, no files, no network and no other script's state. Each attempt below
 * must fail its message with a StepException (and, had it worked, the JVM would have exited or a
 * file been read).
 */
class ScriptSandboxTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "java.lang.System.exit(1);",
            "Packages.java.lang.System.exit(1);",
            "var f = Packages.java.io.File; msg.set('ZPI-2', String(new f('/etc/passwd').exists()));",
            "new java.io.FileReader('/etc/passwd');",
            "\"\".getClass();",
            "''.getClass().forName('java.lang.Runtime');",
            "msg.get('PID-8').getClass();",
            "msg.getClass();",
            "msg.get.target;  msg.get.getClass().forName('java.lang.Runtime');",
            "this.constructor.constructor('return this')().java.lang.System.exit(1);",
            "this.constructor.constructor('return Packages')().java.lang.System.exit(1);",
            "Object.getPrototypeOf(msg.get).constructor('return java.lang.Runtime.getRuntime()')().exec('id');",
            "load('/etc/passwd');",
            "readFile('/etc/passwd');",
            "readUrl('file:///etc/passwd');",
            "importPackage(java.io);",
            "importClass(java.io.File);",
            "var io = new JavaImporter(java.io);",
            "Java.type('java.lang.Runtime').getRuntime().exec('id');",
            "org.mozilla.javascript.Context.getCurrentContext();",
            "spawn(function () {});",
            "sync(function () {})();",
            "print('x');",
            "runCommand('id');",
            "Polyglot.eval('js', '1');",
            "new XMLHttpRequest();",
            "fetch('http://127.0.0.1/');",
            "require('fs');",
    })
    void sandbox_escapeAttempt_isRefused(String js) {
        assertThatThrownBy(() -> new Fixture(dir).transformer(inline(js)).transform(adt()))
                .isInstanceOf(StepException.class)
                .hasMessageStartingWith("inline script line 1: ")
                .message().containsAnyOf("ReferenceError", "TypeError", "not available");
    }

    @Test
    void sandbox_theGlobalObject_holdsNoJavaOrShellFunctions() throws Exception {
        ParsedMessage out = new Fixture(dir).transformer(inline("""
                var top = this.constructor.constructor('return this')();
                msg.set('ZPI-2', Object.getOwnPropertyNames(top).sort().join(' '));
                """)).transform(adt());
        List<String> names = List.of(out.get("ZPI-2").orElseThrow().split(" "));
        assertThat(names).contains("msg", "metadata", "lookup", "log", "JSON", "Math", "Date")
                .doesNotContainAnyElementsOf(List.of("Packages", "java", "javax", "org", "com", "net", "edu", "JavaImporter",
                        "JavaAdapter", "importPackage", "importClass", "load", "loadClass", "readFile", "readUrl", "print",
                        "spawn", "sync", "quit", "runCommand", "getClass", "XML", "Java", "Polyglot", "require"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "Array.prototype.leak = 1;",
            "Object.prototype.leak = 1;",
            "Object.defineProperty(Object.prototype, 'leak', {value: 1, enumerable: true});",
            "String.prototype.trim = function () { return 'changed'; };",
            "JSON.parse = null;",
            "globalThis.leak = 1;",
            "msg.get = function () { return 'changed'; };",
            "lookup = null;",
    })
    void sandbox_changingSharedObjects_failsOrDoesNotReachTheNextMessage(String js) throws Exception {
        Fixture fixture = new Fixture(dir);
        try {
            fixture.transformer(inline(js)).transform(adt());
        } catch (StepException e) {
            assertThat(e.getMessage()).contains("sealed");
        }
        ParsedMessage next = fixture.transformer(inline("""
                msg.set('ZPI-2', [typeof Object.prototype.leak, typeof Array.prototype.leak, typeof globalThis.leak,
                    ' x '.trim(), typeof JSON.parse, msg.get('PID-8'), typeof lookup].join(','));
                """)).transform(adt());
        assertThat(next.get("ZPI-2")).hasValue("undefined,undefined,undefined,x,function,F,function");
    }

    @Test
    void allowClasses_listedClass_isUsable() throws Exception {
        ParsedMessage out = new Fixture(dir).transformer(inline(
                "var d = java.time.LocalDate.parse('2024-03-15');\nmsg.set('ZPI-2', d.plusDays(1).toString());",
                "allowClasses: [java.time.LocalDate]")).transform(adt());
        assertThat(out.get("ZPI-2")).hasValue("2024-03-16");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "java.time.LocalTime.now();",
            "java.lang.System.exit(1);",
            "java.time.LocalDate.now().getClass().forName('java.lang.Runtime');",
            "java.time.LocalDate.now().getChronology().getClass();",
            "java.time.LocalDate.class.forName('java.lang.Runtime');",
            "Packages.java.time.LocalTime.now();",
    })
    void allowClasses_unlistedClass_isRefused(String js) {
        assertThatThrownBy(() -> new Fixture(dir).transformer(inline(js, "allowClasses: [java.time.LocalDate]")).transform(adt()))
                .isInstanceOf(StepException.class)
                .message().containsAnyOf("ReferenceError", "TypeError", "not available", "has no public instance field or method");
    }
}
