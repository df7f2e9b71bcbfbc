package dev.nabla.train;

/**
 * One row of the learning curves, taken at an evaluation: the training loss and accuracy averaged over
 * the mini-batches since the previous evaluation, the loss and accuracy on the evaluation set (the test
 * set or a validation split), the learning rate, and the training time so far.
 */
public record Evaluation(long step, int epoch, double trainLoss, double trainAcc, double testLoss, double testAcc,
        double lr, double seconds) {

    /** The columns of {@code metrics.csv}, in order. */
    public static final String CSV_HEADER = "step,epoch,train_loss,train_acc,test_loss,test_acc,lr,seconds";

    /** This row as a line of {@code metrics.csv}. */
    public String toCsv() {
        return step + "," + epoch + "," + num(trainLoss) + "," + num(trainAcc) + "," + num(testLoss) + ","
                + num(testAcc) + "," + num(lr) + "," + String.format(java.util.Locale.ROOT, "%.3f", seconds);
    }

    /**
     * Parses a line of {@code metrics.csv}.
     *
     * @throws IllegalArgumentException naming the line when it has the wrong number of columns or a
     *     value that is not a number
     */
    public static Evaluation fromCsv(String line) {
        String[] f = line.split(",", -1);
        if (f.length != 8) {
            throw new IllegalArgumentException("expected the 8 columns " + CSV_HEADER + ", got " + f.length + ": '"
                    + line + "'");
        }
        try {
            return new Evaluation(Long.parseLong(f[0].strip()), Integer.parseInt(f[1].strip()), parse(f[2]),
                    parse(f[3]), parse(f[4]), parse(f[5]), parse(f[6]), parse(f[7]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number in '" + line + "': " + e.getMessage(), e);
        }
    }

    private static double parse(String s) {
        String v = s.strip();
        return v.equalsIgnoreCase("nan") ? Double.NaN : Double.parseDouble(v);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "nan" : Double.toString(v);
    }
}
