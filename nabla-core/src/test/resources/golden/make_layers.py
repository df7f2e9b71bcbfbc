"""Golden values for dev.nabla.nn (layers, activations, losses, one MLP SGD step), made with PyTorch.

Run with Debian's PyTorch:  /usr/bin/python3 make_layers.py   (writes layers.json next to this file)

Every case stores the inputs, the upstream gradient "g" where there is one, the outputs and the gradients
PyTorch computes. Everything is float32 except where a case says otherwise; the Java tests compare with
tolerances of a few float32 ulps.
"""
import math

import torch

import golden_util

torch.manual_seed(1234)
torch.set_num_threads(2)
cases = {}


def randn(*shape, scale=1.0):
    return (torch.randn(*shape) * scale).float()


def grads_of(fn, inputs, g):
    """Runs fn on leaf copies of inputs, backpropagates g; returns (output, [grad per input])."""
    leaves = [t.clone().requires_grad_(True) for t in inputs]
    out = fn(*leaves)
    out.backward(g)
    return out.detach(), [t.grad for t in leaves]


# ---------------------------------------------------------------- Linear
for name, xshape in [("linear_2d", (5, 7)), ("linear_3d", (2, 3, 7)), ("linear_n1", (1, 7))]:
    x = randn(*xshape)
    lin = torch.nn.Linear(7, 4)
    with torch.no_grad():
        lin.weight.copy_(randn(4, 7, scale=0.5))
        lin.bias.copy_(randn(4, scale=0.5))
    xl = x.clone().requires_grad_(True)
    y = lin(xl)
    g = randn(*y.shape)
    y.backward(g)
    cases[name] = {"x": x, "weight": lin.weight, "bias": lin.bias, "g": g, "y": y,
                   "dx": xl.grad, "dweight": lin.weight.grad, "dbias": lin.bias.grad}

# ---------------------------------------------------------------- activations
activations = {
    "relu": torch.nn.ReLU(),
    "leaky_relu": torch.nn.LeakyReLU(),
    "leaky_relu_0.2": torch.nn.LeakyReLU(0.2),
    "elu": torch.nn.ELU(),
    "elu_0.5": torch.nn.ELU(0.5),
    "sigmoid": torch.nn.Sigmoid(),
    "tanh": torch.nn.Tanh(),
    "softmax_dim1": torch.nn.Softmax(dim=1),
    "softmax_dim0": torch.nn.Softmax(dim=0),
    "log_softmax_dim1": torch.nn.LogSoftmax(dim=1),
    "log_softmax_dim0": torch.nn.LogSoftmax(dim=0),
}
x_act = randn(4, 6, scale=3.0)
x_extreme = torch.tensor([[1000.0, -1000.0, 0.0], [-1000.0, -1000.0, -1000.0], [1000.0, 1000.0, 999.0]])
for name, module in activations.items():
    g = randn(4, 6)
    y, (dx,) = grads_of(module, [x_act], g)
    cases["act_" + name] = {"x": x_act, "g": g, "y": y, "dx": dx}
    g = randn(3, 3)
    y, (dx,) = grads_of(module, [x_extreme], g)
    cases["act_" + name + "_extreme"] = {"x": x_extreme, "g": g, "y": y, "dx": dx}
# A softmax over the middle axis of a 3-D tensor (inner > 1).
x3 = randn(2, 3, 4)
g3 = randn(2, 3, 4)
for name, module in [("softmax_3d_dim1", torch.nn.Softmax(dim=1)), ("log_softmax_3d_dim1", torch.nn.LogSoftmax(dim=1))]:
    y, (dx,) = grads_of(module, [x3], g3)
    cases["act_" + name] = {"x": x3, "g": g3, "y": y, "dx": dx}


