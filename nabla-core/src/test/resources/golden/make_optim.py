"""Golden values for dev.nabla.optim: optimizer trajectories, LR schedules and gradient clipping.

Run with Debian's PyTorch 1.13: /usr/bin/python3 make_optim.py  (writes optim.json here).

Optimizer cases: three parameters (p0 [3, 4], p1 [4], p2 [2]) updated for STEPS steps with fixed
gradients; p2 has no gradient in the first two steps, so its state starts late. Fields: "optimizer"
(class name), "h.<hyperparameter>" (PyTorch's names; flags as 0/1), "init.p<k>", "grad<s>.p<k>"
(absent when the gradient is None), "after<s>.p<k>" (the parameter after step s) and
"after<s>.state<k>.<name>" (the parameter's state after step s, when it has any; "step" as a number).

Schedule cases: "lr" holds the learning rate after construction and after each of EPOCHS steps, per
group ("lr.g<g>"); ReduceLROnPlateau cases also hold the "metrics" fed to step(metric).

Clipping cases: "grad.p<k>" before, "clipped.p<k>" after clip_grad_norm_, and "total_norm".
"""
import torch

from golden_util import write

torch.set_num_threads(2)
STEPS = 6
EPOCHS = 30
SHAPES = [(3, 4), (4,), (2,)]

gen = torch.Generator().manual_seed(1234)


def randn(*shape, scale=1.0):
    return (torch.randn(*shape, generator=gen) * scale).to(torch.float32)


INIT = [randn(*s) for s in SHAPES]
# Gradient scales vary by step so that the adaptive denominators see different magnitudes.
GRADS = [[randn(*s, scale=[1.0, 0.1, 2.0, 0.5, 1.0, 0.01][step]) if not (k == 2 and step < 2) else None
          for k, s in enumerate(SHAPES)] for step in range(STEPS)]


def make(name, hyper):
    params = [t.clone().requires_grad_(True) for t in INIT]
    kwargs = dict(hyper)
    if "beta1" in kwargs:
        kwargs["betas"] = (kwargs.pop("beta1"), kwargs.pop("beta2"))
    return params, getattr(torch.optim, name)(params, **kwargs)


def optimizer_case(name, **hyper):
    params, opt = make(name, hyper)
    case = {"optimizer": name}
    for k, v in hyper.items():
        case["h." + k] = int(v) if isinstance(v, bool) else v
    for k, t in enumerate(INIT):
        case["init.p%d" % k] = t
    for step in range(STEPS):
        for k, p in enumerate(params):
            g = GRADS[step][k]
            p.grad = None if g is None else g.clone()
            if g is not None:
                case["grad%d.p%d" % (step, k)] = g
        opt.step()
        for k, p in enumerate(params):
            case["after%d.p%d" % (step, k)] = p.detach().clone()
            for sname, sval in opt.state[p].items():
                if sname == "step":  # a tensor in Adam and Adagrad, an int elsewhere
                    case["after%d.state%d.step" % (step, k)] = float(sval)
                elif torch.is_tensor(sval):
                    case["after%d.state%d.%s" % (step, k, sname)] = sval.detach().clone().to(torch.float64)
                elif sval is not None:
                    case["after%d.state%d.%s" % (step, k, sname)] = float(sval)
    return case


cases = {}
optimizers = {
    "sgd_plain": ("SGD", dict(lr=0.1)),
    "sgd_momentum": ("SGD", dict(lr=0.1, momentum=0.9)),
    "sgd_dampening": ("SGD", dict(lr=0.05, momentum=0.8, dampening=0.5)),
    "sgd_nesterov": ("SGD", dict(lr=0.1, momentum=0.9, nesterov=True)),
    "sgd_momentum_weight_decay": ("SGD", dict(lr=0.1, momentum=0.9, weight_decay=0.1)),
    "sgd_nesterov_weight_decay": ("SGD", dict(lr=0.03, momentum=0.5, weight_decay=0.01, nesterov=True)),
    "adam_default": ("Adam", dict(lr=0.01)),
    "adam_amsgrad": ("Adam", dict(lr=0.01, amsgrad=True)),
    "adam_weight_decay": ("Adam", dict(lr=0.01, weight_decay=0.1)),
    "adam_betas_eps_amsgrad_weight_decay": ("Adam", dict(lr=0.05, beta1=0.8, beta2=0.99, eps=1e-3,
                                                         weight_decay=0.05, amsgrad=True)),
    "adamw_default": ("AdamW", dict(lr=0.01)),
    "adamw_amsgrad": ("AdamW", dict(lr=0.02, weight_decay=0.1, amsgrad=True)),
    "adadelta_default": ("Adadelta", dict()),
    "adadelta_all": ("Adadelta", dict(lr=0.5, rho=0.5, eps=1e-4, weight_decay=0.1)),
    "rmsprop_default": ("RMSprop", dict()),
    "rmsprop_centered": ("RMSprop", dict(lr=0.01, centered=True)),
    "rmsprop_momentum": ("RMSprop", dict(lr=0.01, momentum=0.9)),
    "rmsprop_centered_momentum_weight_decay": ("RMSprop", dict(lr=0.005, alpha=0.9, eps=1e-6, weight_decay=0.1,
                                                               momentum=0.5, centered=True)),
    "adagrad_default": ("Adagrad", dict(lr=0.1)),
    "adagrad_all": ("Adagrad", dict(lr=0.1, lr_decay=0.1, weight_decay=0.1, initial_accumulator_value=0.5,
                                    eps=1e-6)),
}
for case_name, (name, hyper) in optimizers.items():
    cases["opt_" + case_name] = optimizer_case(name, **hyper)


