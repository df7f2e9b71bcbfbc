package dev.nabla.train;

import static dev.nabla.testing.TensorAssert.assertBitIdentical;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.data.DataLoader;
import dev.nabla.data.Synthetic;
import dev.nabla.data.TrainTest;
import dev.nabla.nn.Module;
import dev.nabla.nn.models.Mlp;
import dev.nabla.nn.models.MlpSpec;
import dev.nabla.optim.Adam;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.SGD;
import dev.nabla.optim.StepLR;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
    private static final TrainTest SYNTH = Synthetic.generate(2000, 500, 3);

    @TempDir
    Path dir;

    private static Mlp model(long seed) {
        return new Mlp(MlpSpec.of(2, List.of(16, 16), 2).withDropout(0.1), new Rng(seed));
    }

    private static DataLoader trainLoader() {
        return DataLoader.builder(SYNTH.train()).batchSize(50).shuffle(7).prefetch(1).build();
    }

    private static DataLoader testLoader() {
        return DataLoader.builder(SYNTH.test()).batchSize(250).prefetch(0).build();
    }

    @Test
    void learnsTheSyntheticTaskAndRecordsEvaluations() {
        Mlp m = model(1);
        Trainer.Result r;
        try (DataLoader train = trainLoader(); DataLoader test = testLoader()) {
            r = Trainer.builder(m, new Adam(m.parameters(), 1e-2), train).evaluateOn(test, 2).evalEvery(40)
                    .maxSteps(300).build().fit();
        }
        assertThat(r.steps()).isEqualTo(300);
        assertThat(r.history().rows()).extracting(Evaluation::step).containsExactly(40L, 80L, 120L, 160L, 200L,
                240L, 280L, 300L);
        assertThat(r.history().rows()).extracting(Evaluation::epoch).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(r.history().last().testAcc()).isGreaterThan(0.9);
        assertThat(r.history().last().trainLoss()).isLessThan(r.history().rows().get(0).trainLoss());
        assertThat(r.stopReason()).isEqualTo("finished 300 steps");
    }

    private record Run(Map<String, Tensor> params, List<Evaluation> history) {}

    private Run run(long steps, Path checkpoint, boolean resume) throws IOException {
        Mlp m = model(1);
        Optimizer opt = new SGD(m.parameters(), 0.1, 0.9);
        StepLR schedule = new StepLR(opt, 2, 0.5);
        EarlyStopping early = new EarlyStopping(100, 0);
        try (DataLoader train = trainLoader(); DataLoader test = testLoader()) {
            Trainer.Builder b = Trainer.builder(m, opt, train).evaluateOn(test, 2).evalEvery(30).maxSteps(steps)
                    .schedule(schedule).callback(early).checkpoint(checkpoint).l2(1e-3);
            if (resume) {
                b.resumeFrom(Checkpoint.restore(checkpoint, m, opt, schedule));
            }
            Trainer.Result r = b.build().fit();
            return new Run(m.stateDict(), r.history().rows());
        }
    }

    @Test
    void aResumedRunEndsBitIdenticalToAnUninterruptedOne() throws IOException {
        Run full = run(200, dir.resolve("full.safetensors"), false);
        Path ck = dir.resolve("ck.safetensors");
        run(90, ck, false);
        Run resumed = run(200, ck, true);
        full.params().forEach((k, v) -> assertBitIdentical(resumed.params().get(k), v, k));
        assertThat(resumed.history()).hasSameSizeAs(full.history());
        for (int i = 0; i < full.history().size(); i++) {
            Evaluation a = full.history().get(i);
            Evaluation b = resumed.history().get(i);
            assertThat(new double[] {b.step(), b.epoch(), b.trainLoss(), b.trainAcc(), b.testLoss(), b.testAcc(), b.lr()})
                    .containsExactly(a.step(), a.epoch(), a.trainLoss(), a.trainAcc(), a.testLoss(), a.testAcc(), a.lr());
        }
    }

    private Trainer diverging(double lr, Path ck) {
        Mlp m = model(2);
        return Trainer.builder(m, new SGD(m.parameters(), lr), trainLoader()).evaluateOn(testLoader(), 2)
                .evalEvery(1).maxSteps(50).checkpoint(ck).build();
    }

    @Test
    void aDivergingRunStopsWithTheStepTheTensorAndTheCheckpoint() {
        Path ck = dir.resolve("ck.safetensors");
        assertThatThrownBy(diverging(1e12, ck)::fit).isInstanceOf(TrainingDivergedException.class)
                .hasMessageContaining("training diverged at step")
                .hasMessageContaining("First non-finite tensor: none of the parameters (the largest |value| is")
                .hasMessageContaining("last good checkpoint is " + ck)
                .hasMessageContaining("lower learning rate");
        assertThatThrownBy(diverging(Double.POSITIVE_INFINITY, ck)::fit)
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageContaining("training diverged at step 2")
                .hasMessageContaining("First non-finite tensor: parameter layers.0.weight")
                .hasMessageContaining("(step 1)");
    }

    @Test
    void earlyStoppingEndsTheRun() {
        Module m = model(3);
        try (DataLoader train = trainLoader(); DataLoader test = testLoader()) {
            Trainer.Result r = Trainer.builder(m, new SGD(m.parameters(), 0.0), train).evaluateOn(test, 2)
                    .evalEvery(10).maxSteps(1000).callback(new EarlyStopping(2, 0)).build().fit();
            assertThat(r.steps()).isEqualTo(30);
            assertThat(r.stopReason()).startsWith("early stopping");
        }
    }

    @Test
    void epochsCountWholePassesAndEvaluateOncePerEpochByDefault() {
        Module m = model(4);
        try (DataLoader train = trainLoader(); DataLoader test = testLoader()) {
            Trainer.Result r = Trainer.builder(m, new SGD(m.parameters(), 0.1), train).evaluateOn(test, 2)
                    .epochs(3).build().fit();
            assertThat(r.steps()).isEqualTo(120);
            assertThat(r.history().rows()).extracting(Evaluation::step).containsExactly(40L, 80L, 120L);
        }
        assertThatThrownBy(() -> Trainer.builder(m, new SGD(m.parameters(), 0.1), trainLoader()).build())
                .hasMessageContaining("maxSteps");
    }

    @Test
    void checkpointsOfAnotherModelAreRejected() throws IOException {
        Path ck = dir.resolve("ck.safetensors");
        run(30, ck, false);
        Mlp other = new Mlp(MlpSpec.of(2, List.of(8), 2), new Rng(1));
        assertThatThrownBy(() -> Checkpoint.restore(ck, other, new SGD(other.parameters(), 0.1), null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
