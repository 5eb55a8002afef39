package io.conduit.bench.load;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.HL7Service;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.protocol.ReceivingApplication;
import java.util.Map;

/**
 * The library baseline: HAPI's own MLLP server parsing each message and answering with
 * {@code generateACK()}, storing nothing. {@code java -cp benchmarks.jar
 * io.conduit.bench.load.HapiMllpServer PORT}.
 */
public final class HapiMllpServer {

    private HapiMllpServer() {
    }

    public static void main(String[] args) throws Exception {
        HapiContext context = new DefaultHapiContext();
        context.getParserConfiguration().setValidating(false);
        // HAPI's default id generator writes an id_file in the working directory.
        context.getParserConfiguration().setIdGenerator(new ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator());
        HL7Service server = context.newServer(Integer.parseInt(args[0]), false);
        server.registerApplication("*", "*", new ReceivingApplication<Message>() {
            @Override
            public Message processMessage(Message message, Map<String, Object> metadata) {
                try {
                    return message.generateACK();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public boolean canProcess(Message message) {
                return true;
            }
        });
        server.startAndWait();
        System.out.println("HAPI MLLP server listening on " + args[0]);
        Thread.currentThread().join();
    }
}