# ---------------------------------------------------------------- BatchNorm: several training steps, then eval
def batchnorm_case(bn, shapes, eval_shape):
    with torch.no_grad():
        if bn.affine:
            bn.weight.copy_(1 + randn(bn.num_features, scale=0.3))
            bn.bias.copy_(randn(bn.num_features, scale=0.3))
    case = {"momentum": -1.0 if bn.momentum is None else bn.momentum, "affine": 1 if bn.affine else 0}
    if bn.affine:
        case["weight"] = bn.weight.detach().clone()
        case["bias"] = bn.bias.detach().clone()
    bn.train()
    for step, shape in enumerate(shapes):
        x = randn(*shape, scale=2.0) + 0.5
        g = randn(*shape)
        xl = x.clone().requires_grad_(True)
        if bn.affine:
            bn.weight.grad = None
            bn.bias.grad = None
        y = bn(xl)
        y.backward(g)
        case["x%d" % step] = x
        case["g%d" % step] = g
        case["y%d" % step] = y
        case["dx%d" % step] = xl.grad
        if bn.affine:
            case["dweight%d" % step] = bn.weight.grad.clone()
            case["dbias%d" % step] = bn.bias.grad.clone()
        case["running_mean%d" % step] = bn.running_mean.clone()
        case["running_var%d" % step] = bn.running_var.clone()
    case["steps"] = len(shapes)
    case["num_batches_tracked"] = int(bn.num_batches_tracked)
    bn.eval()
    x = randn(*eval_shape, scale=2.0)
    g = randn(*eval_shape)
    xl = x.clone().requires_grad_(True)
    if bn.affine:
        bn.weight.grad = None
        bn.bias.grad = None
    y = bn(xl)
    y.backward(g)
    case.update({"x_eval": x, "g_eval": g, "y_eval": y, "dx_eval": xl.grad})
    if bn.affine:
        case["dweight_eval"] = bn.weight.grad.clone()
        case["dbias_eval"] = bn.bias.grad.clone()
    return case


cases["bn1d"] = batchnorm_case(torch.nn.BatchNorm1d(5), [(8, 5), (8, 5), (3, 5)], (4, 5))
cases["bn1d_3d"] = batchnorm_case(torch.nn.BatchNorm1d(3), [(4, 3, 5), (2, 3, 7)], (2, 3, 5))
cases["bn1d_cumulative"] = batchnorm_case(torch.nn.BatchNorm1d(4, momentum=None), [(6, 4), (5, 4), (7, 4)], (3, 4))
cases["bn1d_no_affine"] = batchnorm_case(torch.nn.BatchNorm1d(4, affine=False), [(6, 4), (2, 4)], (3, 4))
cases["bn2d"] = batchnorm_case(torch.nn.BatchNorm2d(4), [(3, 4, 5, 6), (2, 4, 3, 3)], (2, 4, 5, 6))

# ---------------------------------------------------------------- LayerNorm
for name, shape, normalized, affine in [("ln_1d", (4, 6), [6], True), ("ln_2d", (2, 3, 5), [3, 5], True),
                                        ("ln_no_affine", (3, 7), [7], False), ("ln_n1", (1, 9), [9], True)]:
    ln = torch.nn.LayerNorm(normalized, elementwise_affine=affine)
    if affine:
        with torch.no_grad():
            ln.weight.copy_(1 + randn(*normalized, scale=0.3))
            ln.bias.copy_(randn(*normalized, scale=0.3))
    x = randn(*shape, scale=2.0) + 1.0
    g = randn(*shape)
    xl = x.clone().requires_grad_(True)
    y = ln(xl)
    y.backward(g)
    case = {"x": x, "g": g, "y": y, "dx": xl.grad, "normalized_shape": normalized, "affine": 1 if affine else 0}
    if affine:
        case.update({"weight": ln.weight.detach(), "bias": ln.bias.detach(),
                     "dweight": ln.weight.grad, "dbias": ln.bias.grad})
    cases[name] = case

# ---------------------------------------------------------------- Dropout: the scaling of survivors, not the mask
for p in [0.2, 0.5]:
    drop = torch.nn.Dropout(p)
    drop.train()
    x = torch.ones(2000)
    y = drop(x)
    kept = y[y != 0]
    cases["dropout_%g" % p] = {"p": p, "kept_value": float(kept[0])}

# ---------------------------------------------------------------- losses
logits = randn(5, 4, scale=2.0)
targets = [0, 3, 1, 1, 2]
logits_extreme = torch.tensor([[1000.0, -1000.0, 0.0], [-1000.0, 1000.0, 0.0], [1000.0, 1000.0, 1000.0]])
targets_extreme = [1, 1, 2]
for reduction in ["mean", "sum"]:
    ce = torch.nn.CrossEntropyLoss(reduction=reduction)
    for name, z, t in [("ce", logits, targets), ("ce_extreme", logits_extreme, targets_extreme)]:
        zl = z.clone().requires_grad_(True)
        loss = ce(zl, torch.tensor(t))
        loss.backward()
        cases["%s_%s" % (name, reduction)] = {"logits": z, "targets": t, "loss": loss.detach(), "dlogits": zl.grad}
    nll = torch.nn.NLLLoss(reduction=reduction)
    logp = torch.log_softmax(logits, dim=1)
    ll = logp.clone().requires_grad_(True)
    loss = nll(ll, torch.tensor(targets))
    loss.backward()
    cases["nll_" + reduction] = {"input": logp, "targets": targets, "loss": loss.detach(), "dinput": ll.grad}
    mse = torch.nn.MSELoss(reduction=reduction)
    xm = randn(3, 4)
    tm = randn(3, 4)
    loss, (dx, dt) = grads_of(lambda a, b: mse(a, b), [xm, tm], torch.tensor(1.0))
    cases["mse_" + reduction] = {"input": xm, "target": tm, "loss": loss, "dinput": dx, "dtarget": dt}

