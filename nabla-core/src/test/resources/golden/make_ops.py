"""Golden values for the tensor primitives (ops.json): forward output and the gradient of each input
for a fixed upstream gradient. Run: /usr/bin/python3 make_ops.py"""
import torch

from golden_util import write

torch.manual_seed(0)
cases = {}


def rnd(*shape, positive=False):
    t = torch.randn(tuple(shape), dtype=torch.float64)
    return t.abs() + 0.5 if positive else t


def case(name, op, inputs, fn, **args):
    """A differentiable op. Pass gradcheck=0 where central differences are undefined at the inputs (a
    kink shared by three or more elements, infinite inputs); the value and gradient are still checked."""
    xs = [x.clone().requires_grad_(True) for x in inputs]
    out = fn(*xs)
    g = torch.randn(out.shape, dtype=torch.float64)
    out.backward(g)
    fields = {"op": op, "inputs": inputs, "out": out, "grad_out": g,
              "grads": [x.grad if x.grad is not None else torch.zeros_like(x) for x in xs]}
    fields.update(args)
    cases[name] = fields


def value_case(name, op, inputs, fn, **args):
    """A non-differentiable op (argmax): only the output is stored."""
    fields = {"op": op, "inputs": inputs, "out": fn(*inputs), "gradcheck": 0}
    fields.update(args)
    cases[name] = fields


def f64(rows):
    return torch.tensor(rows, dtype=torch.float64)


INF = float("inf")
NAN = float("nan")


# Elementwise binary ops with broadcasting edge cases.
case("add_same", "add", [rnd(2, 3), rnd(2, 3)], torch.add)
case("add_row", "add", [rnd(4, 3), rnd(3)], torch.add)
case("add_col", "add", [rnd(4, 1), rnd(1, 5)], torch.add)
case("add_scalar_tensor", "add", [rnd(2, 3), rnd()], torch.add)
case("add_rank_mismatch", "add", [rnd(2, 1, 4), rnd(3, 1)], torch.add)
case("sub_bcast", "sub", [rnd(3, 1, 2), rnd(4, 2)], torch.sub)
case("mul_bcast", "mul", [rnd(2, 3, 4), rnd(3, 1)], torch.mul)
case("mul_self_shape1", "mul", [rnd(1), rnd(5)], torch.mul)
case("div_bcast", "div", [rnd(3, 4), rnd(4, positive=True)], torch.div)
case("pow_tensor", "pow", [rnd(3, 4, positive=True), rnd(4)], torch.pow)
case("maximum_ties", "maximum", [torch.tensor([[1., 2., 3.], [4., 5., 6.]], dtype=torch.float64),
                                 torch.tensor([2., 2., 1.], dtype=torch.float64)], torch.maximum)
case("minimum_ties", "minimum", [torch.tensor([[1., 2., 3.], [4., 5., 6.]], dtype=torch.float64),
                                 torch.tensor([2., 2., 1.], dtype=torch.float64)], torch.minimum)

# Unary ops.
case("neg", "neg", [rnd(3, 4)], torch.neg)
case("exp", "exp", [rnd(3, 4)], torch.exp)
case("log", "log", [rnd(3, 4, positive=True)], torch.log)
case("sqrt", "sqrt", [rnd(3, 4, positive=True)], torch.sqrt)
case("abs", "abs", [rnd(3, 4)], torch.abs)
case("pow_scalar_3", "pow_scalar", [rnd(3, 4)], lambda x: x.pow(3), exponent=3.0)
case("pow_scalar_half", "pow_scalar", [rnd(3, 4, positive=True)], lambda x: x.pow(0.5), exponent=0.5)
case("pow_scalar_2", "pow_scalar", [rnd(5)], lambda x: x.pow(2), exponent=2.0)
case("clamp", "clamp", [rnd(4, 5)], lambda x: x.clamp(-0.5, 0.7), min=-0.5, max=0.7)

