# PyTorch cross-check of the lab's acceptance run: Adam (lr 1e-3) on 784-100-10 ReLU, 10 epochs, batch 128,
# on Fashion-MNIST standardised with the training set's mean and std, PyTorch's default initialisation.
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
for seed in map(int, sys.argv[1:] or [0]):
    torch.manual_seed(seed)
    net = torch.nn.Sequential(torch.nn.Linear(784, 100), torch.nn.ReLU(), torch.nn.Linear(100, 10))
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    accs = []
    for epoch in range(10):
        for idx in torch.randperm(60000).split(128):
            loss = torch.nn.functional.cross_entropy(net(xtr[idx]), ytr[idx])
            opt.zero_grad(); loss.backward(); opt.step()
        with torch.no_grad():
            accs.append((net(xte).argmax(1) == yte).float().mean().item())
    print(f'seed {seed}: best {max(accs):.4f} last {accs[-1]:.4f}')
