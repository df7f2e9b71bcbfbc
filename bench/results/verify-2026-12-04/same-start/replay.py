# Replays a nabla run in PyTorch: same initial weights, same batch orders, same preprocessing.
# usage: replay.py DIR EPOCHS [f64]
import gzip, json, struct, sys
import numpy as np, torch
torch.set_num_threads(1)
D, E = sys.argv[1], int(sys.argv[2])
f64 = len(sys.argv) > 3 and sys.argv[3] == 'f64'
d = '/usr/share/datasets/fashion-mnist/'
def imgs(f): return np.frombuffer(gzip.open(d + f).read(), np.uint8, offset=16).reshape(-1, 784).astype(np.float32) / 255
def labs(f): return np.frombuffer(gzip.open(d + f).read(), np.uint8, offset=8).astype(np.int64)
xtr, ytr = imgs('train-images-idx3-ubyte.gz'), labs('train-labels-idx1-ubyte.gz')
xte, yte = imgs('t10k-images-idx3-ubyte.gz'), labs('t10k-labels-idx1-ubyte.gz')
m, s = xtr.mean(), xtr.std()
m64, s64 = xtr.astype(np.float64).mean(), xtr.astype(np.float64).std()
nm, ns = [float(v) for v in open(D + '/stats.txt').read().replace('[', '').replace(']', '').split()]
print(f'numpy f32 mean {m!r} std {s!r}; f64 mean {m64!r} std {s64!r}; nabla mean {nm!r} std {ns!r}')
print('float32(nabla) == float32(numpy f32)?', np.float32(nm) == m, np.float32(ns) == s)
import os
if os.environ.get('NPREP'):
    m, s = np.float32(nm), np.float32(ns)  # nabla's exact float32 inputs
xtr_n, xte_n = (xtr - m) / s, (xte - m) / s  # as pytorch_check.py
orders = np.fromfile(D + '/orders.bin', '<i4').reshape(E, 60000)
for e in range(E):
    assert np.array_equal(np.sort(orders[e]), np.arange(60000))
b0 = np.fromfile(D + '/batch0.bin', '<f4').reshape(-1, 784)
ref = xtr_n[orders[0][:len(b0)]]
print('batch0 max |nabla - numpy| =', np.abs(b0 - ref).max(), ' exact fraction', (b0 == ref).mean())
# nabla's own float32 formula: (x - float32(mean)) / float32(std)
ref2 = (xtr[orders[0][:len(b0)]] - np.float32(nm)) / np.float32(ns)
print('batch0 vs (x - f32(nabla mean)) / f32(nabla std): max diff', np.abs(b0 - ref2).max())

def read_st(path):
    raw = open(path, 'rb').read()
    n = struct.unpack('<Q', raw[:8])[0]
    h = json.loads(raw[8:8 + n]); out = {}
    for k, v in h.items():
        if k == '__metadata__': continue
        a, b = v['data_offsets']
        out[k] = torch.tensor(np.frombuffer(raw[8 + n + a:8 + n + b], '<f4').reshape(v['shape']).copy())
    return out
sd = read_st(D + '/init.safetensors')
net = torch.nn.Sequential(torch.nn.Linear(784, 100), torch.nn.ReLU(), torch.nn.Linear(100, 10))
net.load_state_dict({k.replace('layers.', ''): v for k, v in sd.items()})
dt = torch.float64 if f64 else torch.float32
net = net.to(dt)
X, Y = torch.tensor(xtr_n).to(dt), torch.tensor(ytr)
Xte, Yte = torch.tensor(xte_n).to(dt), torch.tensor(yte)
opt = torch.optim.Adam(net.parameters(), lr=1e-3)
losses, accs = [], []
for e in range(E):
    for idx in torch.tensor(orders[e].astype(np.int64)).split(128):
        loss = torch.nn.functional.cross_entropy(net(X[idx]), Y[idx])
        opt.zero_grad(); loss.backward(); opt.step()
        losses.append(loss.item())
    with torch.no_grad():
        accs.append((net(Xte).argmax(1) == Yte).double().mean().item())
nl = np.loadtxt(D + '/losses.txt'); na = np.loadtxt(D + '/accs.txt', ndmin=1)
pl = np.array(losses); diff = np.abs(nl - pl)
tag = ('f64' if f64 else 'f32') + ('_nprep' if os.environ.get('NPREP') else '')
np.savetxt(D + f'/torch_losses_{tag}.txt', pl)
for k in [1, 2, 5, 10, 20, 50, 100, 200, 469]:
    if k <= len(pl): print(f'step {k:4d}: nabla {nl[k-1]:.7f} torch {pl[k-1]:.7f} |diff| {diff[k-1]:.2e}; max over first {k} {diff[:k].max():.2e}')
print('max |diff| over first 50 steps', diff[:50].max(), 'all', diff.max())
print('per-epoch mean loss nabla', np.round(nl.reshape(E, -1 if len(nl) % E == 0 else None).mean(1), 5) if len(nl) % E == 0 else '')
print('nabla accs', na.tolist()); print('torch accs', accs)
