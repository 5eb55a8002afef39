package io.conduit.core.message;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a data type extracted from a message for routing and search: message type, control id,
 * patient id, sender and receiver. Immutable; keys are the constants below (data types may add
 * their own).
 */
public record Metadata(Map<String, String> values) {

    public static final String MESSAGE_TYPE = "messageType";
    public static final String CONTROL_ID = "controlId";
    public static final String PATIENT_ID = "patientId";
    public static final String PATIENT_NAME = "patientName";
    public static final String SENDING_APPLICATION = "sendingApplication";
    public static final String SENDING_FACILITY = "sendingFacility";
    public static final String RECEIVING_APPLICATION = "receivingApplication";
    public static final String RECEIVING_FACILITY = "receivingFacility";
    public static final String MESSAGE_DATE_TIME = "messageDateTime";
    public static final String VERSION = "version";

    public static final Metadata EMPTY = new Metadata(Map.of());

    public Metadata {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** The value for {@code key}, or null when absent. */
    public String getOrNull(String key) {
        return values.get(key);
    }

    /** A copy with {@code key} set to {@code value} (removed when value is null). */
    public Metadata with(String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        if (value == null) {
            copy.remove(key);
        } else {
            copy.put(key, value);
        }
        return new Metadata(copy);
    }

    /** Builds metadata, skipping null and empty values. */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects metadata values; null and empty values are skipped. */
    public static final class Builder {
        private final Map<String, String> values = new LinkedHashMap<>();

        public Builder put(String key, String value) {
            if (value != null && !value.isEmpty()) {
                values.put(key, value);
            }
            return this;
        }

        public Metadata build() {
            return new Metadata(values);
        }
    }
}