# Reductions.
x = rnd(2, 3, 4)
case("sum_all", "sum", [x], lambda t: t.sum(), axes=[], keep=0)
case("sum_axis1", "sum", [x], lambda t: t.sum(1), axes=[1], keep=0)
case("sum_axes02_keep", "sum", [x], lambda t: t.sum((0, 2), keepdim=True), axes=[0, 2], keep=1)
case("sum_neg_axis", "sum", [x], lambda t: t.sum(-1), axes=[-1], keep=0)
case("mean_axes12", "mean", [x], lambda t: t.mean((1, 2)), axes=[1, 2], keep=0)
case("mean_all", "mean", [x], lambda t: t.mean(), axes=[], keep=0)
case("var_unbiased", "var", [x], lambda t: t.var((0, 2), unbiased=True), axes=[0, 2], keep=0, unbiased=1)
case("var_biased_keep", "var", [x], lambda t: t.var(2, unbiased=False, keepdim=True), axes=[2], keep=1,
     unbiased=0)
case("max_axis1", "max", [x], lambda t: t.max(1).values, axis=1, keep=0)
case("max_axis0_keep", "max", [x], lambda t: t.max(0, keepdim=True).values, axis=0, keep=1)
case("logsumexp_axis1", "logsumexp", [x], lambda t: t.logsumexp(1), axes=[1], keep=0)
case("logsumexp_large", "logsumexp", [rnd(3, 4) * 400], lambda t: t.logsumexp(1, keepdim=True), axes=[1],
     keep=1)

# Matrix products.
case("matmul_2d", "matmul", [rnd(3, 4), rnd(4, 5)], torch.matmul)
case("matmul_batched", "matmul", [rnd(2, 3, 4), rnd(2, 4, 5)], torch.matmul)
case("matmul_bcast_batch", "matmul", [rnd(2, 1, 3, 4), rnd(3, 4, 2)], torch.matmul)
case("matmul_batch_2d", "matmul", [rnd(2, 3, 4), rnd(4, 5)], torch.matmul)
case("matmul_vec_mat", "matmul", [rnd(4), rnd(4, 3)], torch.matmul)
case("matmul_mat_vec", "matmul", [rnd(3, 4), rnd(4)], torch.matmul)

# Movement ops.
case("permute", "permute", [rnd(2, 3, 4)], lambda t: t.permute(2, 0, 1), perm=[2, 0, 1])
case("transpose", "transpose", [rnd(2, 3, 4)], lambda t: t.transpose(0, 2).contiguous(), a=0, b=2)
case("reshape", "reshape", [rnd(2, 3, 4)], lambda t: t.reshape(4, -1), shape=[4, -1])
case("narrow_axis1", "narrow", [rnd(3, 5, 2)], lambda t: t.narrow(1, 1, 3), axis=1, start=1, length=3)
case("narrow_axis0", "narrow", [rnd(5, 2)], lambda t: t.narrow(0, 2, 2), axis=0, start=2, length=2)
case("index_select_repeat", "index_select", [rnd(4, 3)], lambda t: t.index_select(0, torch.tensor([3, 0, 3, 1])),
     index=[3, 0, 3, 1])
case("concat_axis1", "concat", [rnd(2, 3), rnd(2, 1), rnd(2, 2)], lambda *ts: torch.cat(ts, 1), axis=1)
case("stack_axis0", "stack", [rnd(2, 3), rnd(2, 3)], lambda *ts: torch.stack(ts, 0), axis=0)
case("stack_axis_last", "stack", [rnd(2, 3), rnd(2, 3), rnd(2, 3)], lambda *ts: torch.stack(ts, -1), axis=-1)
case("expand", "expand", [rnd(3, 1)], lambda t: t.expand(2, 3, 4).contiguous(), shape=[2, 3, 4])

