package dev.nabla.tensor;

import dev.nabla.autograd.Context;
import dev.nabla.autograd.Function;

/**
 * C = A·B on the last two axes, batch axes broadcast.
 *
 * <p>Shapes: A [..., M, K], B [..., K, N], C [..., M, N]. Backward: dA = dC·Bᵀ [..., M, K] and
 * dB = Aᵀ·dC [..., K, N], each summed over the batch axes its operand was broadcast along. The
 * transposes are never materialised: the GEMM reads the operands transposed.
 */
final class MatMul extends Function {
    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        if (in[0].dim() < 2 || in[1].dim() < 2) {
            throw new IllegalArgumentException("matmul: expects at least 2-D operands, got "
                    + Shape.str(in[0].shape) + " and " + Shape.str(in[1].shape));
        }
        ctx.saveForBackward(in[0], in[1]);
        return Compute.matmul(in[0], false, in[1], false);
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor dc) {
        Tensor a = ctx.saved(0);
        Tensor b = ctx.saved(1);
        Tensor da = ctx.needsInputGrad(0) ? Compute.reduceTo(Compute.matmul(dc, false, b, true), a.shape) : null;
        Tensor db = ctx.needsInputGrad(1) ? Compute.reduceTo(Compute.matmul(a, true, dc, false), b.shape) : null;
        return new Tensor[] {da, db};
    }
}
