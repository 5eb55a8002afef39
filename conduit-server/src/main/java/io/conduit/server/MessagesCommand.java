package io.conduit.server;

import io.conduit.core.message.MessageId;
import io.conduit.core.message.MessageStatus;
import io.conduit.core.message.Metadata;
import io.conduit.core.runtime.Engine;
import io.conduit.core.store.DeliveryRecord;
import io.conduit.core.store.MessageQuery;
import io.conduit.core.store.MessageStore;
import io.conduit.core.store.MessageSummary;
import io.conduit.core.store.Page;
import io.conduit.core.store.StageRecord;
import io.conduit.core.store.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code conduit messages DIR}: searches the store, or shows one message's history. */
@Command(name = "messages", mixinStandardHelpOptions = true,
        description = "Search stored messages (newest first), or show one message with --show.")
final class MessagesCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--channel", description = "Only this channel.")
    String channel;

    @Option(names = "--status", description = "Only this status: ${COMPLETION-CANDIDATES}.")
    MessageStatus status;

    @Option(names = "--type", description = "Only this message type, e.g. ADT^A01.")
    String messageType;

    @Option(names = "--control-id", description = "Only this control id (MSH-10).")
    String controlId;

    @Option(names = "--patient-id", description = "Only this patient id (PID-3).")
    String patientId;

    @Option(names = "--limit", defaultValue = "20", description = "Page size (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--before", description = "Paging cursor printed at the end of the previous page.")
    String before;

    @Option(names = "--show", paramLabel = "ID", description = "Show one message: status, history and deliveries.")
    String show;

    @Option(names = "--content", description = "With --show, also print the received content (contains PHI).")
    boolean content;

    @Override
    public Integer call() throws Exception {
        return config.withStore(store -> {
            if (show != null) {
                return show(store, MessageId.parse(show));
            }
            MessageQuery query = new MessageQuery(channel, null, null, status, messageType, controlId, patientId, null,
                    before == null ? null : MessageId.parse(before), limit);
            Page<MessageSummary> page = store.search(query);
            System.out.printf("%-13s  %-24s  %-16s  %-8s  %-12s  %-20s  %s%n", "ID", "RECEIVED", "CHANNEL", "STATUS",
                    "TYPE", "CONTROL ID", "ERROR");
            for (MessageSummary m : page.items()) {
                System.out.printf("%-13s  %-24s  %-16s  %-8s  %-12s  %-20s  %s%n", m.id(), m.receivedAt(), m.channel(),
                        m.status(), nz(m.metadata().getOrNull(Metadata.MESSAGE_TYPE)),
                        nz(m.metadata().getOrNull(Metadata.CONTROL_ID)), nz(m.error()));
            }
            page.next().ifPresent(c -> System.out.println("more: --before " + c));
            return 0;
        });
    }

    private int show(MessageStore store, MessageId id) throws Exception {
        Optional<StoredMessage> found = store.find(id);
        if (found.isEmpty()) {
            System.err.println("no message " + id);
            return 1;
        }
        StoredMessage m = found.get();
        System.out.println("message " + id + " in channel " + m.message().channel() + ": " + m.status()
                + (m.error() == null ? "" : " (" + m.error() + ")"));
        System.out.println("received " + m.message().receivedAt() + " from " + m.message().origin() + ", "
                + m.message().content().length + " bytes, " + m.message().charset());
        m.message().metadata().values().forEach((k, v) -> System.out.println("  " + k + " = " + v));
        if (m.message().parent() != null) {
            System.out.println("made from message " + m.message().parent());
        }
        List<MessageId> children = store.children(id);
        if (!children.isEmpty()) {
            System.out.println("messages made from it: " + children.stream().map(MessageId::toString).collect(
                    java.util.stream.Collectors.joining(", ")));
        }
        System.out.println("history:");
        for (StageRecord s : store.stages(id)) {
            System.out.println("  " + s.at() + "  " + (s.destination().isEmpty() ? "(source)" : s.destination()) + "  "
                    + s.stage() + (s.detail() == null ? "" : "  " + s.detail()));
        }
        System.out.println("deliveries:");
        for (DeliveryRecord d : store.deliveries(id)) {
            System.out.println("  " + d.destination() + "  " + d.status() + "  attempts=" + d.attempts()
                    + (d.lastError() == null ? "" : "  last error: " + d.lastError()));
        }
        if (content) {
            // Content is PHI: who looked at it is recorded before it is shown.
            store.write(List.of(Engine.Operator.commandLine().audit("view-content", m.message().channel(), List.of(id.toString()),
                    "received content shown by conduit messages --show --content", java.time.Instant.now())));
            System.out.println("content:");
            System.out.println(new String(m.message().content(), m.message().charset()).replace('\r', '\n'));
        }
        return 0;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