# Added after the cases above, so that their random values stay as they were.
# Pow at base 0 and exponent 0, where PyTorch masks the gradients. x^0 is constant: the gradient is 0
# everywhere, also at x = 0 where 0·x^(-1) would be NaN.
case("pow_scalar_0_at_zero", "pow_scalar", [f64([0., 1.5, -2., 0.3, 0.])], lambda x: x.pow(0), exponent=0.0)
# At base 0 with exponent >= 0, PyTorch masks the exponent's gradient (z·ln a = 0·(-inf)) to 0.
case("pow_tensor_zero_base", "pow", [f64([[0., 0., 0.], [1.5, 0.7, 2.]]), f64([1., 2., 3.])], torch.pow)
# Exponent 0 masks the base's gradient too (0·0^(-1)); central differences in b are -inf at 0^0.
case("pow_tensor_zero_zero", "pow", [f64([[0., 0.], [1.5, 0.]]), f64([0., 2.])], torch.pow, gradcheck=0)

# Max over any set of axes, as torch.amax: ties share the gradient evenly.
case("max_axes02_keep", "max", [x], lambda t: t.amax((0, 2), keepdim=True), axes=[0, 2], keep=1)
case("max_axes12", "max", [x], lambda t: t.amax((1, 2)), axes=[1, 2], keep=0)
case("max_all", "max", [x], lambda t: t.amax((0, 1, 2)), axes=[], keep=0)
case("max_all_keep", "max", [x], lambda t: t.amax((0, 1, 2), keepdim=True), axes=[], keep=1)
case("max_ties_axis1", "max", [f64([[1., 3., 3., 0.], [2., -1., 2., .5], [5., 4., 3., 2.]])],
     lambda t: t.amax(1), axes=[1], keep=0)
case("max_ties_axes01", "max", [f64([[[2., 1.], [0., 4.]], [[2., 4.], [1., 3.]]])],
     lambda t: t.amax((0, 1)), axes=[0, 1], keep=0)
# Three-way ties: the share is 1/3, while central differences see 1/2 (the max moves only upwards).
case("max_all_three_ties", "max", [f64([[1., 4., 4.], [4., 0., 2.]])], lambda t: t.max(), axes=[], keep=0,
     gradcheck=0)
value_case("argmax_axis1_ties_nan", "argmax", [f64([[1., 5., 5.], [7., 0., 7.], [NAN, 2., NAN], [1., NAN, 3.]])],
           lambda t: t.argmax(1), axis=1, keep=0)
value_case("argmax_axis0_keep", "argmax", [f64([[1., 5., 5.], [7., 0., 7.], [NAN, 2., NAN], [1., NAN, 3.]])],
           lambda t: t.argmax(0, keepdim=True), axis=0, keep=1)
value_case("argmax_axis_neg_3d", "argmax", [x], lambda t: t.argmax(-1), axis=-1, keep=0)
value_case("argmax_all", "argmax", [x], lambda t: t.argmax())
value_case("argmax_all_ties", "argmax", [f64([[1., 4., 4.], [4., 0., 2.]])], lambda t: t.argmax())
# Logsumexp over several axes, and at infinities.
case("logsumexp_axes02", "logsumexp", [x], lambda t: t.logsumexp((0, 2)), axes=[0, 2], keep=0)
case("logsumexp_axes12_keep", "logsumexp", [x], lambda t: t.logsumexp((1, 2), keepdim=True), axes=[1, 2], keep=1)
case("logsumexp_all", "logsumexp", [x], lambda t: t.logsumexp((0, 1, 2)), axes=[], keep=0)
# A slice of all -inf gives -inf and one holding +inf gives +inf (PyTorch zeroes an infinite shift), not NaN.
case("logsumexp_infinite", "logsumexp", [f64([[-INF, -INF, -INF], [INF, 1., 2.], [1., 2., 3.]])],
     lambda t: t.logsumexp(1), axes=[1], keep=0, gradcheck=0)

write("ops", cases)
