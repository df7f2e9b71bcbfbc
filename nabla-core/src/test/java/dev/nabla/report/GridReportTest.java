package dev.nabla.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.lab.grid.GridAggregate.Group;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GridReportTest {
    private static Group group(int config, String lr, String hidden, String optimizer) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("lr", lr);
        values.put("hidden", hidden);
        values.put("optimizer", optimizer);
        return new Group(config, values, "lr=" + lr + ",hidden=" + hidden + ",optimizer=" + optimizer, List.of(),
                Map.of());
    }

    @Test
    void legendLabelsNameOnlyTheOptionsThatDifferAmongThePlottedConfigurations() {
        List<Group> top = List.of(group(0, "0.002", "400", "adam"), group(1, "0.002", "400-400", "adam"),
                group(2, "2e-4", "400", "adam"));
        assertThat(GridReport.legendLabel(1, top.get(0), top)).isEqualTo("#1 lr=0.002, hidden=400");
        assertThat(GridReport.legendLabel(2, top.get(1), top)).isEqualTo("#2 lr=0.002, hidden=400-400");
        assertThat(GridReport.legendLabel(3, top.get(2), top)).isEqualTo("#3 lr=2e-4, hidden=400");
        assertThat(GridReport.legendLabel(1, top.get(0), List.of(top.get(0)))).as("one configuration").isEqualTo("#1");
    }
}
