package io.conduit.hl7v2.transform;

import static io.conduit.hl7v2.transform.StepHarness.hl7;
import static io.conduit.hl7v2.transform.StepHarness.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conduit.core.config.ConfigException;
import io.conduit.core.datatype.ParsedMessage;
import io.conduit.core.pipeline.StepException;
import io.conduit.hl7v2.parse.Hl7Message;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every declarative step type on real HL7 v2 messages. */
class DeclarativeStepsTest {

    private static final String MSH = "MSH|^~\\&|LAB|HOSP|EHR|HOSP|20250101120000||ORU^R01|CTRL1|P|2.5.1";
    private static final String PID = "PID|1||12345^^^HOSP^MR~987^^^SSA^SS||Doe^John^Q||19800215|M";
    private static final String ZPI = "ZPI|1|VIP\\T\\GOLD";

    @TempDir
    Path configDir;
    private StepHarness steps;

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(configDir.resolve("lookups"));
        Files.writeString(configDir.resolve("lookups/sex.csv"), "code,meaning\nM,male\nF,female\n\"U,X\",unknown\n");
        Files.writeString(configDir.resolve("lookups/facilities.yaml"), "HOSP: General Hospital\nCLIN: \"Clinic\"\n");
        steps = new StepHarness(configDir);
    }

    private ParsedMessage oru() {
        return hl7(MSH, PID, ZPI, "OBR|1||ORD1|GLU^Glucose", "OBX|1|NM|GLU^Glucose||5.4|mmol/L|||||F",
                "NTE|1||first note", "OBX|2|NM|HBA1C||6.1|%|||||P", "NTE|1||second note");
    }

    @Test
    void set_writesValue_andEscapesDelimiters() throws Exception {
        ParsedMessage out = steps.run("- {type: set, path: PID-5.1.1, value: \"O'Brien & Sons\"}", oru());
        assertThat(out.get("PID-5.1.1")).contains("O'Brien & Sons");
        assertThat(text(out)).contains("PID|1||12345^^^HOSP^MR~987^^^SSA^SS||O'Brien \\T\\ Sons^John^Q");
    }

    @Test
    void set_wildcardPath_writesEveryMatch() throws Exception {
        ParsedMessage out = steps.run("- {type: set, path: \"OBX[*]-11\", value: C}", oru());
        assertThat(out.getAll("OBX[*]-11")).containsExactly("C", "C");
    }

    @Test
    void set_onZSegment_andNewSegmentIsCreated() throws Exception {
        ParsedMessage out = steps.run("""
                - {type: set, path: ZPI-3, value: extra}
                - {type: set, path: ZXT-1, value: created}
                """, oru());
        assertThat(out.get("ZPI-2")).contains("VIP&GOLD");
        assertThat(out.get("ZPI-3")).contains("extra");
        assertThat(out.get("ZXT-1")).contains("created");
    }

    @Test
    void copy_repetitionComponent_toAnotherField() throws Exception {
        ParsedMessage out = steps.run("- {type: copy, from: \"PID-3[2].1\", to: PID-19}", oru());
        assertThat(out.get("PID-19")).contains("987");
    }

    @Test
    void copy_andTemplate_keepFormattingSequences_andEscapedDelimiters() throws Exception {
        ParsedMessage report = hl7(MSH, PID, "OBX|1|FT|REPORT||Line one\\.br\\Line \\H\\two\\N\\ 50\\S\\50|||||F");
        ParsedMessage copied = steps.run("- {type: copy, from: OBX-5, to: OBX-6}", report);
        assertThat(StepHarness.text(copied)).contains("|Line one\\.br\\Line \\H\\two\\N\\ 50\\S\\50|Line one\\.br\\Line \\H\\two\\N\\ 50\\S\\50|");
        ParsedMessage upper = steps.run("- {type: upper, path: OBX-5}", report);
        assertThat(StepHarness.text(upper)).contains("|LINE ONE\\.br\\LINE \\H\\TWO\\N\\ 50\\S\\50|");
        ParsedMessage lowerComposite = steps.run("- {type: lower, path: PID-5}", hl7(MSH, "PID|1||1||O\\T\\BRIEN^MARY"));
        assertThat(StepHarness.text(lowerComposite)).contains("|o\\T\\brien^mary");
    }

    @Test
    void copy_absentSource_writesEmpty_orSkips() throws Exception {
        ParsedMessage m = steps.run("- {type: copy, from: PID-30, to: PID-5.1}", oru());
        assertThat(m.get("PID-5.1")).isEmpty();
        ParsedMessage kept = steps.run("- {type: copy, from: PID-30, to: PID-5.1, ifAbsent: skip}", oru());
        assertThat(kept.get("PID-5.1")).contains("Doe");
    }

    @Test
    void delete_segmentName_removesEverySegment_andIndexedRemovesOne() throws Exception {
        ParsedMessage all = steps.run("- {type: delete, path: NTE}", oru());
        assertThat(all.count("NTE")).isZero();
        assertThat(all.count("OBX")).isEqualTo(2);
        ParsedMessage second = steps.run("- {type: delete, path: \"OBX[2]\"}", oru());
        assertThat(second.getAll("OBX[*]-3")).containsExactly("GLU^Glucose");
    }

    @Test
    void delete_field_emptiesIt() throws Exception {
        ParsedMessage out = steps.run("- {type: delete, path: PID-7}", oru());
        assertThat(out.get("PID-7")).isEmpty();
        assertThat(out.get("PID-8")).contains("M");
    }

    @Test
    void delete_msh_failsTheMessage() throws Exception {
        assertThatThrownBy(() -> steps.run("- {type: delete, path: MSH}", oru()))
                .isInstanceOf(StepException.class).hasMessageContaining("transformers[0] (delete)");
    }

    @Test
    void addSegment_afterNamedSegment_inMessageDelimiters() throws Exception {
        ParsedMessage out = steps.run("- {type: addSegment, segment: \"ZAL|1|PEANUT^Peanut\", after: PID}", oru());
        assertThat(text(out)).contains(PID + "\rZAL|1|PEANUT^Peanut\r" + ZPI);

        Hl7Message custom = hl7("MSH#*~\\$#LAB#HOSP#EHR#HOSP#20250101120000##ADT*A01#C2#P#2.4", "PID#1##42");
        ParsedMessage converted = steps.run("- {type: addSegment, segment: \"ZAL|1|PEANUT^Peanut\"}", custom);
        assertThat(text(converted)).endsWith("ZAL#1#PEANUT*Peanut\r");
        assertThat(converted.get("ZAL-2.2")).contains("Peanut");
    }

    @Test
    void replace_regex_onEveryMatch() throws Exception {
        ParsedMessage out = steps.run("- {type: replace, path: \"OBX[*]-5\", pattern: \"\\\\.\", with: \",\"}", oru());
        assertThat(out.getAll("OBX[*]-5")).containsExactly("5,4", "6,1");
    }

    @Test
    void upperLowerTrim() throws Exception {
        ParsedMessage m = steps.run("""
                - {type: set, path: PID-5.2, value: "  john  "}
                - {type: trim, path: PID-5.2}
                - {type: upper, path: PID-5.1}
                - {type: lower, path: MSH-9.1}
                """, oru());
        assertThat(m.get("PID-5.2")).contains("john");
        assertThat(m.get("PID-5.1")).contains("DOE");
        assertThat(m.get("MSH-9.1")).contains("oru");
    }

    @Test
    void upper_absentValue_staysAbsent() throws Exception {
        ParsedMessage m = steps.run("- {type: upper, path: PID-30}", oru());
        assertThat(m.get("PID-30")).isEmpty();
        assertThat(text(m)).isEqualTo(text(oru()));
    }

    @Test
    void formatDate_hl7ToIso_andPartialPrecision() throws Exception {
        ParsedMessage m = steps.run("""
                - {type: formatDate, path: PID-7, from: hl7, to: "yyyy-MM-dd"}
                - {type: formatDate, path: MSH-7, from: hl7, to: "yyyy-MM-dd'T'HH:mm:ss"}
                """, oru());
        assertThat(m.get("PID-7")).contains("1980-02-15");
        assertThat(m.get("MSH-7")).contains("2025-01-01T12:00:00");

        ParsedMessage partial = steps.run("- {type: formatDate, path: PID-7, from: hl7, to: yyyyMMdd}",
                hl7(MSH, "PID|1||1||Doe||1980"));
        assertThat(partial.get("PID-7")).contains("19800101");
    }

    @Test
    void formatDate_withOffset_convertsToZone() throws Exception {
        ParsedMessage m = steps.run("- {type: formatDate, path: PID-7, from: hl7, to: \"yyyyMMddHHmmZ\", zone: UTC}",
                hl7(MSH, "PID|1||1||Doe||200301011230+0200"));
        assertThat(m.get("PID-7")).contains("200301011030+0000");
    }

    @Test
    void formatDate_isStrict_andKeepsTheOffsetInHl7Output() throws Exception {
        assertThatThrownBy(() -> steps.run("- {type: formatDate, path: PID-7, from: hl7, to: yyyy-MM-dd}",
                hl7(MSH, "PID|1||1||Doe||20230231"))).isInstanceOf(StepException.class);
        assertThatThrownBy(() -> steps.run("- {type: formatDate, path: PID-7, from: dd.MM.yyyy, to: hl7}",
                hl7(MSH, "PID|1||1||Doe||31.04.1980"))).isInstanceOf(StepException.class);
        ParsedMessage kept = steps.run("- {type: formatDate, path: PID-7, from: hl7, to: hl7}",
                hl7(MSH, "PID|1||1||Doe||200301011230+0200"));
        assertThat(kept.get("PID-7")).contains("20030101123000+0200");
    }

    @Test
    void formatDate_unreadable_failsWithoutQuotingTheValue_orKeeps() throws Exception {
        ParsedMessage bad = hl7(MSH, "PID|1||1||Doe||15.02.1980");
        assertThatThrownBy(() -> steps.run("- {type: formatDate, path: PID-7, from: hl7, to: yyyyMMdd}", bad))
                .isInstanceOf(StepException.class)
                .hasMessageContaining("formatDate PID-7")
                .hasMessageNotContaining("15.02.1980");
        ParsedMessage kept = steps.run("- {type: formatDate, path: PID-7, from: hl7, to: yyyyMMdd, onError: keep}", bad);
        assertThat(kept.get("PID-7")).contains("15.02.1980");
        ParsedMessage european = steps.run("- {type: formatDate, path: PID-7, from: dd.MM.yyyy, to: hl7}", bad);
        assertThat(european.get("PID-7")).contains("19800215000000");
    }

    @Test
    void map_throughCsvTable_yamlTable_andInlineValues() throws Exception {
        ParsedMessage m = steps.run("""
                - {type: map, path: PID-8, table: sex}
                - {type: map, path: MSH-4, table: facilities}
                - {type: map, path: "OBX[*]-11", values: {F: final, P: preliminary}}
                """, oru());
        assertThat(m.get("PID-8")).contains("male");
        assertThat(m.get("MSH-4")).contains("General Hospital");
        assertThat(m.getAll("OBX[*]-11")).containsExactly("final", "preliminary");
    }

    @Test
    void map_yamlTable_readsKeysAndValuesAsWritten() throws Exception {
        Files.writeString(configDir.resolve("lookups/codes.yaml"), "010: ten\nNO: Norway\nyes: 007\n");
        StepHarness harness = new StepHarness(configDir);
        ParsedMessage m = harness.run("""
                - {type: map, path: PID-8, table: codes, ifMissing: fail}
                - {type: map, path: PID-9, table: codes, ifMissing: fail}
                - {type: map, path: PID-10, table: codes, ifMissing: fail}
                """, hl7(MSH, "PID|1||1||Doe||1980|010|NO|yes"));
        assertThat(m.getAll("PID-8")).containsExactly("ten");
        assertThat(m.get("PID-9")).contains("Norway");
        assertThat(m.get("PID-10")).contains("007");
    }

    @Test
    void map_missingKey_keeps_defaults_orFails() throws Exception {
        ParsedMessage unknown = hl7(MSH, "PID|1||1||Doe||1980|Q");
        assertThat(steps.run("- {type: map, path: PID-8, table: sex}", unknown).get("PID-8")).contains("Q");
        assertThat(steps.run("- {type: map, path: PID-8, table: sex, default: unknown}", unknown).get("PID-8")).contains("unknown");
        assertThatThrownBy(() -> steps.run("- {type: map, path: PID-8, table: sex, ifMissing: fail}", unknown))
                .isInstanceOf(StepException.class).hasMessageContaining("no entry").hasMessageNotContaining("Q");
    }

    @Test
    void map_reloadsTheTable_whenItsFileChanges() throws Exception {
        MutableClock clock = new MutableClock();
        StepHarness harness = new StepHarness(configDir, io.conduit.core.pipeline.FileLookupTables.load(configDir, clock));
        var step = harness.steps("- {type: map, path: PID-8, table: sex}");
        assertThat(io.conduit.core.pipeline.NamedStep.runAll(step, oru()).get("PID-8")).contains("male");
        Files.writeString(configDir.resolve("lookups/sex.csv"), "code,meaning\nM,Male (changed)\n");
        Files.setLastModifiedTime(configDir.resolve("lookups/sex.csv"),
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        clock.advance(2000);
        assertThat(io.conduit.core.pipeline.NamedStep.runAll(step, oru()).get("PID-8")).contains("Male (changed)");
    }

    @Test
    void forEach_overSegments_bindsIndex() throws Exception {
        ParsedMessage m = steps.run("""
                - type: forEach
                  over: OBX
                  steps:
                    - {type: copy, from: "OBX[{i}]-3.1", to: "OBX[{i}]-4"}
                    - {type: set, path: "OBX[{i}]-1", value: "{i}"}
                """, oru());
        assertThat(m.getAll("OBX[*]-4")).containsExactly("GLU", "HBA1C");
    }

    @Test
    void forEach_overRepetitions_withNamedVariable() throws Exception {
        ParsedMessage m = steps.run("""
                - type: forEach
                  over: PID-3
                  as: r
                  steps:
                    - {type: set, path: "PID-3[{r}].4", value: NEWAUTH}
                """, oru());
        assertThat(m.getAll("PID-3[*].4")).containsExactly("NEWAUTH", "NEWAUTH");
        assertThat(m.getAll("PID-3[*].1")).containsExactly("12345", "987");
    }

    @Test
    void nestedForEach_bindsBothVariables_andReusingOneIsAConfigError() throws Exception {
        ParsedMessage m = steps.run("""
                - type: forEach
                  over: OBX
                  steps:
                    - type: forEach
                      over: "OBX[{i}]-3"
                      as: j
                      steps: [{type: set, path: "OBX[{i}]-3[{j}].3", value: "LN{i}{j}"}]
                """, oru());
        assertThat(m.getAll("OBX[*]-3.3")).containsExactly("LN11", "LN21");
        assertThatThrownBy(() -> steps.steps("""
                - type: forEach
                  over: OBX
                  steps: [{type: forEach, over: "OBX[{i}]-3", steps: [{type: set, path: "OBX[{i}]-3.3", value: x}]}]
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("already uses {i}");
        assertThatThrownBy(() -> steps.steps("- {type: set, path: \"OBX[{k}]-3\", value: x}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("uses {k}, which no enclosing forEach binds");
    }

    @Test
    void segmentSelectors_areForDeleteAndForEachOnly() {
        assertThatThrownBy(() -> steps.filters("- {path: NTE, exists: true}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("invalid HL7 v2 path 'NTE'");
        assertThatThrownBy(() -> steps.steps("- {type: set, path: \"NTE[2]\", value: x}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("invalid HL7 v2 path");
        assertThatThrownBy(() -> steps.steps("- {type: template, template: \"MSH|^~\\\\&|A|B|C|D|2025||ADT^A01|1|P|2.5\", "
                + "copy: {\"OBX[*]-5[*]\": \"OBX[*]-5\"}}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("more than one [*]");
    }

    @Test
    void when_runsStepOnlyWhenConditionHolds() throws Exception {
        String yaml = "- {type: set, path: PID-8, value: X, when: {path: PID-8, equals: F}}";
        assertThat(steps.run(yaml, oru()).get("PID-8")).contains("M");
        assertThat(steps.run(yaml, hl7(MSH, "PID|1||1||Doe||1980|F")).get("PID-8")).contains("X");
    }

    @Test
    void template_buildsNewMessageOfAnotherVersion_copyingWildcards() throws Exception {
        Files.createDirectories(configDir.resolve("templates"));
        Files.writeString(configDir.resolve("templates/ack.hl7"),
                "MSH|^~\\&|CONDUIT|HUB|||20250101||ORU^R01^ORU_R01|X|P|2.8\nPID|1\nOBX|1|NM\nOBX|2|NM\n");
        ParsedMessage m = steps.run("""
                - type: template
                  file: templates/ack.hl7
                  copy: {MSH-10: MSH-10, PID-3: PID-3, PID-5: PID-5, "OBX[*]-5": "OBX[*]-5"}
                """, oru());
        assertThat(m.get("MSH-12")).contains("2.8");
        assertThat(m.get("MSH-10")).contains("CTRL1");
        assertThat(m.get("PID-3[2].1")).contains("987");
        assertThat(m.getAll("OBX[*]-5")).containsExactly("5.4", "6.1");
        assertThat(m.count("NTE")).isZero();
    }

    @Test
    void stepNamesAppearInErrors() throws Exception {
        assertThatThrownBy(() -> steps.run("- {type: set, name: bad path, path: \"OBX[*]-x\", value: x}", oru()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("transformers[0].path")
                .hasMessageContaining("invalid HL7 v2 path");
        assertThatThrownBy(() -> steps.run("- {type: map, name: sex codes, path: PID-8, table: sex, ifMissing: fail}",
                hl7(MSH, "PID|1||1||Doe||1980|Q")))
                .hasMessageStartingWith("transformers[0] (map 'sex codes')");
    }

    @Test
    void configErrors_nameFieldAndWhatIsAllowed() {
        assertThatThrownBy(() -> steps.steps("- {type: map, path: PID-8, table: nosuch}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("no lookup table 'nosuch'");
        assertThatThrownBy(() -> steps.steps("- {type: replace, path: PID-8, pattern: \"[\"}"))
                .hasMessageContaining("pattern").hasMessageContaining("regular expression");
        assertThatThrownBy(() -> steps.steps("- {type: formatDate, path: PID-7, from: hl7, to: \"yyyy-MM-dd ppp\"}"))
                .hasMessageContaining("date pattern");
        assertThatThrownBy(() -> steps.steps("- {type: set, path: PID-8, vaule: x}"))
                .hasMessageContaining("vaule").hasMessageContaining("misspelling of 'value'");
        assertThatThrownBy(() -> steps.steps("- {type: template, template: \"not hl7\"}"))
                .hasMessageContaining("template").hasMessageContaining("not a valid hl7v2 message");
        assertThatThrownBy(() -> steps.steps("- {type: nosuch}"))
                .hasMessageContaining("nosuch");
    }

    @Test
    void steps_onCustomDelimiters_readAndWriteInTheMessagesOwnDelimiters() throws Exception {
        Hl7Message custom = hl7("MSH#*~\\$#LAB#HOSP#EHR#HOSP#20250101120000##ADT*A01#C2#P#2.4",
                "PID#1##42*0*0*HOSP~77*0*0*SSA##Doe*John#\\F\\#19800215#M",
                "ZPI#1#a\\S\\b");
        ParsedMessage m = steps.run("""
                - {type: copy, from: "PID-3[2].1", to: PID-2}
                - {type: set, path: PID-5.2, value: "Jo#hn*Q"}
                - {type: map, path: PID-8, table: sex}
                - {type: upper, path: ZPI-2}
                """, custom);
        assertThat(m.get("PID-2")).contains("77");
        assertThat(m.get("PID-5.2")).as("component-level text with a lower delimiter is written as wire form").isPresent();
        assertThat(m.get("PID-8")).contains("male");
        assertThat(m.get("ZPI-2")).as("escapes decode, upper-case, and are escaped again").contains("A*B");
        assertThat(text(m)).contains("ZPI#1#A\\S\\B").startsWith("MSH#*~\\$#");
    }

    /** A clock the test moves by hand. */
    static final class MutableClock implements java.time.InstantSource {
        private long millis = 1_000_000;

        void advance(long by) {
            millis += by;
        }

        @Override
        public java.time.Instant instant() {
            return java.time.Instant.ofEpochMilli(millis);
        }
    }
}
