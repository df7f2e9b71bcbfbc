package dev.nabla.kernel;

import org.junit.jupiter.api.Test;

/**
 * The checks of {@link ElementwiseKernelChecks} as tests, run once in the JVM with the Vector API module
 * ({@link ElementwiseKernelTest}) and once without it ({@link ElementwiseKernelWithoutVectorTest}).
 */
abstract class ElementwiseKernelContract {
    @Test
    void binaryRunsMatchScalarOps() {
        ElementwiseKernelChecks.binaryRunsMatchScalarOps();
    }

    @Test
    void broadcastRowsMatchScalarOps() {
        ElementwiseKernelChecks.broadcastRowsMatchScalarOps();
    }

    @Test
    void unaryRunsMatchScalarOps() {
        ElementwiseKernelChecks.unaryRunsMatchScalarOps();
    }

    @Test
    void sumsFollowTheDocumentedOrder() {
        ElementwiseKernelChecks.sumsFollowTheDocumentedOrder();
    }

    @Test
    void maximaMatchMathMax() {
        ElementwiseKernelChecks.maximaMatchMathMax();
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        ElementwiseKernelChecks.resultsDoNotDependOnTheThreadCount();
    }
}
