package io.conduit.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void delay_growsExponentially_upToTheMaximum() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(1), 2.0);
        assertThat(policy.delayAfter(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.delayAfter(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.delayAfter(4)).isEqualTo(Duration.ofMillis(800));
        assertThat(policy.delayAfter(5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.delayAfter(60)).isEqualTo(Duration.ofSeconds(1));
    }
}
