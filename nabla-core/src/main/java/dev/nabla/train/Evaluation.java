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

    private static String num(double v) {
        return Double.isNaN(v) ? "nan" : Double.toString(v);
    }
}
