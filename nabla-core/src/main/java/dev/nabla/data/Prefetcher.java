package dev.nabla.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Runs an iterator on a daemon thread that keeps up to {@code depth} items ready in a bounded queue, so
 * the consumer (the training loop) finds its next batch already built. Items arrive in the source's
 * order, so what the consumer sees does not depend on prefetching. An exception thrown by the source is
 * rethrown to the consumer by {@link #next()}, unchanged.
 */
final class Prefetcher<T> implements Iterator<T>, AutoCloseable {
    private static final Object END = new Object();

    private record Failure(Throwable error) {}

    private final BlockingQueue<Object> queue;
    private final Thread thread;
    private volatile boolean closed;
    private Object pending;

    Prefetcher(Iterator<T> source, int depth, String threadName) {
        this.queue = new ArrayBlockingQueue<>(depth);
        this.thread = new Thread(() -> produce(source), threadName);
        thread.setDaemon(true);
        thread.start();
    }

    private void produce(Iterator<T> source) {
        try {
            while (!closed && source.hasNext()) {
                queue.put(source.next());
            }
            queue.put(END);
        } catch (InterruptedException e) {
            // close() interrupts a producer waiting for room: nothing more is wanted.
        } catch (Throwable t) {
            try {
                queue.put(new Failure(t));
            } catch (InterruptedException e) {
                // Closed while reporting: the consumer is gone, so there is no one to tell.
            }
        }
    }

    @Override
    public boolean hasNext() {
        if (closed) {
            return false;
        }
        if (pending == null) {
            try {
                pending = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the data loader's next batch", e);
            }
        }
        return pending != END;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException("The data loader has no more batches");
        }
        Object item = pending;
        pending = null;
        if (item instanceof Failure failure) {
            close();
            if (failure.error() instanceof RuntimeException e) {
                throw e;
            }
            if (failure.error() instanceof Error e) {
                throw e;
            }
            throw new IllegalStateException("The data loader's prefetch thread failed", failure.error());
        }
        return (T) item;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        queue.clear();
        // Wakes a consumer blocked in hasNext() on another thread, which then sees the end.
        queue.offer(END);
        pending = null;
    }
}
