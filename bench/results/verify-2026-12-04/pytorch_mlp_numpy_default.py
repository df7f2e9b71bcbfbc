# PyTorch cross-check of the mlp-numpy-default recipe on Fashion-MNIST (same setup as nabla's run).
import gzip, numpy as np, torch, sys
torch.set_num_threads(1)
d = '/usr/share/datasets/fashion-mnist/'
def imgs(f): return np.frombuffer(gzip.open(d + f).read(), np.uint8, offset=16).reshape(-1, 784).astype(np.float32) / 255
def labs(f): return np.frombuffer(gzip.open(d + f).read(), np.uint8, offset=8).astype(np.int64)
xtr, ytr = imgs('train-images-idx3-ubyte.gz'), labs('train-labels-idx1-ubyte.gz')
xte, yte = imgs('t10k-images-idx3-ubyte.gz'), labs('t10k-labels-idx1-ubyte.gz')
m, s = xtr.mean(), xtr.std()
xtr, xte = torch.tensor((xtr - m) / s), torch.tensor((xte - m) / s)
ytr, yte = torch.tensor(ytr), torch.tensor(yte)
for seed in map(int, sys.argv[1:] or [0]):
    g = torch.Generator().manual_seed(seed)
    net = torch.nn.Sequential(torch.nn.Linear(784, 100), torch.nn.ReLU(), torch.nn.Linear(100, 10))
    for p in net.parameters():
        p.data = torch.randn(p.shape, generator=g) * 1e-4 if p.dim() == 2 else torch.zeros(p.shape)
    opt = torch.optim.SGD(net.parameters(), lr=2e-3)
    perm = torch.randperm(60000, generator=g); pos = 0; best = 0
    for step in range(1, 1501):
        if pos + 200 > 60000: perm = torch.randperm(60000, generator=g); pos = 0
        idx = perm[pos:pos + 200]; pos += 200
        loss = torch.nn.functional.cross_entropy(net(xtr[idx]), ytr[idx])
        opt.zero_grad(); loss.backward(); opt.step()
        if step % 100 == 0:
            with torch.no_grad(): acc = (net(xte).argmax(1) == yte).float().mean().item()
            best = max(best, acc)
    print(f'seed {seed}: best {best:.4f} last {acc:.4f}')
