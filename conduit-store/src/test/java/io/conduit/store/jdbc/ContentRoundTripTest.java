package io.conduit.store.jdbc;

import static io.conduit.store.jdbc.StoreFixture.T0;
import static io.conduit.store.jdbc.StoreFixture.insert;
import static io.conduit.store.jdbc.StoreFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conduit.core.message.Message;
import io.conduit.core.message.Metadata;
import io.conduit.core.message.Stage;
import io.conduit.core.store.MessageStore;
import io.conduit.core.store.StoreWrite.AddStage;
import io.conduit.core.store.StoreWrite.Enqueue;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ContentRoundTripTest {

    /** A synthetic admission of about 1 KB: what transformed stages are usually derived from. */
    private static final String ADT = "MSH|^~\\&|REGADT|GOOD HEALTH HOSPITAL|CONDUIT|TEST|20261124083000||ADT^A01^ADT_A01|C1|P|2.5.1\r"
            + "EVN|A01|20261124083000\r"
            + "PID|1||PATID1234^^^GOOD HEALTH HOSPITAL^MR~123456789^^^USSSA^SS||EVERYWOMAN^EVE^E^^^^L||19880227|F|||"
            + "2222 HOME STREET^^GREENSBORO^NC^27401-1020^USA^H||(555)555-2004^PRN^PH|||S||PATID12345001^2^M10^ADT1^AN^A\r"
            + "NK1|1|JONES^BARBARA^K|WI^WIFE^HL70063|2222 HOME STREET^^GREENSBORO^NC^27401-1020|(555)555-2006||NK^NEXT OF KIN\r"
            + "PV1|1|I|2000^2012^01^GOOD HEALTH HOSPITAL||||004777^ATTEND^AARON^A^^^MD|||SUR||||ADM|A0\r"
            + "OBX|1|NM|8302-2^Body height^LN||170|cm^centimeter^UCUM|||||F|||20261124083000\r"
            + "OBX|2|NM|29463-7^Body weight^LN||65|kg^kilogram^UCUM|||||F|||20261124083000\r"
            + "OBX|3|ST|8661-1^Chief complaint^LN||Abdominal pain since yesterday evening, worse after meals||||||F\r"
            + "AL1|1|DA|70618^Penicillin^RXNORM|MO|Hives\r"
            + "DG1|1||R10.9^Unspecified abdominal pain^I10||20261124083000|A\r";

    @TempDir
    Path dir;
    final StoreFixture fixture = new StoreFixture();

    static Stream<Arguments> contents() {
        byte[] random = new byte[1024 * 1024];
        new Random(7).nextBytes(random);
        byte[] hl7 = "MSH|^~\\&|LAB|HOSP|EHR|HOSP|20260301||ORU^R01|1|P|2.5\rOBX|1|NM|GLU||5.4|mmol/L\r".repeat(14_000)
                .substring(0, 1024 * 1024).getBytes(StandardCharsets.US_ASCII);
        Charset latin1 = StandardCharsets.ISO_8859_1;
        return Stream.of(
                Arguments.of("empty", new byte[0], StandardCharsets.UTF_8, ContentCodec.RAW),
                Arguments.of("one byte", new byte[] {0x0b}, StandardCharsets.UTF_8, ContentCodec.RAW),
                Arguments.of("1 MB incompressible", random, StandardCharsets.UTF_8, ContentCodec.RAW),
                Arguments.of("1 MB HL7", hl7, StandardCharsets.US_ASCII, ContentCodec.LZ4),
                Arguments.of("ISO-8859-1 text", "PID|1||123||Müller^Zoë^Ærø".repeat(10).getBytes(latin1), latin1, ContentCodec.LZ4));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contents")
    void content_roundTripsThroughMessageQueueAndHistory(String name, byte[] content, Charset charset, byte format)
            throws Exception {
        Message m = fixture.message("adt", content, charset, Metadata.EMPTY);
        try (MessageStore store = StoreFixture.open(dir)) {
            write(store, insert(m), new Enqueue(m.id(), "adt", "lab", content), new Enqueue(m.id(), "adt", "billing", null),
                    new AddStage(m.id(), "lab", Stage.TRANSFORMED, T0, null, content));

            Message back = store.find(m.id()).orElseThrow().message();
            assertThat(back.content()).isEqualTo(content);
            assertThat(back.charset()).isEqualTo(charset);
            assertThat(back.metadata()).isEqualTo(Metadata.EMPTY);
            assertThat(store.pending("adt", "lab", 0, 1).getFirst().content()).isEqualTo(content);
            assertThat(store.pending("adt", "billing", 0, 1).getFirst().content()).isEqualTo(content);
            assertThat(store.stages(m.id()).stream().filter(s -> s.stage() == Stage.TRANSFORMED).findFirst().orElseThrow().content())
                    .isEqualTo(content);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("store.db"));
             PreparedStatement ps = c.prepareStatement("SELECT content, size FROM messages WHERE id = ?")) {
            ps.setLong(1, m.id().value());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                byte[] stored = rs.getBytes(1);
                assertThat(stored[0]).as("format header").isEqualTo(format);
                assertThat(rs.getInt(2)).isEqualTo(content.length);
                if (format == ContentCodec.LZ4) {
                    assertThat(stored.length).isLessThan(content.length);
                }
            }
        }
    }

    @Test
    void transformedContent_isStoredAsADeltaAgainstTheReceivedContent_andReadsBackWhole() throws Exception {
        byte[] received = ADT.getBytes(StandardCharsets.ISO_8859_1);
        byte[] transformed = ADT.replace("|CONDUIT|", "|DOWNSTREAM|").replace("|F|", "|female|")
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] own = ADT.replace("EVERYWOMAN", "EVERYMAN").getBytes(StandardCharsets.ISO_8859_1);
        Message m = fixture.message("adt", received, StandardCharsets.ISO_8859_1, Metadata.EMPTY);
        try (MessageStore store = StoreFixture.open(dir)) {
            write(store, insert(m), new AddStage(m.id(), "", Stage.TRANSFORMED, T0, null, transformed),
                    new Enqueue(m.id(), "adt", "lab", null, true, 0), new Enqueue(m.id(), "adt", "billing", own));

            assertThat(store.pending("adt", "lab", 0, 1).getFirst().content()).isEqualTo(transformed);
            assertThat(store.pending("adt", "billing", 0, 1).getFirst().content()).isEqualTo(own);
            assertThat(store.stages(m.id())).filteredOn(st -> st.stage() == Stage.TRANSFORMED).singleElement()
                    .satisfies(st -> assertThat(st.content()).isEqualTo(transformed));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("store.db"));
             PreparedStatement stage = c.prepareStatement("SELECT content FROM stages WHERE stage = 'T'");
             PreparedStatement payload = c.prepareStatement("SELECT payload FROM deliveries WHERE destination = 'billing'")) {
            for (PreparedStatement ps : List.of(stage, payload)) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    byte[] stored = rs.getBytes(1);
                    assertThat(stored[0]).as("format header").isEqualTo(ContentCodec.DELTA);
                    assertThat(stored.length).as("about the size of the changes").isLessThan(received.length / 8);
                }
            }
        }
    }

    @Test
    void delta_withoutItsBase_orCorrupt_failsCleanly() {
        byte[] base = ADT.getBytes(StandardCharsets.ISO_8859_1);
        byte[] stored = new ContentCodec(0).encodeDelta(ADT.replace("ADT", "ORU").getBytes(StandardCharsets.ISO_8859_1), base);
        assertThat(stored[0]).isEqualTo(ContentCodec.DELTA);
        assertThatThrownBy(() -> ContentCodec.decode(stored)).isInstanceOf(IllegalStateException.class).hasMessageContaining("delta");
        assertThatThrownBy(() -> ContentCodec.decode(stored, null)).isInstanceOf(IllegalStateException.class);
        byte[] damaged = stored.clone();
        damaged[damaged.length / 2] ^= (byte) 0xff;
        damaged[damaged.length - 1] ^= (byte) 0xff;
        assertThatThrownBy(() -> ContentCodec.decode(damaged, base)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void decode_unknownFormat_explainsItself() {
        assertThatThrownBy(() -> ContentCodec.decode(new byte[] {7, 1, 2}))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("unknown stored content format 7");
    }

    @Test
    void decode_corruptLz4_failsCleanly() {
        byte[] stored = new ContentCodec(0).encode("abcabcabcabcabcabcabcabcabcabcabcabcabc".getBytes(StandardCharsets.US_ASCII));
        assertThat(stored[0]).isEqualTo(ContentCodec.LZ4);
        stored[stored.length - 1] ^= (byte) 0xff;
        stored[3] = 0x7f; // claims a far larger original length
        assertThatThrownBy(() -> ContentCodec.decode(stored)).isInstanceOf(RuntimeException.class);
    }

    @Test
    void contentBelowThreshold_staysRaw() {
        byte[] small = "MSH|short".getBytes(StandardCharsets.US_ASCII);
        assertThat(new ContentCodec(128).encode(small)[0]).isEqualTo(ContentCodec.RAW);
    }

    @Test
    void metadata_withSeparatorsAndNewlines_roundTrips() {
        Metadata md = new Metadata(Map.of("a=b", "c=d", "multi\nline", "x\r\ny", "back\\slash", "\\n literally", "empty", "",
                "unicode", "Zoë Ærø 患者"));
        assertThat(MetadataCodec.decode(MetadataCodec.encode(md))).isEqualTo(md);
        assertThat(MetadataCodec.decode(MetadataCodec.encode(Metadata.EMPTY))).isEqualTo(Metadata.EMPTY);
    }
}
