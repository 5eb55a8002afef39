package io.conduit.script;

import static io.conduit.script.Fixture.adt;
import static io.conduit.script.Fixture.inline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conduit.core.datatype.ParsedMessage;
import io.conduit.core.pipeline.StepException;
import io.conduit.core.pipeline.StepFactory;
import io.conduit.core.pipeline.Transformer;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptTransformerTest {

    @TempDir
    Path dir;

    private ParsedMessage run(String js) throws Exception {
        return new Fixture(dir).transformer(inline(js)).transform(adt());
    }

    @Test
    void serviceLoader_findsTheScriptStep() {
        assertThat(ServiceLoader.load(StepFactory.class).stream().map(p -> p.get().type())).contains("script");
    }

    @Test
    void script_fiveFieldAssignments_returnTheChangedMessage() throws Exception {
        ParsedMessage out = run("""
                msg.set('MSH-5', 'LIS');
                msg.set('MSH-6', 'CENTRAL LAB');
                msg.set('PID-5.1', msg.get('PID-5.1').toLowerCase());
                msg.set('PID-8', lookup('sex', msg.get('PID-8')));
                msg.set('PV1-3.1', 'W' + msg.count('OBX'));
                """);
        assertThat(out.get("MSH-5")).hasValue("LIS");
        assertThat(out.get("MSH-6")).hasValue("CENTRAL LAB");
        assertThat(out.get("PID-5.1")).hasValue("everywoman");
        assertThat(out.get("PID-8")).hasValue("female");
        assertThat(out.get("PV1-3.1")).hasValue("W2");
        assertThat(out.get("PID-7")).hasValue("19620320");
    }

    @Test
    void script_leavesItsInputMessageUnchanged() throws Exception {
        ParsedMessage in = adt();
        new Fixture(dir).transformer(inline("msg.set('PID-8', 'M'); msg.delete('OBX');")).transform(in);
        assertThat(in.get("PID-8")).hasValue("F");
        assertThat(in.count("OBX")).isEqualTo(2);
    }

    @Test
    void script_readsWithGetAllPathsCountAndText() throws Exception {
        ParsedMessage out = run("""
                var values = msg.getAll('OBX[*]-5');
                var paths = msg.paths('OBX[*]-5');
                msg.set('ZPI-2', values.join('+') + ' at ' + paths.join(','));
                msg.set('ZPI-3', String(msg.count('PID-3')) + '/' + (msg.get('PID-99') === null) + '/' + msg.text().indexOf('MSH|'));
                """);
        assertThat(out.get("ZPI-2")).hasValue("62.5+165 at OBX[1]-5,OBX[2]-5");
        assertThat(out.get("ZPI-3")).hasValue("2/true/0");
    }

    @Test
    void script_deleteAndWildcardSet_workOnEveryMatch() throws Exception {
        ParsedMessage out = run("msg.delete('NK1'); msg.set('OBX[*]-11', 'C');");
        assertThat(out.count("NK1")).isZero();
        assertThat(out.getAll("OBX[*]-11")).containsExactly("C", "C");
    }

    @Test
    void script_metadata_readsExtractedFields() throws Exception {
        ParsedMessage out = run("msg.set('ZPI-2', metadata.get('messageType') + ' ' + metadata.get('controlId') + ' ' + metadata.get('nothing'));");
        assertThat(out.get("ZPI-2")).hasValue("ADT^A01 MSG00001-2024 null");
    }

    @Test
    void script_lookup_givesValueNullOrFallback() throws Exception {
        ParsedMessage out = run("msg.set('ZPI-2', lookup('sex', 'M') + ',' + lookup('sex', 'X') + ',' + lookup('sex', 'X', 'unknown'));");
        assertThat(out.get("ZPI-2")).hasValue("male,null,unknown");
    }

    @Test
    void script_unknownLookupTable_failsWithTheTableNamed() {
        assertThatThrownBy(() -> run("lookup('nope', msg.get('PID-8'));"))
                .isInstanceOf(StepException.class)
                .hasMessage("inline script line 1: lookup: there is no lookup table 'nope'");
    }

    @Test
    void script_return_endsTheScriptKeepingChangesSoFar() throws Exception {
        ParsedMessage out = run("msg.set('ZPI-2', 'a');\nif (msg.get('PID-8') === 'F') return;\nmsg.set('ZPI-2', 'b');");
        assertThat(out.get("ZPI-2")).hasValue("a");
    }

    @Test
    void script_globals_doNotCarryOverToTheNextMessage() throws Exception {
        Transformer step = new Fixture(dir).transformer(inline(
                "if (typeof seen === 'undefined') { seen = 0; }\nseen++;\nmsg.set('ZPI-2', String(seen));"));
        assertThat(step.transform(adt()).get("ZPI-2")).hasValue("1");
        assertThat(step.transform(adt()).get("ZPI-2")).hasValue("1");
    }

    @Test
    void script_invalidPath_failsWithThePathNamed() {
        assertThatThrownBy(() -> run("\nmsg.set('PID-x', 'y');"))
                .isInstanceOf(StepException.class)
                .hasMessageStartingWith("inline script line 2: msg.set: ")
                .hasMessageContaining("PID-x");
    }

    @Test
    void script_modernSyntax_isSupported() throws Exception {
        // In a channel file ${...} is an environment variable: a template literal's placeholder is written $${...}.
        ParsedMessage out = run("""
                const parts = msg.getAll('OBX[*]-3.2').map(p => `$${p.toUpperCase()}`);
                let [first, second] = parts;
                msg.set('ZPI-2', first + ',' + second);
                """);
        assertThat(out.get("ZPI-2")).hasValue("BODY WEIGHT,BODY HEIGHT");
    }
}
