package dev.nabla.nn;

import dev.nabla.nn.losses.CrossEntropyLoss;
import dev.nabla.report.TextTable;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One training step of a model, layer by layer: what {@code nabla explain} prints. For each leaf module
 * (in registration order, which is the order of the forward pass for Sequential, Mlp and ConvNet): the
 * forward shapes X → y, the backward shapes dY → dX, the parameters and their shapes (dW and db are shaped
 * like them), the FLOPs of the forward and backward pass ({@link LayerMath}'s convention) and the bytes of
 * the output it keeps for backward; then the softmax + cross-entropy loss, and the backward formula of
 * every kind of layer.
 *
 * <p>The shapes are measured, not derived: the summary runs a real forward and backward pass on a random
 * batch, in training mode, and reads each intermediate's gradient.
 *
 * <pre>{@code
 * Mlp mlp = new Mlp(MlpSpec.of(784, List.of(300), 10), new Rng(1));
 * ModelSummary s = ModelSummary.of(mlp, new int[] {32, 784}, 10, new Rng(2));
 * System.out.print(s.table().text() + s.formulas());
 * }</pre>
 */
public record ModelSummary(List<Layer> layers, Layer loss) {

    /**
     * One row of the summary.
     *
     * @param name the dotted module name ({@code layers.0}), or "loss"
     * @param module its {@code toString()}
     * @param in X's shape; {@code out} y's shape
     * @param dY the gradient arriving from above (y's shape); {@code dX} the one passed below, null for the
     *     first layer, whose input needs no gradient
     * @param parameters the layer's own parameters by name, with their shapes
     * @param activationBytes bytes of the output it stores (0 when the output is a view of the input)
     * @param math the layer's formula and costs, or null for a layer that does not document them
     */
    public record Layer(String name, String module, int[] in, int[] out, int[] dY, int[] dX,
            Map<String, int[]> parameters, long parameterCount, long forwardFlops, long backwardFlops,
            long activationBytes, LayerMath math) {}

    public ModelSummary {
        layers = List.copyOf(layers);
    }

    /**
     * Runs one forward and backward pass of {@code model} on a random batch of {@code inputShape} ([N, ...],
     * the model's dtype float32) with random targets in [0, classes), and records every leaf module.
     */
    public static ModelSummary of(Module model, int[] inputShape, int classes, Rng rng) {
        Map<String, Module> leaves = new LinkedHashMap<>();
        collectLeaves(model, "", leaves);
        model.train();
        model.zeroGrad();
        Tensor x = Tensor.randn(rng, inputShape);
        List<Tensor> outputs = new ArrayList<>();
        Tensor current = x;
        for (Module leaf : leaves.values()) {
            current = leaf.forward(current);
            if (current.requiresGrad()) {
                current.retainGrad();
            }
            outputs.add(current);
        }
        int n = inputShape[0];
        int[] targets = new int[n];
        for (int i = 0; i < n; i++) {
            targets[i] = rng.nextInt(classes);
        }
        CrossEntropyLoss criterion = new CrossEntropyLoss();
        Tensor loss = criterion.forward(current, targets);
        loss.backward();

        List<Layer> rows = new ArrayList<>();
        Tensor input = x;
        int i = 0;
        for (Map.Entry<String, Module> e : leaves.entrySet()) {
            Module leaf = e.getValue();
            Tensor y = outputs.get(i);
            Map<String, int[]> params = new LinkedHashMap<>();
            long count = 0;
            for (Map.Entry<String, Tensor> p : leaf.namedParameters().entrySet()) {
                params.put(p.getKey(), p.getValue().shape());
                count += p.getValue().numel();
            }
            LayerMath math = leaf instanceof LayerMath m ? m : null;
            boolean first = i == 0;
            long fwd = math == null ? 0 : math.forwardFlops(input.shape(), y.shape());
            long bwd = math == null ? 0 : math.backwardFlops(input.shape(), y.shape(), !first);
            long bytes = sharesStorage(y, input) ? 0 : (long) y.numel() * y.dtype().bytes();
            rows.add(new Layer(e.getKey(), leaf.toString(), input.shape(), y.shape(), shapeOf(y.grad()),
                    first ? null : shapeOf(input.grad()), params, count, fwd, bwd, bytes, math));
            input = y;
            i++;
        }
        int[] logits = current.shape();
        Layer lossRow = new Layer("loss", criterion.toString(), logits, new int[0], new int[0], logits, Map.of(), 0,
                criterion.forwardFlops(logits, new int[0]), criterion.backwardFlops(logits, new int[0], true),
                0, criterion);
        return new ModelSummary(rows, lossRow);
    }

    private static void collectLeaves(Module m, String prefix, Map<String, Module> out) {
        if (m.namedChildren().isEmpty()) {
            out.put(prefix.isEmpty() ? m.getClass().getSimpleName() : prefix.substring(0, prefix.length() - 1), m);
            return;
        }
        m.namedChildren().forEach((name, child) -> collectLeaves(child, prefix + name + ".", out));
    }

    private static boolean sharesStorage(Tensor a, Tensor b) {
        if (a.dtype() != b.dtype()) {
            return false;
        }
        return a.dtype() == DType.FLOAT32 ? a.floatData() == b.floatData() : a.doubleData() == b.doubleData();
    }

    private static int[] shapeOf(Tensor t) {
        return t == null ? null : t.shape();
    }

    /** The layers and the loss. */
    public List<Layer> rows() {
        List<Layer> all = new ArrayList<>(layers);
        all.add(loss);
        return all;
    }

    /** Parameter elements of the whole model. */
    public long parameterCount() {
        return layers.stream().mapToLong(Layer::parameterCount).sum();
    }

    /** FLOPs of one forward pass, loss included. */
    public long forwardFlops() {
        return rows().stream().mapToLong(Layer::forwardFlops).sum();
    }

    /** FLOPs of one backward pass, loss included. */
    public long backwardFlops() {
        return rows().stream().mapToLong(Layer::backwardFlops).sum();
    }

    /** Bytes of the outputs kept for backward. */
    public long activationBytes() {
        return layers.stream().mapToLong(Layer::activationBytes).sum();
    }

    /** The per-layer table with a totals row; render it with {@code text()} or {@code markdown()}. */
    public TextTable table() {
        TextTable t = new TextTable("layer", "module", "forward X → y", "backward dY → dX", "params (shape)",
                "FLOPs fwd / bwd", "activations");
        for (Layer l : rows()) {
            t.add(l.name(), l.module(), Shape.str(l.in()) + " → " + Shape.str(l.out()),
                    Shape.str(l.dY()) + " → " + (l.dX() == null ? "—" : Shape.str(l.dX())), params(l),
                    count(l.forwardFlops()) + " / " + count(l.backwardFlops()), bytes(l.activationBytes()));
        }
        t.add("total", "", "", "", String.format(Locale.ROOT, "%,d", parameterCount()),
                count(forwardFlops()) + " / " + count(backwardFlops()), bytes(activationBytes()));
        return t;
    }

    /** Totals in one line: parameters, FLOPs per training step, activation memory. */
    public String totals() {
        int batch = layers.isEmpty() ? 0 : layers.get(0).in()[0];
        return String.format(Locale.ROOT, "batch %d: %,d parameters (%s as float32), %s FLOPs per step (forward %s +"
                + " backward %s; the optimizer not counted), %s of activations kept for backward%n", batch,
                parameterCount(), bytes(4 * parameterCount()), count(forwardFlops() + backwardFlops()),
                count(forwardFlops()), count(backwardFlops()), bytes(activationBytes()));
    }

    /**
     * The backward formula of each kind of layer, in order of first use, each followed by the layers that use
     * it with their concrete shapes.
     */
    public String formulas() {
        Map<Class<?>, List<Layer>> byKind = new LinkedHashMap<>();
        for (Layer l : rows()) {
            if (l.math() != null) {
                byKind.computeIfAbsent(l.math().getClass(), k -> new ArrayList<>()).add(l);
            }
        }
        StringBuilder sb = new StringBuilder("Backward formulas (N batch, C channels, H/W height/width, D_in/D_out"
                + " features; dY = ∂L/∂y from above, dX = ∂L/∂X passed below, dW/db shaped like W/b):\n");
        byKind.forEach((kind, uses) -> {
            sb.append('\n').append(kind.getSimpleName()).append('\n');
            uses.get(0).math().formula().lines().forEach(line -> sb.append("  ").append(line).append('\n'));
            List<String> where = new ArrayList<>();
            for (Layer l : uses) {
                where.add(l.name() + " " + Shape.str(l.in()) + " → " + Shape.str(l.out()));
            }
            sb.append("  in this model: ").append(String.join(", ", where)).append('\n');
        });
        return sb.toString();
    }

    private static String params(Layer l) {
        if (l.parameters().isEmpty()) {
            return "—";
        }
        List<String> parts = new ArrayList<>();
        l.parameters().forEach((name, shape) -> parts.add(name + " " + Shape.str(shape)));
        return String.format(Locale.ROOT, "%,d (%s)", l.parameterCount(), String.join(", ", parts));
    }

    /** 1234567 → "1.23 M". */
    static String count(long n) {
        if (n < 1000) {
            return Long.toString(n);
        }
        String[] units = {"k", "M", "G", "T"};
        double v = n;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, "%.3g %s", v, units[u]);
    }

    /** 123456 → "121 KiB". */
    static String bytes(long b) {
        if (b < 1024) {
            return b + " B";
        }
        String[] units = {"KiB", "MiB", "GiB"};
        double v = b;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.3g %s", v, units[u]);
    }
}
