"""Reproduce a nabla run's predictions with PyTorch, from its config.json and model.safetensors.

    python3 pytorch_predict.py RUN_DIR IDX_IMAGES_FILE [COUNT]

prints, as JSON, the predicted class and the logits of the first COUNT images (default 5).
"""
import gzip
import json
import struct
import sys

import torch
from torch import nn
from safetensors.torch import load_file  # pip install safetensors

ACTIVATIONS = {"relu": nn.ReLU, "elu": nn.ELU, "sigmoid": nn.Sigmoid, "tanh": nn.Tanh, "leaky_relu": nn.LeakyReLU}


class Net(nn.Module):
    """nabla's Mlp or ConvNet: the layers in one nn.Sequential named `layers`, so the state-dict keys match."""

    def __init__(self, spec):
        super().__init__()
        self.is_mlp = spec["type"] == "mlp"
        self.layers = nn.Sequential(*(mlp_layers(spec) if self.is_mlp else cnn_layers(spec)))

    def forward(self, x):
        return self.layers(x.flatten(1) if self.is_mlp else x)


def mlp_layers(spec):
    layers, width = [], spec["input_size"]
    for hidden in spec["hidden_sizes"]:
        layers += [nn.Linear(width, hidden), ACTIVATIONS[spec["activation"]]()]
        if spec["batch_norm"]:
            layers.append(nn.BatchNorm1d(hidden))
        if spec["dropout"] > 0:
            layers.append(nn.Dropout(spec["dropout"]))
        width = hidden
    return layers + [nn.Linear(width, spec["output_size"])]


def cnn_layers(spec):
    channels, height, width = spec["input_shape"]
    layers = []
    for stage in spec["stages"]:
        for out in stage:
            layers.append(nn.Conv2d(channels, out, 3, padding=1))
            if spec["batch_norm"]:
                layers.append(nn.BatchNorm2d(out))
            layers.append(nn.ReLU())
            channels = out
        layers.append(nn.MaxPool2d(3, stride=2, padding=1))
        height, width = (height - 1) // 2 + 1, (width - 1) // 2 + 1
    return layers + [nn.Flatten(), nn.Linear(channels * height * width, spec["num_classes"])]


def load_run(run_dir):
    """The trained model, in evaluation mode, and the run's config.json."""
    with open(f"{run_dir}/config.json") as f:
        config = json.load(f)
    model = Net(config["model_spec"])
    model.load_state_dict(load_file(f"{run_dir}/model.safetensors"), strict=True)
    return model.eval(), config


def preprocess(raw, p):
    """config.json's preprocessing: x = (raw * scale - mean[c]) / std[c] for each channel c."""
    x = raw.float() * p["scale"]
    if p["mean"]:
        per_channel = (1, -1) + (1,) * (x.dim() - 2)
        x = (x - torch.tensor(p["mean"]).view(per_channel)) / torch.tensor(p["std"]).view(per_channel)
    return x


def read_idx_images(path):
    """An IDX image file of the MNIST family (.gz or not) as uint8 [N, 1, H, W]."""
    with (gzip.open if path.endswith(".gz") else open)(path, "rb") as f:
        data = f.read()
    n, height, width = struct.unpack(">3I", data[4:16])
    return torch.frombuffer(bytearray(data[16:]), dtype=torch.uint8).view(n, 1, height, width)


if __name__ == "__main__":
    run_dir, images = sys.argv[1], sys.argv[2]
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    model, config = load_run(run_dir)
    with torch.no_grad():
        logits = model(preprocess(read_idx_images(images)[:count], config["preprocessing"]))
    names = config["data"]["class_names"]
    print(json.dumps({"predicted": [names[i] for i in logits.argmax(1)], "logits": logits.tolist()}))
