package io.conduit.core.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MessageIdTest {

    @Test
    void text_roundTrips_andSortsLikeTheNumber() {
        MessageIdGenerator ids = new MessageIdGenerator(InstantSource.system());
        List<MessageId> generated = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            generated.add(ids.next());
        }
        for (int i = 1; i < generated.size(); i++) {
            MessageId a = generated.get(i - 1);
            MessageId b = generated.get(i);
            assertThat(b).isGreaterThan(a);
            assertThat(b.toString()).isGreaterThan(a.toString());
            assertThat(MessageId.parse(b.toString())).isEqualTo(b);
        }
        assertThat(generated.get(0).toString()).hasSize(13);
    }

    @Test
    void generator_staysIncreasingWhenTheClockStepsBack() {
        AtomicLong millis = new AtomicLong(Instant.parse("2026-11-24T08:00:00Z").toEpochMilli());
        MessageIdGenerator ids = new MessageIdGenerator(() -> Instant.ofEpochMilli(millis.get()));
        MessageId first = ids.next();
        millis.addAndGet(-5_000);
        MessageId second = ids.next();
        assertThat(second).isGreaterThan(first);
        assertThat(first.epochMillis()).isEqualTo(Instant.parse("2026-11-24T08:00:00Z").toEpochMilli());
    }

    @Test
    void concurrentGeneration_neverRepeats() throws Exception {
        MessageIdGenerator ids = new MessageIdGenerator(InstantSource.system());
        var seen = java.util.concurrent.ConcurrentHashMap.<MessageId>newKeySet();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 10_000; i++) {
                    seen.add(ids.next());
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(new HashSet<>(seen)).hasSize(80_000);
    }

    @Test
    void parse_rejectsMalformedText() {
        assertThatThrownBy(() -> MessageId.parse("short")).hasMessageContaining("13 characters");
        assertThatThrownBy(() -> MessageId.parse("0000000000U00")).hasMessageContaining("invalid character at 11");
    }
}
