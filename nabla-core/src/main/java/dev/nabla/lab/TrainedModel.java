package dev.nabla.lab;

import dev.nabla.autograd.NoGrad;
import dev.nabla.data.DataLoader;
import dev.nabla.data.Dataset;
import dev.nabla.nn.Module;
import dev.nabla.nn.activations.Softmax;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.EvalResult;
import dev.nabla.train.Evaluator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A trained classifier ready to use: the model with its weights, the preprocessing its run applied to raw
 * samples, the sample shape it takes and the names of its classes. {@link RunFolder#loadModel()} gives
 * one from a run folder.
 *
 * <pre>{@code
 * TrainedModel m = RunFolder.open(Path.of("runs/mlp")).loadModel();
 * List<TrainedModel.Prediction> top3 = m.predict(rawPixels, 1, 3).get(0);   // raw 0..255 values
 * EvalResult r = m.evaluate(fashionMnist.test());
 * }</pre>
 *
 * <p>Everything runs in evaluation mode (running BatchNorm statistics, no dropout) without recording a
 * graph; the module's previous mode is restored afterwards.
 */
public final class TrainedModel {
    /** One of the most probable classes of a sample. */
    public record Prediction(int classIndex, String className, double probability) {}

    private final Module module;
    private final Preprocessing preprocessing;
    private final int[] sampleShape;
    private final List<String> classNames;
    private final String trainedOn;

    /**
     * @param sampleShape the shape of one raw sample, {@code [C, H, W]} or {@code [D]}
     * @param trainedOn the dataset the model was trained on, for messages
     */
    public TrainedModel(Module module, Preprocessing preprocessing, int[] sampleShape, List<String> classNames,
            String trainedOn) {
        this.module = module;
        this.preprocessing = preprocessing;
        this.sampleShape = sampleShape.clone();
        this.classNames = List.copyOf(classNames);
        this.trainedOn = trainedOn;
    }

    public Module module() {
        return module;
    }

    public Preprocessing preprocessing() {
        return preprocessing;
    }

    /** The shape of one raw sample the model takes. */
    public int[] sampleShape() {
        return sampleShape.clone();
    }

    public List<String> classNames() {
        return classNames;
    }

    public int numClasses() {
        return classNames.size();
    }

    /** Class scores {@code [n, classes]} for {@code n} raw samples stored one after another. */
    public Tensor logits(float[] raw, int n) {
        Tensor x = preprocessing.apply(raw, n, sampleShape);
        boolean wasTraining = module.isTraining();
        module.eval();
        try (NoGrad ignored = NoGrad.enter()) {
            return module.forward(x);
        } finally {
            module.train(wasTraining);
        }
    }

    /** Class probabilities {@code [n, classes]}: the softmax of {@link #logits}. */
    public Tensor probabilities(float[] raw, int n) {
        Tensor logits = logits(raw, n);
        try (NoGrad ignored = NoGrad.enter()) {
            return new Softmax(1).forward(logits);
        }
    }

    /** For each of the {@code n} raw samples, its {@code top} most probable classes, most probable first. */
    public List<List<Prediction>> predict(float[] raw, int n, int top) {
        if (top <= 0) {
            throw new IllegalArgumentException("the number of classes to show must be positive, got " + top);
        }
        float[] p = probabilities(raw, n).toFloatArray();
        int classes = numClasses();
        List<List<Prediction>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Prediction> all = new ArrayList<>();
            for (int c = 0; c < classes; c++) {
                all.add(new Prediction(c, classNames.get(c), p[i * classes + c]));
            }
            // A stable sort: equal probabilities keep the class order.
            all.sort(Comparator.comparingDouble(Prediction::probability).reversed());
            out.add(List.copyOf(all.subList(0, Math.min(top, classes))));
        }
        return out;
    }

    /**
     * Checks that {@code set} can be evaluated: the same sample shape, and labels that are classes of the
     * model (the same number of classes; fewer only for data whose classes are plain indices, such as an
     * IDX folder whose labels do not reach the last class).
     *
     * @return a remark worth telling the user (the classes have other names), or null
     * @throws IllegalArgumentException naming both shapes and class counts when the data does not fit
     */
    public String checkFits(Dataset set) {
        boolean sameShape = Arrays.equals(set.sampleShape(), sampleShape);
        int classes = set.numClasses();
        boolean labelsFit = classes == numClasses() || (classes < numClasses() && isPlainIndices(set.classNames()));
        if (!sameShape || !labelsFit) {
            throw new IllegalArgumentException("the model was trained on " + trainedOn + " (samples "
                    + Shape.str(sampleShape) + ", " + numClasses() + " classes), but " + set.name() + " has samples "
                    + Shape.str(set.sampleShape()) + " and " + classes + " classes: evaluate on data with the same"
                    + " sample shape and classes");
        }
        if (!isPlainIndices(set.classNames()) && !set.classNames().equals(classNames.subList(0, classes))) {
            return set.name() + " names its classes " + set.classNames() + ", the model " + classNames
                    + "; labels are compared by index";
        }
        return null;
    }

    private static boolean isPlainIndices(List<String> names) {
        for (int i = 0; i < names.size(); i++) {
            if (!names.get(i).equals(Integer.toString(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Loss, accuracy and confusion matrix on {@code set}, preprocessed as in training.
     *
     * @throws IllegalArgumentException when the data does not fit the model (see {@link #checkFits})
     */
    public EvalResult evaluate(Dataset set) {
        checkFits(set);
        int batch = Evaluator.batchSize(module, b -> preprocessing.loader(set, b), set.size(), 500);
        try (DataLoader loader = preprocessing.loader(set, batch)) {
            return Evaluator.evaluate(module, loader, numClasses());
        }
    }
}
