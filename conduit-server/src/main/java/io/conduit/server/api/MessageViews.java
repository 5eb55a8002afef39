package io.conduit.server.api;

import io.conduit.core.message.Message;
import io.conduit.core.store.DeliveryRecord;
import io.conduit.core.store.MessageSummary;
import io.conduit.core.store.StageRecord;
import io.conduit.core.store.StoredMessage;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON shapes of messages: metadata and history only; content has its own audited endpoint. */
final class MessageViews {

    private MessageViews() {
    }

    /**
     * A search hit. The patient's name is PHI that a viewer (status and metadata, no content) has
     * no need for: shown from the analyst role up. The patient id stays, so viewers can find a
     * patient's messages.
     */
    static Map<String, Object> summary(MessageSummary m, boolean patientNames) {
        Map<String, Object> view = summary(m);
        if (!patientNames && m.metadata().values().containsKey(io.conduit.core.message.Metadata.PATIENT_NAME)) {
            Map<String, String> metadata = new java.util.LinkedHashMap<>(m.metadata().values());
            metadata.remove(io.conduit.core.message.Metadata.PATIENT_NAME);
            view.put("metadata", metadata);
        }
        return view;
    }

    static Map<String, Object> summary(StoredMessage stored, boolean patientNames) {
        Message m = stored.message();
        return summary(new MessageSummary(m.id(), m.channel(), m.receivedAt(), stored.status(), m.dataType(), m.metadata(),
                m.content().length, stored.error()), patientNames);
    }

    private static Map<String, Object> summary(MessageSummary m) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", m.id().toString());
        view.put("channel", m.channel());
        view.put("receivedAt", m.receivedAt().toString());
        view.put("status", m.status().name());
        view.put("dataType", m.dataType());
        view.put("size", m.size());
        view.put("error", m.error());
        view.put("metadata", m.metadata().values());
        return view;
    }

    static Map<String, Object> stage(StageRecord s) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("destination", s.destination());
        view.put("stage", s.stage().name());
        view.put("at", s.at().toString());
        view.put("detail", s.detail());
        view.put("hasContent", s.content() != null);
        return view;
    }

    static Map<String, Object> delivery(DeliveryRecord d) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("destination", d.destination());
        view.put("status", d.status().name());
        view.put("attempts", d.attempts());
        view.put("lastError", d.lastError());
        view.put("updatedAt", d.updatedAt().toString());
        return view;
    }
}
