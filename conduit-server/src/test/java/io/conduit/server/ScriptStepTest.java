package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.conduit.core.message.MessageStatus;
import io.conduit.core.store.MessageQuery;
import io.conduit.core.store.MessageSummary;
import io.conduit.hl7v2.mllp.MllpClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The script step as the assembled server finds it (ServiceLoader through conduit-script on the class path). */
class ScriptStepTest {

    @TempDir
    Path temp;

    @Test
    void scriptFilterAndTransformer_runInAChannel_andAFailingScriptErrorsOnlyItsMessage() throws Exception {
        EngineHarness h = new EngineHarness(temp);
        Files.createDirectories(h.configDir.resolve("scripts/lib"));
        Files.writeString(h.configDir.resolve("scripts/lib/names.js"), "function initial(path) { return msg.get(path).charAt(0) + '.'; }\n");
        h.channel("feed", """
                dataType: hl7v2
                source: {type: mllp, host: 127.0.0.1, port: 0}
                filters:
                  - {type: script, script: "return metadata.get('messageType').startsWith('ADT');"}
                transformers:
                  - type: script
                    name: names
                    script: |
                      if (msg.get('MSH-10') === 'FAIL-1') throw new Error('refused on purpose');
                      msg.set('PID-5.3', initial('PID-5.2'));
                destinations:
                  - {name: out, type: file, directory: out, fileName: "{MSH-10}.hl7"}
                """);
        try (h) {
            h.start();
            assertThat(send(h.port("feed"), "FAIL-1")).contains("MSA|AE|FAIL-1");
            assertThat(send(h.port("feed"), "OK-1")).contains("MSA|AA|OK-1");
            Path out = h.dataDir.resolve("out/OK-1.hl7");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(out));
            assertThat(Files.readString(out, StandardCharsets.ISO_8859_1)).contains("EVERYWOMAN^EVE^E.");
            List<MessageSummary> failed = h.engine.store().search(MessageQuery.all(5).withControlId("FAIL-1")).items();
            assertThat(failed).singleElement().satisfies(m -> {
                assertThat(m.status()).isEqualTo(MessageStatus.ERRORED);
                assertThat(m.error()).contains("transformers[0] (script 'names'): inline script line 1: Error: refused on purpose");
            });
        }
    }

    private static String send(int port, String controlId) throws IOException {
        try (MllpClient client = MllpClient.connect("127.0.0.1", port)) {
            return new String(client.send(Hl7Samples.adtA01(controlId).getBytes(StandardCharsets.ISO_8859_1)),
                    StandardCharsets.ISO_8859_1);
        }
    }
}
