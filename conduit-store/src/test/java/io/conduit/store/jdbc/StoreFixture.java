package io.conduit.store.jdbc;

import io.conduit.core.message.Message;
import io.conduit.core.message.MessageIdGenerator;
import io.conduit.core.message.MessageStatus;
import io.conduit.core.message.Metadata;
import io.conduit.core.store.MessageStore;
import io.conduit.core.store.StoreException;
import io.conduit.core.store.StoreWrite;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;

/** Opens real SQLite stores in a test's directory and makes test messages. */
final class StoreFixture {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final MessageIdGenerator ids = new MessageIdGenerator(InstantSource.system());

    static MessageStore open(Path dir) throws StoreException {
        return open(SqliteStoreFactory.Settings.defaults(dir.resolve("store.db")));
    }

    static MessageStore open(SqliteStoreFactory.Settings settings) throws StoreException {
        return new SqliteStoreFactory(InstantSource.fixed(T0)).open(settings);
    }

    Message message(String channel, String controlId, String patientId) {
        return message(channel, ("MSH|^~\\&|LAB|HOSP|EHR|HOSP|20260301||ADT^A01|" + controlId + "|P|2.5\rPID|1||" + patientId)
                .getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8,
                Metadata.builder().put(Metadata.MESSAGE_TYPE, "ADT^A01").put(Metadata.CONTROL_ID, controlId)
                        .put(Metadata.PATIENT_ID, patientId).put(Metadata.SENDING_APPLICATION, "LAB")
                        .put(Metadata.SENDING_FACILITY, "HOSP").build());
    }

    Message message(String channel, byte[] content, Charset charset, Metadata metadata) {
        return new Message(ids.next(), channel, T0, content, charset, "hl7v2", metadata, "mllp://127.0.0.1:50000");
    }

    static StoreWrite.InsertMessage insert(Message m) {
        return new StoreWrite.InsertMessage(m, MessageStatus.RECEIVED, null);
    }

    static void write(MessageStore store, StoreWrite... writes) throws StoreException {
        store.write(List.of(writes));
    }
}
