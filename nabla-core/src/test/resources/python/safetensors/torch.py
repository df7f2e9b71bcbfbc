"""safetensors.torch.load_file, enough to read what nabla writes, for the PyTorch interoperability test.

The format: an 8-byte little-endian header length, a JSON header mapping each tensor name to its dtype,
shape and [begin, end) byte range in the data that follows, then the raw little-endian data.
"""
import json
import struct

import torch

DTYPES = {"F64": torch.float64, "F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16,
          "I64": torch.int64, "I32": torch.int32}


def load_file(filename, device="cpu"):
    with open(filename, "rb") as f:
        (header_length,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(header_length))
        data = bytearray(f.read())  # writable, so torch.frombuffer does not warn
    header.pop("__metadata__", None)
    tensors = {}
    for name, entry in header.items():
        begin, end = entry["data_offsets"]
        dtype = DTYPES[entry["dtype"]]
        flat = torch.frombuffer(data[begin:end], dtype=dtype) if end > begin else torch.empty(0, dtype=dtype)
        tensors[name] = flat.reshape(entry["shape"]).to(device)
    return tensors
