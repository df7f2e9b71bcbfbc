package dev.nabla.train;

/**
 * Loss and accuracy of a model on a dataset, with the confusion matrix behind the accuracy.
 *
 * @param confusion {@code confusion[true][predicted]} counts
 */
public record EvalResult(double loss, double accuracy, int samples, int[][] confusion) {

    /** Accuracy of each true class (NaN for a class with no sample). */
    public double[] perClassAccuracy() {
        double[] acc = new double[confusion.length];
        for (int c = 0; c < confusion.length; c++) {
            int total = 0;
            for (int n : confusion[c]) {
                total += n;
            }
            acc[c] = total == 0 ? Double.NaN : (double) confusion[c][c] / total;
        }
        return acc;
    }
}
