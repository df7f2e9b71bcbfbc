package dev.nabla.tensor;

import dev.nabla.kernel.Parallel;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Recycles the storage of the tensors that one training step creates, so that the steps after the
 * first allocate (almost) nothing.
 *
 * <pre>{@code
 * Workspace workspace = new Workspace();
 * for (Batch b : loader) {
 *     try (Workspace.Scope step = workspace.open()) {
 *         opt.zeroGrad();
 *         lossFn.forward(model.forward(b.x()), b.y()).backward();
 *     }
 *     opt.step();
 * }
 * }</pre>
 *
 * <p>While a scope is open on a thread, every float32 tensor of at least {@link #MIN_FLOATS} elements
 * created on that thread (outputs, saved activations, gradients) takes its array from this workspace
 * instead of the heap. The next {@link #open()} takes all those arrays back and lends them out again,
 * zero-filled as new ones would be. A step of a fixed model and batch shape asks for the same sizes
 * every time, so from the second step on it is served entirely from the arrays of the step before.
 * Within a step, the autograd engine gives back each gradient it has finished with (see
 * {@link #giveBack}), so the backward pass reuses its own arrays as it goes, and makes a new parameter
 * gradient that nothing else holds the parameter's {@code .grad} without a copy ({@link #adoptAsGrad});
 * without a graph, a {@code Sequential} gives back each layer's output once the next layer has used it.
 *
 * <p><b>The contract:</b> a tensor created inside a scope is valid until the workspace is opened
 * again; the intermediate outputs of a {@code Sequential} run without a graph, until the next layer
 * has run. Read what you need from a step (the loss, the accuracy, the gradients for the optimizer)
 * before the next step opens it. Tensors that must outlive the step (parameters, optimizer state,
 * running statistics, checkpoints) must be created outside a scope: modules create theirs when they are
 * built, optimizers theirs in {@code step()}, which the example above calls after the scope.
 *
 * <p>Why: a training step of the seeds' CNN creates about 220 MB of tensors. Left to the garbage
 * collector, that churn grew the heap of the W2 benchmark to 2.3 GB and cost ~1 s of collection pauses
 * in 12 s (bench/README.md). Small tensors are cheap to allocate and die young, so they are left to the
 * heap.
 *
 * <p>Not thread-safe: one workspace serves one training thread. Tensors created on other threads (the
 * kernels' workers create none; a prefetching loader's thread does) are not affected.
 */
public final class Workspace {
    /** Arrays smaller than this (16 KiB) come from the heap: allocating them costs little. */
    public static final int MIN_FLOATS = 4096;

    /** Recycled arrays at least this long are zeroed by all kernel threads. */
    private static final int PARALLEL_FILL = 1 << 16;

    private static final ThreadLocal<Workspace> ACTIVE = new ThreadLocal<>();

    /** Arrays ready to lend, by length. */
    private final Map<Integer, ArrayDeque<float[]>> free = new HashMap<>();
    /** Arrays lent out now, with the number of the lending that handed them out. */
    private final Map<float[], Long> lent = new IdentityHashMap<>();
    /** Arrays that became a leaf's gradient this step: never given back before the next step. */
    private final Map<float[], Boolean> pinned = new IdentityHashMap<>();
    /** Every array lent this step (given back or not): what the next step starts from. */
    private final Map<float[], Boolean> used = new IdentityHashMap<>();
    private long lendings;
    private long heldFloats;
    private long lentFloats;
    private long peakFloats;

    /** An open step: closing it stops lending (the arrays stay lent until the next {@link #open()}). */
    public final class Scope implements AutoCloseable {
        private final Workspace previous;
        private boolean closed;

        private Scope(Workspace previous) {
            this.previous = previous;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                ACTIVE.set(previous);
            }
        }
    }

    /**
     * Starts a step on this thread: takes back every array lent since the previous {@code open()} and
     * lends from them until the scope is closed. Arrays the previous step did not use are released to
     * the heap, so the workspace holds one step's worth of memory.
     */
    public Scope open() {
        free.clear();
        heldFloats = 0;
        for (float[] a : used.keySet()) {
            free.computeIfAbsent(a.length, n -> new ArrayDeque<>()).push(a);
            heldFloats += a.length;
        }
        used.clear();
        lent.clear();
        pinned.clear();
        lentFloats = 0;
        peakFloats = 0;
        Scope scope = new Scope(ACTIVE.get());
        ACTIVE.set(this);
        return scope;
    }

    /** Floats lent out now (since the last {@link #open()}, less what was given back). */
    public long lentFloats() {
        return lentFloats;
    }

    /** The most floats lent out at once since the last {@link #open()}. */
    public long peakFloats() {
        return peakFloats;
    }

    /** Floats in all the arrays this workspace holds: the memory it keeps between steps. */
    public long heldFloats() {
        return heldFloats;
    }

    /** A zeroed float array of length n: from the open workspace of this thread, or new. */
    static float[] floats(int n) {
        return floats(n, true);
    }

    /**
     * A float array of length n from the open workspace of this thread, or new; a recycled array is
     * zero-filled only when {@code zeroed} (else it holds an earlier step's values).
     */
    static float[] floats(int n, boolean zeroed) {
        if (n < MIN_FLOATS) {
            return new float[n];
        }
        Workspace w = ACTIVE.get();
        return w == null ? new float[n] : w.lend(n, zeroed);
    }

    /**
     * A mark for {@link #giveBack}: the number of lendings so far by the workspace open on this thread,
     * or −1 when none is open.
     */
    public static long mark() {
        Workspace w = ACTIVE.get();
        return w == null ? -1 : w.lendings;
    }

    /**
     * Gives {@code t}'s array back for reuse later in this step, when the workspace open on this thread
     * lent it at or after {@code mark} and no tensor in {@code live} uses the same array; otherwise
     * does nothing. For the autograd engine: {@code t} is a gradient it has finished with, the mark was
     * taken when the backward pass began (so no tensor of the forward pass, which the caller may still
     * hold, is ever given back), and {@code live} are the gradients it still holds.
     */
    public static void giveBack(Tensor t, long mark, Collection<Tensor> live) {
        Workspace w = ACTIVE.get();
        float[] a = t.f;
        if (w == null || mark < 0 || a == null) {
            return;
        }
        Long lending = w.lent.get(a);
        if (lending == null || lending < mark || w.pinned.containsKey(a)) {
            return;
        }
        for (Tensor other : live) {
            if (other.f == a) {
                return;
            }
        }
        w.lent.remove(a);
        w.lentFloats -= a.length;
        w.free.computeIfAbsent(a.length, n -> new ArrayDeque<>()).push(a);
    }

    /**
     * Makes {@code g} the gradient of {@code leaf}, which has none, without copying it, when the workspace
     * open on this thread lent g's whole array at or after {@code mark} (so the backward pass that took
     * the mark created it) and no tensor in {@code live} uses the same array. The array is then kept for
     * the rest of the step ({@link #giveBack} skips it). Returns false, changing nothing, otherwise; the
     * engine then copies g, as a gradient must never alias a tensor that something else still uses.
     */
    public static boolean adoptAsGrad(Tensor leaf, Tensor g, long mark, Collection<Tensor> live) {
        Workspace w = ACTIVE.get();
        float[] a = g.f;
        if (w == null || mark < 0 || a == null || leaf.grad() != null || g.offset != 0 || g.numel() != a.length
                || g.dtype() != leaf.dtype() || g.requiresGrad()) {
            return false;
        }
        Long lending = w.lent.get(a);
        if (lending == null || lending < mark || w.pinned.containsKey(a)) {
            return false;
        }
        for (Tensor other : live) {
            if (other.f == a) {
                return false;
            }
        }
        w.pinned.put(a, Boolean.TRUE);
        leaf.adoptGrad(g);
        return true;
    }

    private float[] lend(int n, boolean zeroed) {
        ArrayDeque<float[]> q = free.get(n);
        float[] a = q == null ? null : q.poll();
        if (a == null) {
            a = new float[n];
            heldFloats += n;
        } else if (!zeroed) {
            // The caller writes every element.
        } else if (n >= PARALLEL_FILL) {
            float[] target = a;
            Parallel.range(n, PARALLEL_FILL / 2, (from, to) -> Arrays.fill(target, from, to, 0f));
        } else {
            Arrays.fill(a, 0f);
        }
        lent.put(a, lendings++);
        used.put(a, Boolean.TRUE);
        lentFloats += n;
        peakFloats = Math.max(peakFloats, lentFloats);
        return a;
    }
}
