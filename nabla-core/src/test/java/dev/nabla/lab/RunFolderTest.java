package dev.nabla.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.data.Batch;
import dev.nabla.data.BatchIterator;
import dev.nabla.data.DataLoader;
import dev.nabla.data.Dataset;
import dev.nabla.data.ImageDataset;
import dev.nabla.data.TabularDataset;
import dev.nabla.data.format.IdxFolder;
import dev.nabla.data.registry.Datasets;
import dev.nabla.tensor.Tensor;
import dev.nabla.testing.TensorAssert;
import dev.nabla.train.EvalResult;
import dev.nabla.train.History;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class RunFolderTest {
    @TempDir
    static Path dir;

    static TestRuns.Trained runs;

    @BeforeAll
    static void train() throws IOException {
        runs = TestRuns.trainAll(dir);
    }

    @Test
    void readsWhatTheRunRecorded() throws IOException {
        RunFolder run = RunFolder.open(runs.mlp());
        assertThat(run.name()).isEqualTo("mlp");
        assertThat(run.isFinished()).isTrue();
        assertThat(run.sampleShape()).containsExactly(1, 8, 8);
        assertThat(run.classNames()).containsExactly("0", "1", "2");
        assertThat(run.dataset()).isEqualTo(runs.data().toAbsolutePath().toString());
        assertThat(run.config().batchnorm()).isTrue();
        Preprocessing p = run.preprocessing();
        assertThat(p.scale()).isEqualTo(1.0 / 255);
        assertThat(p.flatten()).isTrue();
        assertThat(p.mean()).hasSize(1);
        History h = run.history();
        assertThat(h.rows()).hasSize(4);
        assertThat(h.last().step()).as("4 epochs of 5 batches").isEqualTo(20);
    }

    @Test
    void theLoadedModelScoresTheTestSetAsTheRunDid() throws IOException {
        RunFolder run = RunFolder.open(runs.mlp());
        TrainedModel model = run.loadModel();
        Dataset test = run.loadSplit(null, "test", Datasets.defaults());
        EvalResult r = model.evaluate(test);
        JsonNode summary = RunOutputs.JSON.readTree(Files.readString(runs.mlp().resolve(RunOutputs.SUMMARY_JSON)));
        assertThat(r.samples()).isEqualTo(90);
        assertThat(r.accuracy()).isEqualTo(summary.get("last_test_acc").asDouble());
        assertThat(r.loss()).isCloseTo(summary.get("last_test_loss").asDouble(), within(1e-5));
        assertThat(r.accuracy()).as("the tiny images are easy").isGreaterThan(0.9);
        assertThat(run.loadSplit(null, "train", Datasets.defaults()).name()).endsWith("/train");
    }

    @Test
    void preprocessingIsBitIdenticalToTheTrainingLoaders() {
        RunFolder run = RunFolder.open(runs.mlp());
        Preprocessing p = run.preprocessing();
        Dataset test = IdxFolder.read(runs.data()).test();
        float[] raw = new float[5 * 64];
        for (int i = 0; i < 5; i++) {
            test.readSample(i, raw, i * 64);
        }
        float[] copy = raw.clone();
        Tensor mine = p.apply(raw, 5, new int[] {1, 8, 8});
        assertThat(raw).as("the raw values are not changed").containsExactly(copy);
        RunData fitted = RunData.load(run.config(), Datasets.defaults());
        try (DataLoader loader = fitted.evalLoader(fitted.test(), true, RunData.MAX_EVAL_BATCH);
                BatchIterator it = loader.epoch(0)) {
            Batch b = it.next();
            TensorAssert.assertBitIdentical(mine, b.inputs().narrow(0, 0, 5), "preprocessed samples");
        }
        assertThat(Preprocessing.fromJsonTree(p.toJsonTree())).isEqualTo(p);
    }

    @Test
    void predictsTheMostProbableClassesInOrder() throws IOException {
        TrainedModel model = RunFolder.open(runs.mlp()).loadModel();
        float[] raw = new float[64];
        for (int i = 0; i < 64; i++) {
            raw[i] = i % 8 < 4 ? 200 : 30;
        }
        List<TrainedModel.Prediction> top = model.predict(raw, 1, 2).get(0);
        assertThat(top).hasSize(2);
        assertThat(top.get(0).className()).as("left half bright is class 0").isEqualTo("0");
        assertThat(top.get(0).probability()).isGreaterThanOrEqualTo(top.get(1).probability());
        float[] all = model.probabilities(raw, 1).toFloatArray();
        assertThat(all[0] + all[1] + all[2]).isCloseTo(1f, within(1e-6f));
        assertThat(model.module().isTraining()).as("the module's mode is restored").isTrue();
        assertThatThrownBy(() -> model.predict(raw, 1, 0)).hasMessageContaining("must be positive");
    }

    @Test
    void dataThatDoesNotFitIsRefusedWithBothShapes() throws IOException {
        TrainedModel model = RunFolder.open(runs.mlp()).loadModel();
        Dataset rows = new TabularDataset("rows", new float[4], new int[] {0, 1}, 2, List.of("0", "1"));
        assertThatThrownBy(() -> model.evaluate(rows)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trained on " + runs.data().toAbsolutePath())
                .hasMessageContaining("samples [1, 8, 8], 3 classes")
                .hasMessageContaining("rows has samples [2] and 2 classes");
        Dataset fourClasses = new ImageDataset("four", new byte[64], new int[] {3}, 1, 8, 8,
                List.of("a", "b", "c", "d"));
        assertThatThrownBy(() -> model.checkFits(fourClasses)).hasMessageContaining("4 classes");
        Dataset twoOfThree = new ImageDataset("two", new byte[128], new int[] {0, 1}, 1, 8, 8, List.of("0", "1"));
        assertThat(model.checkFits(twoOfThree)).as("plain indices may stop short of the last class").isNull();
        Dataset named = new ImageDataset("named", new byte[64], new int[] {2}, 1, 8, 8, List.of("cat", "dog", "cow"));
        assertThat(model.checkFits(named)).contains("named names its classes [cat, dog, cow]")
                .contains("compared by index");
    }

    @Test
    void foldersThatAreNotFinishedRunsGiveClearErrors() throws IOException {
        assertThatThrownBy(() -> RunFolder.open(dir.resolve("nope"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nope does not exist");
        assertThatThrownBy(() -> RunFolder.open(dir)).hasMessageContaining("is not a run folder: it has no config.json")
                .hasMessageContaining("it holds").hasMessageContaining("run folders, e.g.");
        Path unfinished = Files.createDirectories(dir.resolve("unfinished"));
        Files.copy(runs.mlp().resolve(RunOutputs.CONFIG), unfinished.resolve(RunOutputs.CONFIG));
        Files.writeString(unfinished.resolve(RunOutputs.CHECKPOINT), "");
        RunFolder run = RunFolder.open(unfinished);
        assertThat(run.isFinished()).isFalse();
        assertThatThrownBy(run::loadModel).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no model.safetensors: the run has not finished")
                .hasMessageContaining("nabla train --resume");
        assertThatThrownBy(run::history).hasMessageContaining("has no metrics.csv yet");
        assertThatThrownBy(() -> run.loadSplit(null, "validation", Datasets.defaults()))
                .hasMessageContaining("split must be test or train");
    }

    @Test
    void aRunOnARelativeFolderSaysToNameTheData() throws IOException {
        Path relative = Files.createDirectories(dir.resolve("relative"));
        String config = Files.readString(runs.mlp().resolve(RunOutputs.CONFIG))
                .replace(runs.data().toAbsolutePath().toString(), "data/tiny-elsewhere");
        Files.writeString(relative.resolve(RunOutputs.CONFIG), config);
        RunFolder run = RunFolder.open(relative);
        assertThatThrownBy(() -> run.loadSplit(null, "test", Datasets.defaults()))
                .hasMessageContaining("trained on the folder data/tiny-elsewhere, which does not exist")
                .hasMessageContaining("--dataset DIR");
        assertThat(run.loadSplit(runs.data().toString(), "test", Datasets.defaults()).size()).isEqualTo(90);
    }

    @Test
    void synthIsGeneratedAgainWithTheRunsSizesAndSeed() throws IOException {
        RunFolder run = RunFolder.open(runs.synth());
        Dataset test = run.loadSplit(null, "test", Datasets.defaults());
        assertThat(test.size()).isEqualTo(300);
        EvalResult r = run.loadModel().evaluate(test);
        JsonNode summary = RunOutputs.JSON.readTree(Files.readString(runs.synth().resolve(RunOutputs.SUMMARY_JSON)));
        assertThat(r.accuracy()).isEqualTo(summary.get("last_test_acc").asDouble());
    }

    @Test
    void evaluationFilesKeepTheRunsOwnApart() {
        assertThat(RunOutputs.evalFiles(runs.mlp(), null, "test")).containsExactly(runs.mlp().resolve("eval.json"),
                runs.mlp().resolve("confusion.png"));
        assertThat(RunOutputs.evalFiles(runs.mlp(), "/data/my idx", "train")).containsExactly(
                runs.mlp().resolve("eval-my_idx-train.json"), runs.mlp().resolve("confusion-my_idx-train.png"));
        assertThat(RunOutputs.evalFiles(runs.mlp(), null, "train").get(0)).hasFileName("eval-train.json");
    }
}
