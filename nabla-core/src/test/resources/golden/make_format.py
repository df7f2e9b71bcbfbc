"""How PyTorch prints float32 tensors (format.json), for Tensor.toString. Run: /usr/bin/python3 make_format.py"""
import torch

from golden_util import write

torch.manual_seed(0)
examples = {
    "scalar": torch.tensor(1.5),
    "scalar_int": torch.tensor(3.0),
    "ints_1d": torch.arange(5, dtype=torch.float32),
    "negative_ints": torch.tensor([-1.0, 20.0, 3.0]),
    "floats_2d": torch.randn(3, 4),
    "floats_3d": torch.randn(2, 2, 3),
    "sci_wide_range": torch.tensor([1e-5, 1.0, 2500.0]),
    "sci_large": torch.tensor([1.5e9, 2.0]),
    "small_values": torch.tensor([0.00001234, 0.00002]),
    "nan_inf": torch.tensor([float("nan"), float("inf"), -float("inf"), 1.5]),
    "long_row": torch.linspace(-1, 1, 30),
    "summarized_1d": torch.arange(2000, dtype=torch.float32) / 7,
    "summarized_2d": torch.arange(1200, dtype=torch.float32).reshape(40, 30),
    "empty": torch.zeros(0),
    "column": torch.tensor([[1.25], [-2.5], [3.0]]),
    "empty_2d": torch.zeros(0, 3),
    "empty_3d": torch.zeros(2, 0, 4),
}
cases = {name: {"x": t, "text": str(t)} for name, t in examples.items()}
write("format", cases)
