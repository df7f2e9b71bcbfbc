package dev.nabla.lab.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.lab.RunConfig;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GridSpecTest {
    private static final String ISSUE_FORM = """
            base: {recipe: mnist-sigmoid, dataset: synth, hidden: [8], max_steps: 300}
            axes: {lr: [0.01, 0.1], optimizer: [sgd, adam], hidden: [[100], [100, 100]]}
            repeats: 2
            metric: test_acc
            """;

    @Test
    void theIssuesFormGivesTheProductTimesTheRepeats() {
        GridSpec spec = GridSpec.parse(ISSUE_FORM, "g.yaml");
        assertThat(spec.columns()).containsExactly("lr", "optimizer", "hidden");
        assertThat(spec.configurations()).isEqualTo(8);
        assertThat(spec.runs()).hasSize(16);
        assertThat(spec.metric()).isEqualTo("last_test_acc");
        assertThat(spec.higherIsBetter()).isTrue();
        // The last axis varies fastest; repeats are adjacent and their seeds follow the base seed.
        GridPoint first = spec.runs().get(0);
        assertThat(first.id()).isEqualTo("0000-lr=0.01,optimizer=sgd,hidden=100,r0");
        assertThat(spec.runs().get(1).id()).isEqualTo("0000-lr=0.01,optimizer=sgd,hidden=100,r1");
        assertThat(spec.runs().get(3).id()).isEqualTo("0001-lr=0.01,optimizer=sgd,hidden=100-100,r1");
        assertThat(spec.runs().get(15).id()).isEqualTo("0007-lr=0.1,optimizer=adam,hidden=100-100,r1");
        long seed = RunConfig.defaults().seed();
        assertThat(first.runConfig().seed()).isEqualTo(seed);
        assertThat(spec.runs().get(1).runConfig().seed()).isEqualTo(seed + 1);
        // Layers: the recipe (sigmoid, batch 32), then base (synth, 300 steps instead of epochs), then the axes.
        RunConfig c = spec.runs().get(15).runConfig();
        assertThat(c.activation()).isEqualTo("sigmoid");
        assertThat(c.batchSize()).isEqualTo(32);
        assertThat(c.dataset()).isEqualTo("synth");
        assertThat(c.maxSteps()).isEqualTo(300);
        assertThat(c.epochs()).isZero();
        assertThat(c.lr()).isEqualTo(0.1);
        assertThat(c.optimizer()).isEqualTo("adam");
        assertThat(c.hidden()).containsExactly(100, 100);
        assertThat(c.name()).isEqualTo(spec.runs().get(15).id());
        Set<String> ids = new HashSet<>();
        spec.runs().forEach(p -> ids.add(p.id()));
        assertThat(ids).hasSize(16);
    }

    @Test
    void theBuilderMakesTheSameSpecAsTheYaml() {
        GridSpec built = GridSpec.builder()
                .base(java.util.Map.of("recipe", "mnist-sigmoid", "dataset", "synth", "hidden", List.of(8), "max_steps", 300))
                .axis("lr", 0.01, 0.1).axis("optimizer", "sgd", "adam").axis("hidden", List.of(100), List.of(100, 100))
                .repeats(2).metric("test_acc").build();
        GridSpec parsed = GridSpec.parse(ISSUE_FORM, "g.yaml");
        assertThat(built.runs()).isEqualTo(parsed.runs());
        assertThat(GridSpec.parse(built.text(), "again").runs()).isEqualTo(parsed.runs());
        assertThatThrownBy(() -> GridSpec.builder().axis("lr").build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("axis 'lr' must be a non-empty list");
    }

    @Test
    void dashesAndUnderscoresAreTheSameOption() {
        GridSpec spec = GridSpec.parse("base: {dataset: synth}\naxes: {max-steps: [10, 20], batch_size: [5]}\n", "g");
        assertThat(spec.columns()).containsExactly("max_steps", "batch_size");
        assertThat(spec.runs().get(1).runConfig().maxSteps()).isEqualTo(20);
        assertThat(spec.runs().get(1).runConfig().batchSize()).isEqualTo(5);
    }

    @Test
    void pointsAreCrossedWithTheAxes() {
        GridSpec spec = GridSpec.parse("""
                base: {dataset: synth}
                points:
                  - {hidden: [64], epochs: 10}
                  - {hidden: [128, 256], epochs: 30}
                axes: {lr: [0.1, 0.01, 2e-4]}
                """, "g");
        assertThat(spec.columns()).containsExactly("hidden", "epochs", "lr");
        assertThat(spec.runs()).hasSize(6);
        GridPoint p = spec.runs().get(5);
        assertThat(p.values()).containsExactly(java.util.Map.entry("hidden", "128-256"), java.util.Map.entry("epochs", "30"),
                java.util.Map.entry("lr", "2e-4"));
        assertThat(p.runConfig().epochs()).isEqualTo(30);
        assertThat(p.runConfig().lr()).isEqualTo(2e-4);
    }

    @Test
    void aRecipeAndANullDefaultCanBeAxes() {
        GridSpec spec = GridSpec.parse("axes: {recipe: [synth, mnist-sigmoid], eps: [null, 1.0e-6]}\n", "g");
        assertThat(spec.runs()).hasSize(4);
        assertThat(spec.runs().get(0).runConfig().activation()).isEqualTo("sigmoid");
        assertThat(spec.runs().get(0).runConfig().hidden()).containsExactly(3);
        assertThat(spec.runs().get(0).runConfig().eps()).isNull();
        assertThat(spec.runs().get(0).values().get("eps")).isEqualTo("none");
        assertThat(spec.runs().get(3).runConfig().hidden()).containsExactly(300);
        assertThat(spec.runs().get(3).runConfig().eps()).isEqualTo(1e-6);
    }

    @Test
    void aSampleIsASeededSubsetOfTheConfigurations() {
        String text = "axes: {lr: [1, 2, 3, 4, 5], batch_size: [1, 2, 3, 4]}\nsample: 6\nsample_seed: 3\n";
        List<String> a = GridSpec.parse(text, "g").runs().stream().map(GridPoint::label).toList();
        List<String> b = GridSpec.parse(text, "g").runs().stream().map(GridPoint::label).toList();
        List<String> all = GridSpec.parse("axes: {lr: [1, 2, 3, 4, 5], batch_size: [1, 2, 3, 4]}\n", "g").runs().stream()
                .map(GridPoint::label).toList();
        assertThat(a).hasSize(6).doesNotHaveDuplicates().isEqualTo(b);
        assertThat(all).containsAll(a);
        // In the product's order.
        assertThat(a).isSortedAccordingTo((x, y) -> Integer.compare(all.indexOf(x), all.indexOf(y)));
    }

    @Test
    void anUnknownKeyIsAnErrorNamingItsLine() {
        assertThatThrownBy(() -> GridSpec.parse("axes: {lr: [0.1]}\nrepeat: 2\n", "g.yaml"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("g.yaml line 2")
                .hasMessageContaining("unknown key 'repeat'");
        assertThatThrownBy(() -> GridSpec.parse("base: {dataset: synth}\naxes:\n  lr: [0.1]\n  optimiser: [sgd]\n", "g.yaml"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("g.yaml line 4")
                .hasMessageContaining("unknown option 'optimiser'").hasMessageContaining("did you mean 'optimizer'");
        assertThatThrownBy(() -> GridSpec.parse("base:\n  dataset: synth\n  hiden: [3]\n", "g.yaml"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("g.yaml line 3")
                .hasMessageContaining("'hiden'");
    }

    @Test
    void anEmptyAxisIsAnErrorNamingItsLine() {
        assertThatThrownBy(() -> GridSpec.parse("axes:\n  lr: [0.1]\n  optimizer: []\n", "g.yaml"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("g.yaml line 3")
                .hasMessageContaining("axis 'optimizer' must be a non-empty list");
        assertThatThrownBy(() -> GridSpec.parse("axes:\n  lr: 0.1\n", "g.yaml"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("g.yaml line 2");
    }

    @Test
    void aValueOfTheWrongTypeIsAnErrorNamingItsLine() {
        assertThatThrownBy(() -> GridSpec.parse("axes:\n  lr:\n    - 0.1\n    - fast\n", "g.yaml"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("g.yaml line 4")
                .hasMessageContaining("'lr'");
        assertThatThrownBy(() -> GridSpec.parse("axes: {hidden: [[100], [ten]]}\n", "g.yaml"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("g.yaml line 1")
                .hasMessageContaining("'hidden'");
        assertThatThrownBy(() -> GridSpec.parse("base:\n  dataset: synth\n  batch_size: many\n", "g.yaml"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("g.yaml line 3")
                .hasMessageContaining("batch_size");
        assertThatThrownBy(() -> GridSpec.parse("axes: {lr: [0.1]}\nrepeats: two\n", "g.yaml"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("g.yaml line 2")
                .hasMessageContaining("repeats must be a whole number");
        assertThatThrownBy(() -> GridSpec.parse("axes: {lr: [0.1]}\nmetric: accuracy\n", "g.yaml"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("g.yaml line 2")
                .hasMessageContaining("unknown metric 'accuracy'");
        assertThatThrownBy(() -> GridSpec.parse("axes: {lr: [0.1, 0.2]}\nsample: 3\n", "g.yaml"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("g.yaml line 2")
                .hasMessageContaining("only 2 configurations");
        assertThatThrownBy(() -> GridSpec.parse("axes:\n  recipe: [synth, no-such-recipe]\n", "g.yaml"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("g.yaml line 2")
                .hasMessageContaining("unknown recipe 'no-such-recipe'");
        assertThatThrownBy(() -> GridSpec.parse("base: {recipe: no-such-recipe}\n", "g.yaml"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("g.yaml line 1")
                .hasMessageContaining("unknown recipe 'no-such-recipe'");
    }

    @Test
    void duplicateKeysAndMalformedYamlNameTheLine() {
        assertThatThrownBy(() -> GridSpec.parse("axes:\n  lr: [0.1]\n  lr: [0.2]\n", "g.yaml"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("g.yaml line 3")
                .hasMessageContaining("'lr' is given twice");
        assertThatThrownBy(() -> GridSpec.parse("axes: {lr: [0.1\nrepeats: 2\n", "g.yaml"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("g.yaml line")
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void theShippedSpecsReproduceTheSeedsStudies() {
        assertThat(GridSpec.names()).contains("quick", "seed002-mlp", "seed003-lr", "seed004-layers");
        GridSpec s002 = GridSpec.load("seed002-mlp");
        assertThat(s002.runs()).hasSize(486);
        assertThat(s002.runs().stream().map(p -> p.runConfig().hiddenLabel()).distinct())
                .containsExactlyInAnyOrder("100", "200", "400", "100-100", "200-200", "400-400", "100-100-100",
                        "200-200-200", "400-400-400");
        assertThat(s002.runs().stream().map(p -> p.runConfig().dataset()).distinct()).containsExactly("fashion-mnist");
        GridSpec s003 = GridSpec.load("seed003-lr");
        assertThat(s003.configurations()).isEqualTo(4);
        assertThat(s003.repeats()).isEqualTo(5);
        RunConfig c = s003.runs().get(0).runConfig();
        assertThat(c.hidden()).containsExactly(300);
        assertThat(c.activation()).isEqualTo("sigmoid");
        assertThat(c.batchSize()).isEqualTo(1);
        assertThat(c.optimizer()).isEqualTo("sgd");
        assertThat(s003.runs().stream().map(p -> p.runConfig().lr()).distinct()).containsExactly(0.001, 0.003, 0.01, 0.03);
        GridSpec s004 = GridSpec.load("seed004-layers");
        assertThat(s004.runs()).hasSize(15);
        assertThat(s004.runs().get(7).runConfig().hidden()).containsExactly(128, 256);
        assertThat(s004.runs().get(7).runConfig().epochs()).isEqualTo(30);
        assertThat(GridSpec.load("quick").runs()).hasSize(16);
    }
}
