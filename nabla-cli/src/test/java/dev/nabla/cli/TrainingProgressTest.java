package dev.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Plain progress lines (no terminal): a heartbeat between evaluations, so long runs show that they move. */
class TrainingProgressTest {
    @Test
    void printsAHeartbeatLineWithRateAndEtaBetweenEvaluations() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(buf, true, StandardCharsets.UTF_8);
        try (TrainingProgress p = new TrainingProgress(err, false, Duration.ZERO)) {
            p.started(0, 5000);
            p.stepped(250, 5000, 0.61234);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        assertThat(out).startsWith("training 5000 steps\n")
                .containsPattern("step    250/5000  loss 0\\.6123  [0-9.]+ steps/s  ETA [0-9hms.]+\n");
    }

    @Test
    void staysQuietBetweenHeartbeats() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(buf, true, StandardCharsets.UTF_8);
        try (TrainingProgress p = new TrainingProgress(err, false, Duration.ofHours(1))) {
            p.started(0, 100);
            for (int s = 1; s <= 100; s++) {
                p.stepped(s, 100, 0.5);
            }
        }
        assertThat(buf.toString(StandardCharsets.UTF_8)).isEqualTo("training 100 steps\n");
    }
}
