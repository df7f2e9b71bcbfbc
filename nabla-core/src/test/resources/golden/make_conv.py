"""Golden values for Conv2d, MaxPool2d and AvgPool2d: forward outputs and the gradients of
sum(y * dy) with respect to every input, computed by PyTorch in float64.
Run: /usr/bin/python3 make_conv.py  (writes conv.json here)."""
import torch
import torch.nn.functional as F

from golden_util import write

torch.manual_seed(20240601)


def conv_case(n, c_in, c_out, h, w, kernel, stride, padding, bias=True):
    x = torch.randn(n, c_in, h, w, dtype=torch.float64, requires_grad=True)
    wt = torch.randn(c_out, c_in, *kernel, dtype=torch.float64, requires_grad=True)
    b = torch.randn(c_out, dtype=torch.float64, requires_grad=True) if bias else None
    y = F.conv2d(x, wt, b, stride=stride, padding=padding)
    dy = torch.randn_like(y)
    (y * dy).sum().backward()
    case = {"x": x, "weight": wt, "stride": list(stride), "padding": list(padding), "y": y, "dy": dy,
            "dx": x.grad, "dweight": wt.grad}
    if bias:
        case["bias"] = b
        case["dbias"] = b.grad
    return case


def pool_case(pool, x, kernel, stride, padding):
    x = x.detach().requires_grad_(True)
    y = pool(x, kernel, stride=stride, padding=padding)
    dy = torch.randn_like(y)
    (y * dy).sum().backward()
    return {"x": x, "kernel": list(kernel), "stride": list(stride), "padding": list(padding), "y": y, "dy": dy,
            "dx": x.grad}


cases = {
    # Non-square input and kernel, different strides and paddings per dimension.
    "conv_rect_stride2_pad1": conv_case(2, 3, 4, 7, 6, (3, 2), (2, 1), (1, 2)),
    # The seeds' CNN block: 3x3, stride 1, padding 1 keeps H and W.
    "conv_3x3_same": conv_case(2, 3, 5, 8, 8, (3, 3), (1, 1), (1, 1)),
    # Large kernel, stride 2, padding 2, no bias; the last row and column are not covered by any window.
    "conv_5x5_stride2_nobias": conv_case(1, 2, 3, 10, 10, (5, 5), (2, 2), (2, 2), bias=False),
    # Overlapping windows as in the seeds' CNN: 3x3, stride 2, padding 1, on odd and even sizes.
    "maxpool_overlap": pool_case(F.max_pool2d, torch.randn(2, 3, 9, 8, dtype=torch.float64), (3, 3), (2, 2), (1, 1)),
    "maxpool_2x2": pool_case(F.max_pool2d, torch.randn(1, 2, 6, 6, dtype=torch.float64), (2, 2), (2, 2), (0, 0)),
    # Small integers: many ties, resolved as PyTorch does (the first largest cell in row-major order).
    "maxpool_ties": pool_case(F.max_pool2d, torch.randint(-2, 3, (1, 2, 7, 7)).to(torch.float64),
                              (3, 3), (2, 2), (1, 1)),
    # Negative inputs only: padding must not win even though every real cell is below 0.
    "maxpool_negative": pool_case(F.max_pool2d, -torch.rand(1, 1, 5, 5, dtype=torch.float64) - 1, (3, 3), (2, 2),
                                  (1, 1)),
    "avgpool_overlap_pad": pool_case(F.avg_pool2d, torch.randn(2, 2, 7, 5, dtype=torch.float64), (3, 3), (2, 2),
                                     (1, 1)),
    "avgpool_rect": pool_case(F.avg_pool2d, torch.randn(1, 3, 6, 7, dtype=torch.float64), (2, 3), (2, 1), (1, 1)),
}

write("conv", cases)
