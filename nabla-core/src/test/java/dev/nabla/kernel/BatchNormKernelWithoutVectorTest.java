package dev.nabla.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@link BatchNormKernel} in a JVM without the Vector API module (a separate surefire execution): the
 * plain float loops give the double passes' bits.
 */
class BatchNormKernelWithoutVectorTest extends BatchNormKernelContract {
    @Test
    void thePlainLoopsAreSelected() {
        assertThat(Kernels.vectorEnabled()).isFalse();
    }
}
