import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Seed 003, question 3: one forward and one backward pass through a 2-3-2 network in plain scalar Java,
 * no library: two inputs, three sigmoid hidden units, two softmax outputs, cross-entropy on class 0.
 *
 * <pre>
 *   k[j] = Σᵢ w[i][j]·x[i] + b[j]      h[j] = σ(k[j])                      (i input, j hidden)
 *   o[j] = Σᵢ h[i]·v[i][j] + c[j]      y = softmax(o)    L = −log y[target]  (i hidden, j output)
 * </pre>
 *
 * Run it with {@code java examples/TwoThreeTwo.java}. It prints the loss and every derivative; the report's
 * values are dL/dv rows [−0.4404, 0.4404], dL/dc [−0.5, 0.5], and dL/dw = dL/db = 0.
 */
public class TwoThreeTwo {
    static final double[] X = {1, -1};
    static final double[][] W = {{1, 1, 1}, {-1, -1, -1}};
    static final double[] B = {0, 0, 0};
    static final double[][] V = {{1, 1}, {-1, -1}, {-1, -1}};
    static final double[] C = {0, 0};
    static final int TARGET = 0;

    public static void main(String[] args) {
        Map<String, double[][]> r = run();
        System.out.printf("loss = %.4f%n%n", r.get("loss")[0][0]);
        System.out.println("derivative   values");
        print("dL/dv", r.get("dv"));
        print("dL/dc", r.get("dc"));
        print("dL/dw", r.get("dw"));
        print("dL/db", r.get("db"));
    }

    /** The loss and the derivatives, by name: "loss", "dv" [3][2], "dc", "dw" [2][3], "db" (vectors as one row). */
    public static Map<String, double[][]> run() {
        int nIn = 2;
        int nHidden = 3;
        int nOut = 2;

        // Forward.
        double[] k = new double[nHidden];
        double[] h = new double[nHidden];
        for (int j = 0; j < nHidden; j++) {
            for (int i = 0; i < nIn; i++) {
                k[j] += W[i][j] * X[i];
            }
            k[j] += B[j];
            h[j] = 1 / (1 + Math.exp(-k[j]));
        }
        double[] o = new double[nOut];
        for (int j = 0; j < nOut; j++) {
            for (int i = 0; i < nHidden; i++) {
                o[j] += h[i] * V[i][j];
            }
            o[j] += C[j];
        }
        double max = Math.max(o[0], o[1]);
        double sum = 0;
        double[] y = new double[nOut];
        for (int j = 0; j < nOut; j++) {
            y[j] = Math.exp(o[j] - max);
            sum += y[j];
        }
        for (int j = 0; j < nOut; j++) {
            y[j] /= sum;
        }
        double loss = -Math.log(y[TARGET]);

        // Backward: dL/dy, then the softmax Jacobian dy_i/do_j = y_i·(δij − y_j).
        double[] dy = new double[nOut];
        dy[TARGET] = -1 / y[TARGET];
        double[] dO = new double[nOut];
        for (int j = 0; j < nOut; j++) {
            for (int i = 0; i < nOut; i++) {
                dO[j] += dy[i] * y[i] * ((i == j ? 1 : 0) - y[j]);
            }
        }
        double[][] dV = new double[nHidden][nOut];
        double[] dC = dO.clone();
        double[] dH = new double[nHidden];
        for (int j = 0; j < nOut; j++) {
            for (int i = 0; i < nHidden; i++) {
                dV[i][j] = dO[j] * h[i];
                dH[i] += dO[j] * V[i][j];
            }
        }
        double[][] dW = new double[nIn][nHidden];
        double[] dB = new double[nHidden];
        for (int j = 0; j < nHidden; j++) {
            double dK = dH[j] * h[j] * (1 - h[j]);
            for (int i = 0; i < nIn; i++) {
                dW[i][j] = dK * X[i];
            }
            dB[j] = dK;
        }

        Map<String, double[][]> out = new LinkedHashMap<>();
        out.put("loss", new double[][] {{loss}});
        out.put("dv", dV);
        out.put("dc", new double[][] {dC});
        out.put("dw", dW);
        out.put("db", new double[][] {dB});
        return out;
    }

    private static void print(String name, double[][] rows) {
        StringBuilder sb = new StringBuilder(String.format("%-12s ", name));
        for (int r = 0; r < rows.length; r++) {
            sb.append(r == 0 ? "" : ", ").append('[');
            for (int c = 0; c < rows[r].length; c++) {
                sb.append(c == 0 ? "" : ", ").append(String.format("%.4f", rows[r][c] + 0.0));
            }
            sb.append(']');
        }
        System.out.println(sb);
    }
}
