import dev.nabla.data.Batch;
import dev.nabla.data.BatchIterator;
import dev.nabla.data.DataLoader;
import dev.nabla.data.registry.Datasets;
import dev.nabla.io.Safetensors;
import dev.nabla.kernel.Kernels;
import dev.nabla.lab.RunConfig;
import dev.nabla.lab.RunData;
import dev.nabla.lab.RunModel;
import dev.nabla.lab.RunOptimizer;
import dev.nabla.nn.Module;
import dev.nabla.nn.models.ModelSpec;
import dev.nabla.optim.Optimizer;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.Evaluation;
import dev.nabla.train.Trainer;
import java.io.*;
import java.nio.*;
import java.nio.file.*;
import java.util.*;

/** Mirrors Run.execute for the Adam 784-100-10 setup and dumps everything needed to replay it in PyTorch. */
public class Exp {
    public static void main(String[] a) throws Exception {
        long seed = Long.parseLong(a[0]);
        int epochs = Integer.parseInt(a[1]);
        Path out = Path.of(a[2]);
        String initFrom = a.length > 3 ? a[3] : null; // optional safetensors to load as the initial weights
        Files.createDirectories(out);
        Kernels.setThreads(1);
        RunConfig c = RunConfig.defaults().with(Map.of("dataset", "/usr/share/datasets/fashion-mnist", "hidden", List.of(100),
                "optimizer", "adam", "lr", 1e-3, "batch_size", 128, "epochs", epochs, "init", "pytorch", "seed", seed,
                "threads", 1));
        RunData data = RunData.load(c, Datasets.defaults());
        Record spec = RunModel.spec(c, data.sampleShape(), data.numClasses(), data.name());
        Module model = ModelSpec.build(spec, new Rng(c.seed()));
        if (initFrom != null) {
            Map<String, Tensor> sd = Safetensors.read(Path.of(initFrom)).tensors();
            Map<String, Tensor> params = model.namedParameters();
            for (var e : params.entrySet()) {
                Tensor src = sd.get(e.getKey());
                for (int i = 0; i < src.numel(); i++) e.getValue().setFlat(i, src.getFlat(i));
            }
        }
        Safetensors.write(out.resolve("init.safetensors"), model.stateDict(), Map.of("format", "pt"));
        try (PrintWriter w = new PrintWriter(out.resolve("stats.txt").toFile())) {
            w.println(Arrays.toString(data.mean()) + " " + Arrays.toString(data.std()));
        }
        Optimizer opt = RunOptimizer.create(c, model.parameters());
        System.err.println(opt + " " + c);
        try (DataLoader train = data.trainLoader(c, true); DataLoader eval = data.evalLoader(data.eval(), true)) {
            // epoch orders as int32 little endian
            ByteBuffer bb = ByteBuffer.allocate(4 * 60000 * epochs).order(ByteOrder.LITTLE_ENDIAN);
            for (int e = 0; e < epochs; e++) for (int i : train.order(e)) bb.putInt(i);
            Files.write(out.resolve("orders.bin"), bb.array());
            // first training batch, preprocessed, float32
            try (BatchIterator it = train.epoch(0)) {
                Batch b = it.next();
                Tensor x = b.inputs();
                ByteBuffer xb = ByteBuffer.allocate(4 * x.numel()).order(ByteOrder.LITTLE_ENDIAN);
                for (float f : x.floatData()) xb.putFloat(f);
                Files.write(out.resolve("batch0.bin"), Arrays.copyOf(xb.array(), 4 * x.numel()));
            }
            List<Double> losses = new ArrayList<>();
            List<Double> accs = new ArrayList<>();
            Trainer t = Trainer.builder(model, opt, train).evaluateOn(eval, data.numClasses()).epochs(epochs)
                    .listener(new Trainer.Listener() {
                        public void stepped(long s, long tot, double l) { losses.add(l); }
                        public void evaluated(Evaluation e) { accs.add(e.testAcc()); System.err.println(e); }
                    }).build();
            t.fit();
            try (PrintWriter w = new PrintWriter(out.resolve("losses.txt").toFile())) { losses.forEach(w::println); }
            try (PrintWriter w = new PrintWriter(out.resolve("accs.txt").toFile())) { accs.forEach(w::println); }
        }
    }
}
