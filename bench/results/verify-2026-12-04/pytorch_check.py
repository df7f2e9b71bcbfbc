# PyTorch cross-checks of two nabla runs on Fashion-MNIST (inputs scaled to [0, 1], then standardised with
# the training set's mean and std, as nabla does), each over the given seeds:
#   numpy-default  the mlp-numpy-default recipe: 784-100-10 ReLU, weights N(0, 1e-4), biases 0,
#                  SGD lr 2e-3, batch 200, 1500 steps, a test evaluation every 100 steps
#   adam           784-100-10 ReLU, PyTorch's default init, Adam lr 1e-3, batch 128, 10 epochs
# Run with Debian's PyTorch: OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 pytorch_check.py adam 0 1 2
import gzip, sys
import numpy as np, torch

torch.set_num_threads(1)
d = '/usr/share/datasets/fashion-mnist/'
def imgs(f): return np.frombuffer(gzip.open(d + f).read(), np.uint8, offset=16).reshape(-1, 784).astype(np.float32) / 255
def labs(f): return np.frombuffer(gzip.open(d + f).read(), np.uint8, offset=8).astype(np.int64)
xtr, ytr = imgs('train-images-idx3-ubyte.gz'), labs('train-labels-idx1-ubyte.gz')
xte, yte = imgs('t10k-images-idx3-ubyte.gz'), labs('t10k-labels-idx1-ubyte.gz')
m, s = xtr.mean(), xtr.std()
xtr, xte = torch.tensor((xtr - m) / s), torch.tensor((xte - m) / s)
ytr, yte = torch.tensor(ytr), torch.tensor(yte)

def mlp():
    return torch.nn.Sequential(torch.nn.Linear(784, 100), torch.nn.ReLU(), torch.nn.Linear(100, 10))

def test_acc(net):
    with torch.no_grad():
        return (net(xte).argmax(1) == yte).float().mean().item()

def step(net, opt, idx):
    loss = torch.nn.functional.cross_entropy(net(xtr[idx]), ytr[idx])
    opt.zero_grad(); loss.backward(); opt.step()

def numpy_default(seed):
    g = torch.Generator().manual_seed(seed)
    net = mlp()
    for p in net.parameters():
        p.data = torch.randn(p.shape, generator=g) * 1e-4 if p.dim() == 2 else torch.zeros(p.shape)
    opt = torch.optim.SGD(net.parameters(), lr=2e-3)
    perm, pos, accs = torch.randperm(60000, generator=g), 0, []
    for n in range(1, 1501):
        if pos + 200 > 60000:
            perm, pos = torch.randperm(60000, generator=g), 0
        step(net, opt, perm[pos:pos + 200]); pos += 200
        if n % 100 == 0:
            accs.append(test_acc(net))
    return accs

def adam(seed):
    torch.manual_seed(seed)
    net = mlp()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    accs = []
    for epoch in range(10):
        for idx in torch.randperm(60000).split(128):
            step(net, opt, idx)
        accs.append(test_acc(net))
    return accs

run = {'numpy-default': numpy_default, 'adam': adam}[sys.argv[1]]
for seed in map(int, sys.argv[2:] or [0]):
    accs = run(seed)
    print(f'seed {seed}: best {max(accs):.4f} last {accs[-1]:.4f}')
