package dev.nabla.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.autograd.NoGrad;
import dev.nabla.data.Batch;
import dev.nabla.data.BatchIterator;
import dev.nabla.data.DataLoader;
import dev.nabla.data.ImageDataset;
import dev.nabla.nn.Module;
import dev.nabla.nn.losses.CrossEntropyLoss;
import dev.nabla.nn.losses.Reduction;
import dev.nabla.nn.models.ConvNet;
import dev.nabla.nn.models.ConvNetSpec;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Evaluator} against the whole evaluation set in one forward pass, and the evaluation batch it
 * picks for a memory budget.
 */
class EvaluatorTest {
    private static final int SAMPLES = 90;

    private static Module model() {
        return new ConvNet(new ConvNetSpec(List.of(3, 16, 16), List.of(List.of(8), List.of(16)), true, 5), new Rng(2));
    }

    @org.junit.jupiter.api.Test
    void batchesGiveTheResultOfOnePass() {
        ImageDataset set = images();
        Module model = model();
        model.train();
        try (DataLoader loader = DataLoader.builder(set).batchSize(40).prefetch(0).build()) {
            EvalResult batched = Evaluator.evaluate(model, loader, 5);
            assertThat(model.isTraining()).as("mode restored").isTrue();

            Tensor x;
            int[] labels;
            try (BatchIterator all = DataLoader.builder(set).batchSize(SAMPLES).prefetch(0).build().epoch(0)) {
                Batch b = all.iterator().next();
                x = b.inputs();
                labels = b.labels();
            }
            model.eval();
            double loss;
            int[] predicted;
            try (NoGrad ignored = NoGrad.enter()) {
                Tensor logits = model.forward(x);
                loss = new CrossEntropyLoss(Reduction.SUM).forward(logits, labels).item() / SAMPLES;
                predicted = logits.argmax(1);
            }
            int[][] confusion = new int[5][5];
            int correct = 0;
            for (int i = 0; i < SAMPLES; i++) {
                confusion[labels[i]][predicted[i]]++;
                correct += predicted[i] == labels[i] ? 1 : 0;
            }
            assertThat(batched.samples()).isEqualTo(SAMPLES);
            assertThat(batched.confusion()).isDeepEqualTo(confusion);
            assertThat(batched.accuracy()).isEqualTo((double) correct / SAMPLES);
            assertThat(batched.loss()).isCloseTo(loss, within(1e-6 * Math.abs(loss)));
        }
    }

    /**
     * The model's tensors take 3 KB a sample here: 12,288 floats lent at once for 16 samples. Without a graph
     * each Conv2d + BatchNorm2d + ReLU + MaxPool2d is one op whose only output is the pooled one: 16 × 512
     * for the first block, then 16 × 256 for the second.
     */
    @ParameterizedTest(name = "budget {0} bytes")
    @ValueSource(longs = {0, 400_000, Evaluator.MEMORY_BUDGET_BYTES})
    void theBatchFitsTheBudget(long budget) {
        Module model = model();
        model.train();
        int batch;
        try (DataLoader probe = DataLoader.builder(images()).batchSize(Evaluator.PROBE_SAMPLES).prefetch(0).build()) {
            batch = Evaluator.batchSize(model, probe, 1000, budget);
        }
        assertThat(model.isTraining()).as("mode restored").isTrue();
        assertThat(batch).isEqualTo(budget == 0 ? 1 : budget == 400_000 ? 130 : 1000);
        // The default budget: 3 KB a sample allows 43,690, above the cap.
    }

    @org.junit.jupiter.api.Test
    void evenBatchesDivideTheSet() {
        assertThat(Evaluator.evenBatch(10_000, 668)).isEqualTo(625);
        assertThat(Evaluator.evenBatch(10_000, 1000)).isEqualTo(1000);
        assertThat(Evaluator.evenBatch(300, 1000)).as("one batch of everything").isEqualTo(300);
        assertThat(Evaluator.evenBatch(9_973, 500)).as("a prime: no divisor, keep the batch").isEqualTo(500);
        assertThat(Evaluator.evenBatch(0, 500)).isEqualTo(1);
    }

    @org.junit.jupiter.api.Test
    void samplesThatFitABudget() {
        // 16 samples peaked at 16,000 floats: 4,000 bytes a sample.
        assertThat(Evaluator.samplesWithin(16_000, 16, 400_000)).isEqualTo(100);
        assertThat(Evaluator.samplesWithin(16_000, 16, 1_000)).as("at least one sample").isEqualTo(1);
        assertThat(Evaluator.samplesWithin(0, 16, 1_000)).as("nothing lent: no limit that matters").isEqualTo(1_000);
    }

    private static ImageDataset images() {
        SplittableRandom r = new SplittableRandom(4);
        byte[] pixels = new byte[SAMPLES * 3 * 16 * 16];
        int[] labels = new int[SAMPLES];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) r.nextInt(256);
        }
        for (int i = 0; i < SAMPLES; i++) {
            labels[i] = r.nextInt(5);
        }
        return new ImageDataset("random", pixels, labels, 3, 16, 16, List.of("a", "b", "c", "d", "e"));
    }
}