def schedule_case(make_scheduler, lrs, metrics=None):
    params = [torch.zeros(1, requires_grad=True) for _ in lrs]
    opt = torch.optim.SGD([{"params": [p], "lr": lr} for p, lr in zip(params, lrs)], lr=lrs[0])
    sched = make_scheduler(opt)
    case = {}
    history = [[g["lr"]] for g in opt.param_groups]
    for epoch in range(EPOCHS):
        opt.step()
        if metrics is None:
            sched.step()
        else:
            sched.step(metrics[epoch])
        for g, group in enumerate(opt.param_groups):
            history[g].append(group["lr"])
    for g, h in enumerate(history):
        case["lr.g%d" % g] = torch.tensor(h, dtype=torch.float64)
    if metrics is not None:
        case["metrics"] = torch.tensor(metrics, dtype=torch.float64)
    return case


S = torch.optim.lr_scheduler
cases["sched_step"] = schedule_case(lambda o: S.StepLR(o, step_size=7, gamma=0.5), [0.1, 0.01])
cases["sched_exponential"] = schedule_case(lambda o: S.ExponentialLR(o, gamma=0.9), [0.1])
cases["sched_cosine"] = schedule_case(lambda o: S.CosineAnnealingLR(o, T_max=10, eta_min=0.001), [0.1, 0.05])
cases["sched_cosine_long"] = schedule_case(lambda o: S.CosineAnnealingLR(o, T_max=30), [0.1])
loss = [1.0, 0.9, 0.85, 0.86, 0.849, 0.851, 0.85, 0.7, 0.7, 0.71, 0.72, 0.69, 0.70, 0.70, 0.70,
        0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.49, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]
accuracy = [0.1, 0.2, 0.3, 0.3, 0.3, 0.31, 0.3, 0.3, 0.4, 0.4, 0.4, 0.4, 0.4, 0.45, 0.45,
            0.45, 0.45, 0.45, 0.45, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6]
cases["sched_plateau_min"] = schedule_case(
    lambda o: S.ReduceLROnPlateau(o, mode="min", factor=0.5, patience=2, threshold=1e-2, cooldown=1, min_lr=0.01),
    [0.1, 0.05], loss)
cases["sched_plateau_defaults"] = schedule_case(lambda o: S.ReduceLROnPlateau(o), [0.1], loss)
cases["sched_plateau_max_abs"] = schedule_case(
    lambda o: S.ReduceLROnPlateau(o, mode="max", factor=0.3, patience=1, threshold=0.05, threshold_mode="abs",
                                  cooldown=2, min_lr=0.002),
    [0.1], accuracy)


def clip_case(max_norm, norm_type, scale):
    grads = [randn(*s, scale=scale) for s in SHAPES]
    params = [torch.zeros(*s, requires_grad=True) for s in SHAPES]
    case = {"max_norm": max_norm, "norm_type": "inf" if norm_type == float("inf") else str(norm_type)}
    for k, (p, g) in enumerate(zip(params, grads)):
        if k != 1:  # p1 has no gradient and must be left alone
            p.grad = g.clone()
            case["grad.p%d" % k] = g
    total = torch.nn.utils.clip_grad_norm_(params, max_norm, norm_type)
    case["total_norm"] = float(total)
    for k, p in enumerate(params):
        if p.grad is not None:
            case["clipped.p%d" % k] = p.grad
    return case


cases["clip_l2_active"] = clip_case(1.0, 2.0, 1.0)
cases["clip_l2_inactive"] = clip_case(100.0, 2.0, 1.0)
cases["clip_inf_active"] = clip_case(0.5, float("inf"), 1.0)
cases["clip_inf_inactive"] = clip_case(10.0, float("inf"), 1.0)
cases["clip_l2_small"] = clip_case(1e-3, 2.0, 1e-3)

write("optim", cases)
