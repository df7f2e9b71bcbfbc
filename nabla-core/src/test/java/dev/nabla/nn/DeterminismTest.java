package dev.nabla.nn;

import static dev.nabla.testing.TensorAssert.assertBitIdentical;

import dev.nabla.kernel.Kernels;
import dev.nabla.nn.activations.LogSoftmax;
import dev.nabla.nn.activations.ReLU;
import dev.nabla.nn.layers.BatchNorm1d;
import dev.nabla.nn.layers.BatchNorm2d;
import dev.nabla.nn.layers.LayerNorm;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.losses.CrossEntropyLoss;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The layers' results, forward and backward, are bit-identical for any kernel thread count. */
class DeterminismTest {
    /** Runs a forward and backward through several layers; returns outputs and every gradient. */
    private static List<Tensor> run() {
        Rng rng = new Rng(42);
        List<Tensor> out = new ArrayList<>();
        // Large enough that BatchNorm2d, ReLU and LayerNorm split their work over two tasks.
        Tensor images = Tensor.randn(rng, 16, 16, 16, 16).requiresGrad(true);
        Tensor y = new BatchNorm2d(16).forward(images);
        y = new ReLU().forward(y);
        Tensor flat = new LayerNorm(4096).forward(y.reshape(16, 4096));
        Linear fc = new Linear(4096, 300, rng);
        Tensor h = new BatchNorm1d(300).forward(fc.forward(flat));
        Tensor logits = new Linear(300, 10, rng).forward(h);
        int[] labels = new int[16];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 10;
        }
        Tensor loss = new CrossEntropyLoss().forward(logits, labels);
        loss = loss.add(new LogSoftmax(0).forward(logits).sum().mul(1e-3));
        loss.backward();
        out.add(loss);
        out.add(logits);
        out.add(images.grad());
        out.add(fc.weight().grad());
        return out;
    }

    @Test
    void oneThreadAndTwoThreadsGiveTheSameBits() {
        int threads = Kernels.threads();
        try {
            Kernels.setThreads(1);
            List<Tensor> single = run();
            Kernels.setThreads(2);
            List<Tensor> two = run();
            for (int i = 0; i < single.size(); i++) {
                assertBitIdentical(two.get(i), single.get(i), "result " + i);
            }
        } finally {
            Kernels.setThreads(threads);
        }
    }
}
