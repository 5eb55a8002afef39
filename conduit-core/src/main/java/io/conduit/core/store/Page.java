package io.conduit.core.store;

import io.conduit.core.message.MessageId;
import java.util.List;
import java.util.Optional;

/**
 * One page of search results.
 *
 * @param next the cursor for the next page ({@link MessageQuery#before}), empty on the last page
 */
public record Page<T>(List<T> items, Optional<MessageId> next) {

    public Page {
        items = List.copyOf(items);
    }
}
