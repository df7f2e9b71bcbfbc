import dev.nabla.kernel.*;
import java.util.*;
public class FwAB {
    public static void main(String[] a) {
        int n = Integer.parseInt(a[0]), cin = Integer.parseInt(a[1]), cout = Integer.parseInt(a[2]), s = Integer.parseInt(a[3]);
        int rounds = Integer.parseInt(a[4]);
        Kernels.setThreads(2);
        Window2d g = new Window2d(n, cin, s, s, 3, 3, 1, 1, 1, 1);
        Random r = new Random(1);
        float[] x = new float[n*cin*s*s], w = new float[cout*cin*9], y = new float[n*cout*s*s];
        for (int i=0;i<x.length;i++) x[i]=(float)r.nextGaussian();
        for (int i=0;i<w.length;i++) w[i]=(float)r.nextGaussian();
        double[][] med = new double[2][rounds];
        for (int rd = 0; rd < rounds; rd++) {
            for (int v = 0; v < 2; v++) {
                System.setProperty("nabla.conv.noTaps", v == 0 ? "true" : "false");
                int reps = 40; double[] t = new double[reps];
                for (int i = 0; i < reps; i++) { long t0 = System.nanoTime(); Conv.forward(g, cout, x, 0, w, 0, null, 0, y, 0); t[i] = (System.nanoTime()-t0)/1e6; }
                Arrays.sort(t); med[v][rd] = t[reps/2];
            }
        }
        for (int v = 0; v < 2; v++) { double[] m = med[v].clone(); Arrays.sort(m); System.out.printf("%s %dx%d %d->%d b%d: median of medians %.3f ms (min %.3f)%n", v==0?"whole":"taps ", s, s, cin, cout, n, m[rounds/2], m[0]); }
    }
}
