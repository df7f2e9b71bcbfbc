package dev.nabla.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@link Elementwise} and {@link Reduce} in a JVM started without {@code --add-modules
 * jdk.incubator.vector} (a separate surefire execution): the plain loops are chosen, never touch the
 * Vector API classes, and give the same bits as with the module (the same checks as
 * {@link ElementwiseKernelTest}).
 */
class ElementwiseKernelWithoutVectorTest extends ElementwiseKernelContract {
    @Test
    void thePlainLoopsAreSelected() {
        assertThat(ModuleLayer.boot().findModule("jdk.incubator.vector")).isEmpty();
        assertThat(Kernels.vectorEnabled()).isFalse();
    }
}
