package io.conduit.hl7v2;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Sample messages under {@code src/test/resources/messages}. */
public final class Samples {

    public static final String ADT_A01_V251 = "adt_a01_v251.hl7";
    public static final String ORU_R01_V23 = "oru_r01_v23.hl7";
    public static final String ADT_A04_V28_UTF8 = "adt_a04_v28_utf8.hl7";

    private Samples() {
    }

    public static byte[] bytes(String name) {
        try (InputStream in = Samples.class.getResourceAsStream("/messages/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no sample " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Segments joined with CR, plus a final CR. */
    public static byte[] message(String... segments) {
        return (String.join("\r", segments) + "\r").getBytes(StandardCharsets.ISO_8859_1);
    }
}
