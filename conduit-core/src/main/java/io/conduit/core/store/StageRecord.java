package io.conduit.core.store;

import io.conduit.core.message.MessageId;
import io.conduit.core.message.Stage;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** One entry of a message's history. {@code destination} is {@code ""} for the source side. */
public record StageRecord(MessageId id, String destination, Stage stage, Instant at, @Nullable String detail,
                          byte @Nullable [] content) {

    @Override
    public String toString() {
        return "StageRecord[id=" + id + ", destination=" + destination + ", stage=" + stage + ", detail=" + detail + "]";
    }
}
