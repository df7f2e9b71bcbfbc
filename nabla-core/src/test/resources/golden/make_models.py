"""State-dict layout of the seeds' models in PyTorch (models.json): key order, names and shapes that
nabla's Mlp and ConvNet must reproduce so that checkpoints load with model.load_state_dict.
Run: /usr/bin/python3 make_models.py"""
import torch.nn as nn

from golden_util import write


class Wrapped(nn.Module):
    def __init__(self, layers):
        super().__init__()
        self.layers = nn.Sequential(*layers)


def vgg(c, h, classes=10):
    layers, cin = [], c
    for stage in [[64], [128], [256, 256], [512, 512], [512, 512]]:
        for cout in stage:
            layers += [nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU()]
            cin = cout
        layers.append(nn.MaxPool2d(3, stride=2, padding=1))
        h = (h - 1) // 2 + 1
    layers += [nn.Flatten(), nn.Linear(cin * h * h, classes)]
    return Wrapped(layers)


def mlp(sizes, bn=False):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(nn.ELU() if bn else nn.ReLU())
            if bn:
                layers.append(nn.BatchNorm1d(sizes[i + 1]))
    return Wrapped(layers)


models = {
    "cnn_cifar": vgg(3, 32),
    "cnn_mnist": vgg(1, 28),
    "mlp_default": mlp([3072, 100, 10]),
    "mlp_elu_bn": mlp([3072, 100, 100, 10], bn=True),
}
cases = {}
for name, m in models.items():
    sd = m.state_dict()
    cases[name] = {"keys": list(sd.keys()), "shapes": [list(v.shape) for v in sd.values()],
                   "parameters": sum(p.numel() for p in m.parameters())}
write("models", cases)
