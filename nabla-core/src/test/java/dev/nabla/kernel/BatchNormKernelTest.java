package dev.nabla.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link BatchNormKernel} with the Vector API module: the vector loops give the double passes' bits. */
class BatchNormKernelTest extends BatchNormKernelContract {
    @Test
    void theVectorLoopsAreSelected() {
        assertThat(Kernels.vectorEnabled()).isTrue();
    }
}
