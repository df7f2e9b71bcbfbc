package dev.nabla.data;

import dev.nabla.data.DataLoader.Position;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The batches of a {@link DataLoader}, one epoch or endlessly, with the {@link #position()} of the next
 * one. Use it in a for-each loop (once); close it if you stop before the end.
 */
public final class BatchIterator implements Iterator<Batch>, Iterable<Batch>, AutoCloseable {

    /** A built batch and the position right after it. */
    private record Step(Batch batch, Position next) {}

    private final DataLoader loader;
    private final Iterator<Step> steps;
    private Position position;
    private boolean iterated;
    private boolean closed;

    BatchIterator(DataLoader loader, Position start, boolean endless, int prefetch) {
        this.loader = loader;
        this.position = start;
        // A prefetch thread builds batches while the consumer trains with the kernel threads, so it keeps to
        // itself; without one, the batch is built between steps and may use the kernel threads.
        Iterator<Step> source = new Producer(loader, start, endless, prefetch == 0);
        this.steps = prefetch > 0 ? new Prefetcher<>(source, prefetch, "nabla-data-prefetch") : source;
    }

    /** Where the next batch starts; after the last batch of an epoch, the start of the next epoch. */
    public Position position() {
        return position;
    }

    @Override
    public boolean hasNext() {
        if (closed) {
            return false;
        }
        boolean more = steps.hasNext();
        if (!more) {
            close();
        }
        return more;
    }

    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException("No more batches in this " + (closed ? "closed " : "") + "iterator");
        }
        Step step = steps.next();
        position = step.next();
        return step.batch();
    }

    /** This iterator itself, so it can stand in a for-each loop; it can be iterated only once. */
    @Override
    public Iterator<Batch> iterator() {
        if (iterated) {
            throw new IllegalStateException("A BatchIterator can be iterated only once: ask the DataLoader for a"
                    + " new one");
        }
        iterated = true;
        return this;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (steps instanceof Prefetcher<?> p) {
                p.close();
            }
            loader.closed(this);
        }
    }

    /** Builds the batches in order on whichever thread calls it; the epoch order is computed once per epoch. */
    private static final class Producer implements Iterator<Step> {
        private final DataLoader loader;
        private final boolean endless;
        private final boolean parallel;
        private final int firstEpoch;
        private Position at;
        private int[] order;
        private int orderEpoch = -1;

        Producer(DataLoader loader, Position start, boolean endless, boolean parallel) {
            this.loader = loader;
            this.endless = endless;
            this.parallel = parallel;
            this.firstEpoch = start.epoch();
            this.at = start;
        }

        @Override
        public boolean hasNext() {
            return endless || at.epoch() == firstEpoch;
        }

        @Override
        public Step next() {
            if (!hasNext()) {
                throw new NoSuchElementException("Epoch " + firstEpoch + " is over");
            }
            if (orderEpoch != at.epoch()) {
                order = loader.order(at.epoch());
                orderEpoch = at.epoch();
            }
            Batch batch = loader.build(order, at, parallel);
            at = loader.normalize(new Position(at.epoch(), at.index() + batch.size()));
            return new Step(batch, at);
        }
    }
}
