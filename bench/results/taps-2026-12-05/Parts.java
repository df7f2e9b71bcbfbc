package dev.nabla.kernel;
import java.util.*;
public class Parts {
    static double time(Runnable r, int reps) { double[] t = new double[reps]; for (int i=0;i<reps;i++){long t0=System.nanoTime(); r.run(); t[i]=(System.nanoTime()-t0)/1e6;} Arrays.sort(t); return t[reps/2]; }
    public static void main(String[] a) {
        int n = Integer.parseInt(a[0]), cin = Integer.parseInt(a[1]), cout = Integer.parseInt(a[2]), s = Integer.parseInt(a[3]);
        Kernels.setThreads(2);
        Window2d g = new Window2d(n, cin, s, s, 3, 3, 1, 1, 1, 1);
        Random r = new Random(1);
        float[] x = new float[n*cin*s*s], w = new float[cout*cin*9];
        for (int i=0;i<x.length;i++) x[i]=(float)r.nextGaussian();
        for (int i=0;i<w.length;i++) w[i]=(float)r.nextGaussian();
        TapConv.Weights tw = new TapConv.Weights();
        PackedA[] pa = {null};
        int p = g.outPlane(); int cols = n*p; float[] out = new float[cout*cols];
        float[] padded = new float[Im2col.paddedSize(g, n)]; int[] rt = new int[cin*9]; int[] ct = new int[cols];
        Im2col.pad(g, x, 0, 0, n, padded);
        IndexedMatrix m = Im2col.matrix(g, n, padded, rt, ct);
        for (int rd = 0; rd < 5; rd++) {
            double packTaps = time(() -> tw.pack(g, cout, w, 0), 30);
            double packWhole = time(() -> { pa[0] = Gemm.pack(false, cout, cin*9, w, 0, cin*9, pa[0]); }, 30);
            double prodTaps = time(() -> TapConv.product(g, cout, tw, m, n, out), 30);
            double prodWhole = time(() -> Gemm.sgemm(pa[0], false, cols, 1f, m, 0f, out, 0, cols), 30);
            System.out.printf("%dx%d %d->%d: pack taps %.3f whole %.3f | product taps %.3f whole %.3f%n", s, s, cin, cout, packTaps, packWhole, prodTaps, prodWhole);
        }
    }
}
