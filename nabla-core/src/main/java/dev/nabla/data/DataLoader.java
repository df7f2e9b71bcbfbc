package dev.nabla.data;

import dev.nabla.data.transform.PointwiseTransform;
import dev.nabla.data.transform.Transform;
import dev.nabla.kernel.Parallel;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cuts a {@link Dataset} into mini-batches of float32 tensors, optionally shuffled, transformed and
 * prefetched on a background thread.
 *
 * <pre>{@code
 * try (DataLoader loader = DataLoader.builder(data.train()).batchSize(200).shuffle(42).flatten(true)
 *         .transforms(new ScaleToUnit(), standardize).build()) {
 *     for (Batch b : loader.epoch(0)) {
 *         Tensor logits = model.forward(b.inputs());   // [200, 784]
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p><b>Order.</b> Epoch {@code e}'s order is a permutation drawn from {@code Seeds.derive(seed, e)}: it
 * differs from epoch to epoch, and any epoch can be rebuilt from (seed, e) alone. A place in the stream
 * of batches is a {@link Position} (epoch, index in the epoch's order); {@link BatchIterator#position()}
 * tells where the next batch starts, and {@link #stream(Position)} or {@link #epoch(Position)} resume
 * exactly there, so a training run restarted from a checkpoint sees the batches it would have seen.
 *
 * <p><b>Prefetch.</b> With a prefetch depth above 0 (the default is 2), each iterator builds its batches
 * on a daemon thread into a bounded queue. Batches are built by the same code either way, so the results
 * are identical with and without it. Close iterators that you abandon early, or close the loader, which
 * stops all of its threads.
 */
public final class DataLoader implements AutoCloseable {

    /** A place in the stream of batches: the epoch, and the index of the next sample in that epoch's order. */
    public record Position(int epoch, int index) {
        /** The very first batch. */
        public static final Position START = new Position(0, 0);

        public Position {
            if (epoch < 0 || index < 0) {
                throw new IllegalArgumentException("Position needs epoch >= 0 and index >= 0, got (" + epoch + ", "
                        + index + ")");
            }
        }
    }

    private final Dataset dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final boolean dropLast;
    private final boolean flatten;
    private final List<Transform> transforms;
    /** For 8-bit data: the leading pointwise transforms as one table per channel, else null. */
    private final float[][] tables;
    /** The transforms that the tables do not cover. */
    private final List<Transform> perSample;
    private final int prefetch;
    private final int[] sampleShape;
    private final int sampleSize;
    private final int usable;
    private final Set<BatchIterator> open = ConcurrentHashMap.newKeySet();
    /** Floats per parallel task when a batch is built on the consumer's thread. */
    private static final int ROW_GRAIN = 16_384;

    private DataLoader(Builder b) {
        this.dataset = b.dataset;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.seed = b.seed;
        this.dropLast = b.dropLast;
        this.flatten = b.flatten;
        this.transforms = List.copyOf(b.transforms);
        this.prefetch = b.prefetch;
        this.sampleShape = dataset.sampleShape();
        this.sampleSize = dataset.sampleSize();
        int pointwise = 0;
        while (pointwise < transforms.size() && transforms.get(pointwise) instanceof PointwiseTransform) {
            pointwise++;
        }
        this.tables = dataset.isEightBit() && pointwise > 0 ? tables(transforms.subList(0, pointwise)) : null;
        this.perSample = tables == null ? transforms : transforms.subList(pointwise, transforms.size());
        int n = dataset.size();
        this.usable = dropLast ? n - n % batchSize : n;
        if (usable == 0) {
            throw new IllegalArgumentException("DataLoader over " + dataset.name() + " (" + n + " samples) with batch"
                    + " size " + batchSize + (dropLast ? " and dropLast" : "") + " would produce no batch"
                    + (dropLast && n > 0 ? ": lower the batch size or turn dropLast off" : ""));
        }
    }

    /** table[c][v]: raw value v of channel c through the pointwise transforms, in order. */
    private float[][] tables(List<Transform> pointwise) {
        pointwise.forEach(p -> ((PointwiseTransform) p).requireFits(sampleShape));
        float[][] t = new float[sampleShape[0]][256];
        for (int c = 0; c < t.length; c++) {
            for (int v = 0; v < 256; v++) {
                float x = v;
                for (Transform p : pointwise) {
                    x = ((PointwiseTransform) p).map(x, c);
                }
                t[c][v] = x;
            }
        }
        return t;
    }

    /** Starts configuring a loader over {@code dataset}. */
    public static Builder builder(Dataset dataset) {
        return new Builder(dataset);
    }

    /** The dataset this loader reads. */
    public Dataset dataset() {
        return dataset;
    }

    /** Batch size N (the last batch of an epoch is smaller unless dropLast is set). */
    public int batchSize() {
        return batchSize;
    }

    /** Number of batches in one epoch. */
    public int batchesPerEpoch() {
        return (usable + batchSize - 1) / batchSize;
    }

    /** Number of samples served in one epoch: all of them, or a whole number of batches with dropLast. */
    public int samplesPerEpoch() {
        return usable;
    }

    /** The shape of a batch of {@code n} samples: {@code [n, C, H, W]}, or {@code [n, C·H·W]} when flattened. */
    public int[] batchShape(int n) {
        if (flatten) {
            return new int[] {n, sampleSize};
        }
        int[] shape = new int[sampleShape.length + 1];
        shape[0] = n;
        System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
        return shape;
    }

    /** The order in which epoch {@code epoch} visits the dataset: a permutation, or 0..N-1 without shuffling. */
    public int[] order(int epoch) {
        int n = dataset.size();
        if (!shuffle) {
            int[] identity = new int[n];
            for (int i = 0; i < n; i++) {
                identity[i] = i;
            }
            return identity;
        }
        return new Rng(Seeds.derive(seed, epoch)).permutation(n);
    }

    /** The batches of one whole epoch. */
    public BatchIterator epoch(int epoch) {
        return epoch(new Position(epoch, 0));
    }

    /** The rest of {@code from}'s epoch, starting at {@code from}. */
    public BatchIterator epoch(Position from) {
        return open(from, false);
    }

    /** Batches without end, epoch after epoch, from the very start. */
    public BatchIterator stream() {
        return stream(Position.START);
    }

    /** Batches without end, epoch after epoch, starting at {@code from}: how a step-based run resumes. */
    public BatchIterator stream(Position from) {
        return open(from, true);
    }

    private BatchIterator open(Position from, boolean endless) {
        if (from.index() > usable) {
            throw new IllegalArgumentException("Position " + from + " is past the end of an epoch of " + usable
                    + " samples");
        }
        BatchIterator it = new BatchIterator(this, normalize(from), endless, prefetch);
        open.add(it);
        return it;
    }

    void closed(BatchIterator it) {
        open.remove(it);
    }

    /** An index at the end of an epoch means the start of the next one. */
    Position normalize(Position p) {
        return p.index() >= usable ? new Position(p.epoch() + 1, 0) : p;
    }

    /**
     * Builds the batch that starts at {@code at} in the given epoch order: reads each sample's raw values,
     * applies the transforms in order, and wraps the floats as a tensor. For 8-bit images the leading
     * pointwise transforms (scaling, standardising) are applied through per-channel tables as the pixels are
     * read: the same bits in one pass instead of three. With {@code parallel} (a batch built on the consumer's
     * thread, between training steps) the rows are split over the kernel threads; each row is built by one
     * task from (epoch, index) alone, so the batch is the same either way.
     */
    Batch build(int[] order, Position at, boolean parallel) {
        int n = Math.min(batchSize, usable - at.index());
        float[] x = new float[n * sampleSize];
        int[] labels = new int[n];
        int[] indices = new int[n];
        Parallel.Range rows = (from, to) -> {
            for (int row = from; row < to; row++) {
                int index = order[at.index() + row];
                int offset = row * sampleSize;
                if (tables != null) {
                    dataset.readSample(index, tables, x, offset);
                } else {
                    dataset.readSample(index, x, offset);
                }
                for (Transform t : perSample) {
                    t.apply(x, offset, sampleShape, at.epoch(), index);
                }
                labels[row] = dataset.label(index);
                indices[row] = index;
            }
        };
        if (parallel) {
            Parallel.range(n, Math.max(1, ROW_GRAIN / sampleSize), rows);
        } else {
            rows.run(0, n);
        }
        return new Batch(Tensor.wrap(x, batchShape(n)), labels, indices);
    }

    /** Stops every iterator of this loader that is still open, with its prefetch thread. */
    @Override
    public void close() {
        for (BatchIterator it : List.copyOf(open)) {
            it.close();
        }
    }

    @Override
    public String toString() {
        return "DataLoader(" + dataset.name() + ", batch=" + batchSize + (shuffle ? ", shuffle seed=" + seed : "")
                + (dropLast ? ", dropLast" : "") + (flatten ? ", flatten" : "") + ", transforms=" + transforms
                + ", prefetch=" + prefetch + ")";
    }

    /** Options of a {@link DataLoader}; defaults: batch 32, no shuffling, keep the last batch, NCHW, prefetch 2. */
    public static final class Builder {
        private final Dataset dataset;
        private int batchSize = 32;
        private boolean shuffle;
        private long seed;
        private boolean dropLast;
        private boolean flatten;
        private List<Transform> transforms = List.of();
        private int prefetch = 2;

        private Builder(Dataset dataset) {
            this.dataset = dataset;
        }

        public Builder batchSize(int batchSize) {
            if (batchSize <= 0) {
                throw new IllegalArgumentException("Invalid batch size: " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** Shuffle every epoch, with orders derived from {@code seed}. */
        public Builder shuffle(long seed) {
            this.shuffle = true;
            this.seed = seed;
            return this;
        }

        /** Drop the last batch of an epoch when it would be smaller than the batch size. */
        public Builder dropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        /** Batches of {@code [N, C·H·W]} rows (for MLPs) instead of {@code [N, C, H, W]}. */
        public Builder flatten(boolean flatten) {
            this.flatten = flatten;
            return this;
        }

        /** Per-sample transforms, applied in the given order. */
        public Builder transforms(Transform... transforms) {
            this.transforms = List.of(transforms);
            return this;
        }

        /** How many batches a background thread keeps ready; 0 builds each batch on the consumer's thread. */
        public Builder prefetch(int depth) {
            if (depth < 0) {
                throw new IllegalArgumentException("Invalid prefetch depth: " + depth + " (0 turns prefetching off)");
            }
            this.prefetch = depth;
            return this;
        }

        public DataLoader build() {
            return new DataLoader(this);
        }
    }
}
