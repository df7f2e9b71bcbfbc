package dev.nabla.lab.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.lab.grid.GridAggregate.Group;
import dev.nabla.lab.grid.GridAggregate.Stat;
import dev.nabla.lab.grid.GridResults.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GridAggregateTest {
    @Test
    void statIsTheMeanAndTheSampleStandardDeviation() {
        // numpy: np.mean([0.5, 0.7, 0.9]) = 0.7, np.std([0.5, 0.7, 0.9], ddof=1) = 0.2
        Stat s = Stat.of(new double[] {0.5, 0.7, 0.9});
        assertThat(s.mean()).isCloseTo(0.7, within(1e-15));
        assertThat(s.std()).isCloseTo(0.2, within(1e-15));
        assertThat(s.n()).isEqualTo(3);
        Stat one = Stat.of(new double[] {0.25});
        assertThat(one.mean()).isEqualTo(0.25);
        assertThat(one.std()).isNaN();
        Stat missing = Stat.of(new double[] {Double.NaN, 1, 3});
        assertThat(missing.n()).isEqualTo(2);
        assertThat(missing.mean()).isEqualTo(2);
        assertThat(missing.std()).isCloseTo(Math.sqrt(2), within(1e-15));
    }

    @Test
    void runsAreGroupedByConfigurationAndRankedByTheMetric() {
        GridSpec spec = GridSpec.parse("axes: {lr: [0.1, 0.01, 0.001]}\nrepeats: 2\nmetric: test_loss\n", "g");
        double[] loss = {0.9, 0.7, 0.3, 0.5, 0.6, 0.6};
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < spec.runs().size(); i++) {
            rows.add(new Row(spec.runs().get(i), Map.of("last_test_loss", loss[i], "stop_reason", "finished")));
        }
        List<Group> groups = GridAggregate.of(rows);
        assertThat(groups).hasSize(3);
        assertThat(groups.get(0).stat("last_test_loss").mean()).isCloseTo(0.8, within(1e-12));
        assertThat(groups.get(0).stats()).containsOnlyKeys("last_test_loss");
        List<Group> ranked = GridAggregate.ranked(groups, spec.metric(), spec.higherIsBetter());
        assertThat(ranked).extracting(Group::label).containsExactly("lr=0.01", "lr=0.001", "lr=0.1");
        assertThat(ranked.get(1).stat("last_test_loss").std()).isZero();
    }
}
