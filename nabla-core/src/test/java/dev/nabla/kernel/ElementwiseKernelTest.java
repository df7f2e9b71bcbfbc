package dev.nabla.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@link Elementwise} and {@link Reduce} with the Vector API module present: the vector loops give the
 * same bits as the scalar references, and the same bits on any number of threads.
 */
class ElementwiseKernelTest extends ElementwiseKernelContract {
    @Test
    void theVectorLoopsAreSelected() {
        assertThat(Kernels.vectorEnabled()).isTrue();
    }
}
