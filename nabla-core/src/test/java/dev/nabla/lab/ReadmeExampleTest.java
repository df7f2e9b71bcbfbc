package dev.nabla.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.data.Batch;
import dev.nabla.data.DataLoader;
import dev.nabla.data.Synthetic;
import dev.nabla.data.TrainTest;
import dev.nabla.data.registry.Datasets;
import dev.nabla.data.transform.ScaleToUnit;
import dev.nabla.data.transform.Standardize;
import dev.nabla.nn.losses.CrossEntropyLoss;
import dev.nabla.nn.models.Mlp;
import dev.nabla.nn.models.MlpSpec;
import dev.nabla.optim.Adam;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Workspace;
import dev.nabla.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The library example of the README, as printed there, so that it keeps compiling and working. */
class ReadmeExampleTest {
    @Test
    void theReadmeExampleTrainsFashionMnist() {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")),
                "Debian's dataset-fashion-mnist is not installed (.ci/run installs it)");
        // --- as in README.md
        Rng rng = new Rng(42);                                               // every random draw has an explicit seed
        TrainTest data = Datasets.defaults().load("fashion-mnist");
        Standardize norm = Standardize.fit(data.train(), new ScaleToUnit());
        DataLoader train = DataLoader.builder(data.train()).batchSize(200).shuffle(42).flatten(true)
                .transforms(new ScaleToUnit(), norm).build();
        DataLoader test = DataLoader.builder(data.test()).batchSize(1000).flatten(true)
                .transforms(new ScaleToUnit(), norm).build();

        Mlp model = new Mlp(MlpSpec.of(784, List.of(100), 10), rng);
        Trainer.Result r = Trainer.builder(model, new Adam(model.parameters(), 1e-3), train)
                .evaluateOn(test, 10).evalEvery(100).maxSteps(1500).build().fit();
        System.out.println(r.history().bestByTestAccuracy());
        // ---
        train.close();
        test.close();
        assertThat(r.history().bestByTestAccuracy().testAcc()).isGreaterThan(0.85);
    }

    /** The README's hand-written loop with a Workspace, as printed there, on the synthetic task. */
    @Test
    void theReadmeWorkspaceLoopTrains() {
        TrainTest data = Synthetic.generate(4000, 10, 1);
        DataLoader train = DataLoader.builder(data.train()).batchSize(2000).shuffle(1).build();
        Mlp model = new Mlp(MlpSpec.of(2, List.of(64), 10), new Rng(2));
        Adam opt = new Adam(model.parameters(), 1e-2);
        float[] before = model.parameters().get(0).toFloatArray();
        // --- as in README.md
        Workspace workspace = new Workspace();
        for (Batch b : train.epoch(0)) {
            try (Workspace.Scope step = workspace.open()) {
                opt.zeroGrad();
                new CrossEntropyLoss().forward(model.forward(b.inputs()), b.labels()).backward();
            }
            opt.step();
        }
        // ---
        assertThat(workspace.peakFloats()).as("the steps' tensors came from the workspace").isPositive();
        assertThat(model.parameters().get(0).toFloatArray()).isNotEqualTo(before);
    }
}
