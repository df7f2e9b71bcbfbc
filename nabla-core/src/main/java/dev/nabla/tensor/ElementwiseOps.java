package dev.nabla.tensor;

import dev.nabla.autograd.Context;
import dev.nabla.autograd.Function;
import dev.nabla.kernel.BinaryOp;
import dev.nabla.kernel.UnaryOp;

/**
 * The elementwise primitives, forward and backward side by side. Binary ops broadcast; their backward
 * sums the gradient back over broadcast axes ({@link Compute#reduceTo}). Shapes: every gradient has
 * the shape of the input it belongs to.
 */
final class ElementwiseOps {
    private ElementwiseOps() {}

    /** z = a + b. da = dz, db = dz. */
    static final class Add extends Function {
        private int[] aShape;
        private int[] bShape;

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            aShape = in[0].shape;
            bShape = in[1].shape;
            return Compute.binary(BinaryOp.ADD, in[0], in[1]);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor dz) {
            return new Tensor[] {
                ctx.needsInputGrad(0) ? Compute.reduceTo(dz, aShape) : null,
                ctx.needsInputGrad(1) ? Compute.reduceTo(dz, bShape) : null,
            };
        }
    }

    /** z = a − b. da = dz, db = −dz. */
    static final class Sub extends Function {
        private int[] aShape;
        private int[] bShape;

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            aShape = in[0].shape;
            bShape = in[1].shape;
            return Compute.binary(BinaryOp.SUB, in[0], in[1]);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor dz) {
            return new Tensor[] {
                ctx.needsInputGrad(0) ? Compute.reduceTo(dz, aShape) : null,
                ctx.needsInputGrad(1) ? Compute.reduceTo(dz.neg(), bShape) : null,
            };
        }
    }

    /** z = a·b. da = dz·b, db = dz·a. */
    static final class Mul extends Function {
        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            ctx.saveForBackward(in[0], in[1]);
            return Compute.binary(BinaryOp.MUL, in[0], in[1]);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor dz) {
            Tensor a = ctx.saved(0);
            Tensor b = ctx.saved(1);
            return new Tensor[] {
                ctx.needsInputGrad(0) ? Compute.reduceTo(dz.mul(b), a.shape) : null,
                ctx.needsInputGrad(1) ? Compute.reduceTo(dz.mul(a), b.shape) : null,
            };
        }
    }

    /** z = a / b. da = dz / b, db = −dz·a / b². */
    static final class Div extends Function {
        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            ctx.saveForBackward(in[0], in[1]);
            return Compute.binary(BinaryOp.DIV, in[0], in[1]);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor dz) {
            Tensor a = ctx.saved(0);
            Tensor b = ctx.saved(1);
            return new Tensor[] {
                ctx.needsInputGrad(0) ? Compute.reduceTo(dz.div(b), a.shape) : null,
                ctx.needsInputGrad(1) ? Compute.reduceTo(dz.mul(a).div(b.mul(b)).neg(), b.shape) : null,
            };
        }
    }

    /**
     * z = a^b. da = dz·b·a^(b−1), db = dz·z·ln a. As in PyTorch, da = 0 where b = 0 (a^0 is constant,
     * even at a = 0 where b·a^(b−1) would be 0·∞) and db = 0 where a = 0 and b ≥ 0 (0^b is constant
     * there, while z·ln a would be 0·(−∞)).
     */
    static final class Pow extends Function {
        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            Tensor z = Compute.binary(BinaryOp.POW, in[0], in[1]);
            ctx.saveForBackward(in[0], in[1], z);
            return z;
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor dz) {
            Tensor a = ctx.saved(0);
            Tensor b = ctx.saved(1);
            Tensor z = ctx.saved(2);
            Tensor zero = Tensor.zeros(a.dtype);
            Tensor da = null;
            Tensor db = null;
            if (ctx.needsInputGrad(0)) {
                Tensor bIsZero = Compute.binary(BinaryOp.EQ, b, zero);
                da = Compute.maskedFill(dz.mul(b.mul(a.pow(b.sub(1)))), bIsZero, 0);
            }
            if (ctx.needsInputGrad(1)) {
                Tensor constant = Compute.binary(BinaryOp.MUL, Compute.binary(BinaryOp.EQ, a, zero),
                        Compute.binary(BinaryOp.GE, b, zero));
                db = dz.mul(Compute.maskedFill(z.mul(a.log()), constant, 0));
            }
            return new Tensor[] {
                da == null ? null : Compute.reduceTo(da, a.shape),
                db == null ? null : Compute.reduceTo(db, b.shape),
            };
        }
    }

    /** y = x^p for a constant p. dx = dy·p·x^(p−1); dx = 0 for p = 0 (even at x = 0), as in PyTorch. */
    static final class PowScalar extends Function {
        private final double p;

        PowScalar(double p) {
            this.p = p;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            ctx.saveForBackward(in[0]);
            if (p == 2) {
                return Compute.binary(BinaryOp.MUL, in[0], in[0]);
            }
            return Compute.binary(BinaryOp.POW, in[0], Tensor.full(in[0].dtype, p));
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor dy) {
            Tensor x = ctx.saved(0);
            if (p == 0) {
                return new Tensor[] {Tensor.zerosLike(x)};
            }
            Tensor local = p == 2 ? x.mul(2) : x.pow(p - 1).mul(p);
            return new Tensor[] {dy.mul(local)};
        }
    }

    /** y = −x. dx = −dy. */
    static final class Neg extends Function {
        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            return Compute.unary(UnaryOp.NEG, in[0]);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor dy) {
            return new Tensor[] {dy.neg()};
        }
    }

    /** y = eˣ. dx = dy·y. */
    static final class Exp extends Function {
        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            Tensor y = Compute.unary(UnaryOp.EXP, in[0]);
            ctx.saveForBackward(y);
            return y;
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor dy) {
            return new Tensor[] {dy.mul(ctx.saved(0))};
        }
    }

    /** y = ln x. dx = dy / x. */
    static final class Log extends Function {
        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            ctx.saveForBackward(in[0]);
            return Compute.unary(UnaryOp.LOG, in[0]);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor dy) {
            return new Tensor[] {dy.div(ctx.saved(0))};
        }
    }

    /** y = √x. dx = dy / (2y). */
    static final class Sqrt extends Function {
        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            Tensor y = Compute.unary(UnaryOp.SQRT, in[0]);
            ctx.saveForBackward(y);
            return y;
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor dy) {
            return new Tensor[] {dy.div(ctx.saved(0).mul(2))};
        }
    }

    /** y = |x|. dx = dy·sign(x) (0 at x = 0, as PyTorch). */
    static final class Abs extends Function {
        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            ctx.saveForBackward(in[0]);
            return Compute.unary(UnaryOp.ABS, in[0]);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor dy) {
            return new Tensor[] {dy.mul(Compute.unary(UnaryOp.SIGN, ctx.saved(0)))};
        }
    }

    /** y = min(max(x, lo), hi). dx = dy where lo ≤ x ≤ hi, else 0. */
    static final class Clamp extends Function {
        private final double lo;
        private final double hi;

        Clamp(double lo, double hi) {
            this.lo = lo;
            this.hi = hi;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            ctx.saveForBackward(in[0]);
            Tensor x = in[0];
            return x.maximum(Tensor.full(x.dtype, lo)).minimum(Tensor.full(x.dtype, hi));
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor dy) {
            Tensor x = ctx.saved(0);
            return new Tensor[] {dy.mul(x.ge(lo).mul(x.le(hi)))};
        }
    }

    /** z = max(a, b). da = dz where a > b, dz/2 where a = b; db likewise. */
    static final class Maximum extends Function {
        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            ctx.saveForBackward(in[0], in[1]);
            return Compute.binary(BinaryOp.MAXIMUM, in[0], in[1]);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor dz) {
            return splitByWinner(ctx, dz, BinaryOp.GT);
        }
    }

    /** z = min(a, b). da = dz where a < b, dz/2 where a = b; db likewise. */
    static final class Minimum extends Function {
        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            ctx.saveForBackward(in[0], in[1]);
            return Compute.binary(BinaryOp.MINIMUM, in[0], in[1]);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor dz) {
            return splitByWinner(ctx, dz, BinaryOp.LT);
        }
    }

    /** Routes dz to the operand that won {@code wins}, halving it on ties. */
    private static Tensor[] splitByWinner(Context ctx, Tensor dz, BinaryOp wins) {
        Tensor a = ctx.saved(0);
        Tensor b = ctx.saved(1);
        Tensor tie = Compute.binary(BinaryOp.EQ, a, b).mul(0.5);
        Tensor aWins = Compute.binary(wins, a, b).add(tie);
        Tensor bWins = Compute.binary(wins, b, a).add(tie);
        return new Tensor[] {
            ctx.needsInputGrad(0) ? Compute.reduceTo(dz.mul(aWins), a.shape) : null,
            ctx.needsInputGrad(1) ? Compute.reduceTo(dz.mul(bWins), b.shape) : null,
        };
    }

    /** y = x converted to another dtype. dx = dy converted back. */
    static final class Cast extends Function {
        private final DType target;
        private DType source;

        Cast(DType target) {
            this.target = target;
        }

        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            source = in[0].dtype;
            return convert(in[0], target);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor dy) {
            return new Tensor[] {convert(dy, source)};
        }

        static Tensor convert(Tensor x, DType dtype) {
            Tensor out = Tensor.empty(dtype, x.shape);
            for (int i = 0; i < x.numel; i++) {
                out.setFlat(i, x.getFlat(i));
            }
            return out;
        }
    }
}