w1 = randn(4, 3)
w2 = randn(2, 4)
lam = 0.01
loss, (dw1, dw2) = grads_of(lambda a, b: lam * (a.pow(2).sum() + b.pow(2).sum()), [w1, w2], torch.tensor(1.0))
cases["l2_penalty"] = {"lambda": lam, "w1": w1, "w2": w2, "loss": loss, "dw1": dw1, "dw2": dw2}


# ---------------------------------------------------------------- one SGD step of the seeds' 3072-100-10 MLP
# The inputs are too large to store, so both sides generate them from the same integer hash (exact in
# float64, then rounded to float32). Large results are stored as sums and at fixed sample positions.
def hashed(n, salt, scale):
    out = []
    for i in range(n):
        h = (i * 2654435761 + salt * 40503 + 1) & 0xFFFFFFFF
        h ^= h >> 16
        h = (h * 0x45D9F3B) & 0xFFFFFFFF
        h ^= h >> 16
        out.append((h / 4294967296.0 * 2 - 1) * scale)
    return torch.tensor(out, dtype=torch.float64).float()


def hashed_labels(n, salt, classes):
    return [int(v) for v in ((hashed(n, salt, 1.0).double() + 1) / 2 * classes).floor().clamp(0, classes - 1)]


def samples(t, count=400):
    flat = t.reshape(-1)
    idx = [(i * 7919) % flat.numel() for i in range(count)]
    return idx, flat[idx]


N, D, H, C, LR = 200, 3072, 100, 10, 2e-3
x = hashed(N * D, 1, 1.0).reshape(N, D)
y = hashed_labels(N, 2, C)
model = torch.nn.Sequential(torch.nn.Linear(D, H), torch.nn.ReLU(), torch.nn.Linear(H, C))
with torch.no_grad():
    model[0].weight.copy_(hashed(H * D, 3, 1 / math.sqrt(D)).reshape(H, D))
    model[0].bias.copy_(hashed(H, 4, 1 / math.sqrt(D)))
    model[2].weight.copy_(hashed(C * H, 5, 1 / math.sqrt(H)).reshape(C, H))
    model[2].bias.copy_(hashed(C, 6, 1 / math.sqrt(H)))
loss = torch.nn.CrossEntropyLoss()(model(x), torch.tensor(y))
loss.backward()
case = {"n": N, "d": D, "h": H, "c": C, "lr": LR, "loss": loss.detach(), "targets": y}
for key, p in [("w1", model[0].weight), ("b1", model[0].bias), ("w2", model[2].weight), ("b2", model[2].bias)]:
    new = (p - LR * p.grad).detach()
    if p.numel() > 5000:
        idx, vals = samples(p.grad)
        case["d%s_index" % key] = idx
        case["d%s_samples" % key] = vals
        case["d%s_sum" % key] = float(p.grad.double().sum())
        case["d%s_sumsq" % key] = float(p.grad.double().pow(2).sum())
        case["new_%s_samples" % key] = samples(new)[1]
    else:
        case["d" + key] = p.grad
        case["new_" + key] = new
cases["sgd_step_3072_100_10"] = case

# ---------------------------------------------------------------- Flatten on a 4-D input
# Its own generator, so that these cases leave the random stream of the cases above unchanged.
flatten_rng = torch.Generator().manual_seed(4321)
x = torch.randn(2, 3, 4, 5, generator=flatten_rng)
for name, start, end in [("flatten_default", 1, -1), ("flatten_1_2", 1, 2), ("flatten_0_-1", 0, -1)]:
    module = torch.nn.Flatten() if name == "flatten_default" else torch.nn.Flatten(start, end)
    g = torch.randn(*module(x).shape, generator=flatten_rng)
    y, (dx,) = grads_of(module, [x], g)
    cases[name] = {"start_dim": start, "end_dim": end, "x": x, "g": g, "y": y, "dx": dx}

golden_util.write("layers", cases)
