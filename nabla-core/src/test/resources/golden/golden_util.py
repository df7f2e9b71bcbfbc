"""Writes golden fixtures for nabla's tests: one JSON file per area, made with PyTorch.

Each generating script (make_*.py next to this file) builds named cases; a case maps names to
tensors (stored as {"shape": [...], "data": [...]} in float64 text), integer lists or numbers.
Run with Debian's PyTorch: /usr/bin/python3 make_ops.py  (writes ops.json here).
"""
import json
import os

import torch

HERE = os.path.dirname(os.path.abspath(__file__))


def enc(v):
    if isinstance(v, torch.Tensor):
        t = v.detach().to(torch.float64).contiguous()
        return {"shape": list(t.shape), "data": [float(x) for x in t.reshape(-1).tolist()]}
    if isinstance(v, (list, tuple)):
        return [enc(x) for x in v]
    if isinstance(v, float):
        return float(v)
    return v


def write(area, cases):
    """cases: dict case_name -> dict field -> tensor | list | number | str"""
    out = {name: {k: enc(v) for k, v in fields.items()} for name, fields in cases.items()}
    out["_meta"] = {"torch": torch.__version__, "script": "make_%s.py" % area}
    path = os.path.join(HERE, area + ".json")
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(out, f, indent=None, separators=(",", ":"))
    os.replace(tmp, path)
    print("wrote %s (%d cases)" % (path, len(cases)))
