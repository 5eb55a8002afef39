package io.conduit.server;

import io.conduit.core.datatype.DataType;
import io.conduit.core.datatype.DataTypeFactory;
import io.conduit.core.datatype.MessageFormatException;
import io.conduit.core.datatype.ResponseStatus;
import io.conduit.core.runtime.Plugins;
import io.conduit.hl7v2.mllp.MllpClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code conduit send}: an MLLP client that sends HL7 files and prints each answer. */
@Command(name = "send", mixinStandardHelpOptions = true,
        description = "Send HL7 v2 messages from files over MLLP and print each ACK. "
                + "A file may hold several messages or an HL7 batch.")
final class SendCommand implements Callable<Integer> {

    @Option(names = {"-H", "--host"}, defaultValue = "localhost", description = "Peer host (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = {"-p", "--port"}, defaultValue = "2575", description = "Peer port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--timeout", defaultValue = "30s", description = "How long to wait for each ACK (default: ${DEFAULT-VALUE}).",
            converter = DurationConverter.class)
    Duration timeout;

    @Option(names = {"-q", "--quiet"}, description = "Print one summary line per message instead of the whole ACK.")
    boolean quiet;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files holding HL7 v2 messages.")
    List<Path> files;

    @Override
    public Integer call() throws Exception {
        DataType hl7 = hl7DataType();
        int failures = 0;
        try (MllpClient client = MllpClient.connect(host, port, Duration.ofSeconds(10), timeout, 16 * 1024 * 1024, null)) {
            for (Path file : files) {
                List<byte[]> messages;
                try {
                    messages = hl7.split(Files.readAllBytes(file));
                } catch (IOException e) {
                    System.err.println(file + ": cannot read: " + e.getMessage());
                    failures++;
                    continue;
                } catch (MessageFormatException e) {
                    System.err.println(file + ": " + e.describe());
                    failures++;
                    continue;
                }
                for (int i = 0; i < messages.size(); i++) {
                    byte[] ack = client.send(messages.get(i));
                    ResponseStatus status = hl7.interpretResponse(ack);
                    System.out.println(file + (messages.size() > 1 ? " #" + (i + 1) : "") + ": " + status.detail());
                    if (!quiet) {
                        System.out.println(new String(ack, StandardCharsets.ISO_8859_1).replace('\r', '\n').stripTrailing());
                    }
                    if (!status.isAccepted()) {
                        failures++;
                    }
                }
            }
        } catch (IOException e) {
            System.err.println("cannot talk to " + host + ":" + port + ": " + e.getMessage());
            return 1;
        }
        return failures == 0 ? 0 : 1;
    }

    private static DataType hl7DataType() throws Exception {
        DataTypeFactory factory = Plugins.discover().dataTypeFactory("hl7v2")
                .orElseThrow(() -> new IllegalStateException("the hl7v2 data type is not on the class path"));
        return factory.createWithDefaults("send");
    }
}
