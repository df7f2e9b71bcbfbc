package dev.nabla.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Lending and taking back of the tensors' arrays (see {@link Workspace}). */
class WorkspaceTest {
    private static final int BIG = Workspace.MIN_FLOATS;

    @Test
    void outsideAScopeEveryTensorGetsItsOwnArray() {
        Workspace w = new Workspace();
        try (Workspace.Scope s = w.open()) {
            Tensor.zeros(BIG);
        }
        Tensor a = Tensor.zeros(BIG);
        try (Workspace.Scope s = w.open()) {
            assertEquals(0, w.lentFloats());
        }
        Tensor b = Tensor.zeros(BIG);
        assertNotSame(a.f, b.f);
        assertEquals(0, w.lentFloats(), "tensors made after close are not lent");
    }

    @Test
    void theNextStepGetsTheSameArraysBackZeroFilled() {
        Workspace w = new Workspace();
        float[] first;
        float[] second;
        try (Workspace.Scope s = w.open()) {
            Tensor a = Tensor.zeros(2, BIG);
            Tensor b = Tensor.zeros(BIG);
            a.fill(3);
            b.fill(-1);
            first = a.f;
            second = b.f;
            assertEquals(3 * BIG, w.lentFloats());
        }
        try (Workspace.Scope s = w.open()) {
            Tensor a = Tensor.zeros(2, BIG);
            Tensor b = Tensor.zeros(BIG);
            assertSame(first, a.f);
            assertSame(second, b.f);
            for (int i = 0; i < 2 * BIG; i++) {
                assertEquals(0f, a.f[i], "element " + i + " of a recycled array");
            }
            for (int i = 0; i < BIG; i++) {
                assertEquals(0f, b.f[i], "element " + i + " of a recycled array");
            }
            // A third array of a size already lent this step is new.
            assertNotSame(first, Tensor.zeros(2, BIG).f);
        }
        assertEquals(5L * BIG, w.peakFloats());
    }

    @Test
    void smallTensorsAndOtherDtypesComeFromTheHeap() {
        Workspace w = new Workspace();
        try (Workspace.Scope s = w.open()) {
            Tensor.zeros(BIG - 1);
            Tensor.zeros(DType.FLOAT64, BIG);
            Tensor.zeros(3, 5);
            assertEquals(0, w.lentFloats());
        }
    }

    @Test
    void arraysOfSizesTheLastStepDidNotUseAreReleased() {
        Workspace w = new Workspace();
        float[] old;
        try (Workspace.Scope s = w.open()) {
            old = Tensor.zeros(BIG).f;
        }
        try (Workspace.Scope s = w.open()) {
            Tensor.zeros(BIG + 1);
        }
        try (Workspace.Scope s = w.open()) {
            assertNotSame(old, Tensor.zeros(BIG).f, "an array unused for a whole step is not kept");
        }
    }

    @Test
    void otherThreadsAreNotAffected() throws InterruptedException {
        Workspace w = new Workspace();
        AtomicReference<float[]> elsewhere = new AtomicReference<>();
        try (Workspace.Scope s = w.open()) {
            Thread t = new Thread(() -> elsewhere.set(Tensor.zeros(BIG).f));
            t.start();
            t.join();
            assertEquals(0, w.lentFloats());
        }
        assertEquals(BIG, elsewhere.get().length);
    }

    @Test
    void scopesNestAndCloseRestoresTheOuterOne() {
        Workspace outer = new Workspace();
        Workspace inner = new Workspace();
        try (Workspace.Scope s = outer.open()) {
            try (Workspace.Scope t = inner.open()) {
                Tensor.zeros(BIG);
            }
            Tensor.zeros(2 * BIG);
            assertEquals(BIG, inner.lentFloats());
            assertEquals(2 * BIG, outer.lentFloats());
        }
    }

    @Test
    void anArrayGivenBackIsLentAgainInTheSameStep() {
        Workspace w = new Workspace();
        try (Workspace.Scope s = w.open()) {
            long mark = Workspace.mark();
            Tensor a = Tensor.zeros(BIG);
            a.fill(7);
            Workspace.giveBack(a, mark, List.of());
            assertEquals(0, w.lentFloats());
            Tensor b = Tensor.zeros(BIG);
            assertSame(a.f, b.f);
            assertEquals(0f, b.f[BIG - 1], "lent again zero-filled");
            assertEquals(BIG, w.peakFloats());
            assertEquals(BIG, w.heldFloats());
        }
    }

    @Test
    void onlyArraysLentSinceTheMarkAndNotInUseAreGivenBack() {
        Workspace w = new Workspace();
        try (Workspace.Scope s = w.open()) {
            Tensor before = Tensor.zeros(BIG);
            long mark = Workspace.mark();
            Tensor after = Tensor.zeros(BIG);
            Tensor view = after.reshape(2, BIG / 2);
            Workspace.giveBack(before, mark, List.of());
            Workspace.giveBack(after, mark, List.of(view));
            assertEquals(2 * BIG, w.lentFloats(), "neither may be reused");
            assertNotSame(before.f, Tensor.zeros(BIG).f);
            Workspace.giveBack(after, mark, List.of());
            Workspace.giveBack(after, mark, List.of());
            assertEquals(2 * BIG, w.lentFloats(), "given back once, then the new tensor above");
        }
        Tensor outside = Tensor.zeros(BIG);
        Workspace.giveBack(outside, 0, List.of());
        assertEquals(-1, Workspace.mark());
    }

    @Test
    void aNewGradientNothingElseHoldsBecomesTheLeafsGradAndIsKept() {
        Workspace w = new Workspace();
        try (Workspace.Scope s = w.open()) {
            Tensor leaf = Tensor.zeros(BIG).requiresGrad(true);
            Tensor old = Tensor.zeros(BIG);
            long mark = Workspace.mark();
            Tensor g = Tensor.zeros(BIG).fill(2);
            assertFalse(Workspace.adoptAsGrad(leaf, old, mark, List.of()), "lent before the backward began");
            assertFalse(Workspace.adoptAsGrad(leaf, g, mark, List.of(g.reshape(2, BIG / 2))), "still used");
            assertNull(leaf.grad());
            assertTrue(Workspace.adoptAsGrad(leaf, g, mark, List.of()));
            assertSame(g, leaf.grad());
            Workspace.giveBack(g, mark, List.of());
            assertEquals(3L * BIG, w.lentFloats(), "an adopted gradient is never given back");
            assertNotSame(g.f, Tensor.zeros(BIG).f);
            assertFalse(Workspace.adoptAsGrad(leaf, Tensor.zeros(BIG), mark, List.of()), "the leaf has a grad");
        }
    }
}
