package dev.nabla.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryCsvTest {
    @TempDir
    Path dir;

    @Test
    void metricsCsvReadsBackAsWritten() throws IOException {
        History h = new History();
        h.add(new Evaluation(100, 0, 2.25, 0.125, 2.5, 0.1, 0.002, 1.5));
        h.add(new Evaluation(200, 1, Double.NaN, 0.5, 1.0625, 0.625, 0.001, 3.25));
        Path csv = dir.resolve("metrics.csv");
        h.writeCsv(csv);
        History back = History.readCsv(csv);
        assertThat(back.rows()).hasSize(2);
        assertThat(back.rows().get(0)).isEqualTo(h.rows().get(0));
        assertThat(back.last().trainLoss()).isNaN();
        assertThat(back.last().testAcc()).isEqualTo(0.625);
        assertThat(back.last().seconds()).isEqualTo(3.25);
    }

    @Test
    void aMalformedFileIsNamedWithItsLine() throws IOException {
        Path notMetrics = Files.writeString(dir.resolve("other.csv"), "a,b\n1,2\n");
        assertThatThrownBy(() -> History.readCsv(notMetrics)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("other.csv is not a metrics file");
        Path broken = Files.writeString(dir.resolve("metrics.csv"), Evaluation.CSV_HEADER + "\n100,0,1,0.5,1,0.5,0.1,1\n"
                + "200,0,x,0.5,1,0.5,0.1,2\n");
        assertThatThrownBy(() -> History.readCsv(broken)).hasMessageContaining("metrics.csv line 3")
                .hasMessageContaining("not a number");
        Path short_ = Files.writeString(dir.resolve("short.csv"), Evaluation.CSV_HEADER + "\n100,0,1\n");
        assertThatThrownBy(() -> History.readCsv(short_)).hasMessageContaining("line 2: expected the 8 columns");
    }
}
