#!/usr/bin/python3
"""Writes golden-f32-f16.safetensors following the format's specification with only numpy,
struct and json (Debian has no python3-safetensors), as an independent second writer:
tensors 'a' (F32, 2x3, values 0.5*i - 1) and 'b' (F16, 4, values 1, -2, 0.333, 65504),
metadata {"format": "pt"}. Usage: /usr/bin/python3 make_golden.py (in this folder)."""
import json
import struct

import numpy as np

a = (np.arange(6, dtype="<f4") * 0.5 - 1).reshape(2, 3)
b = np.array([1, -2, 0.333, 65504], dtype="<f2")
header = {
    "__metadata__": {"format": "pt"},
    "a": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]},
    "b": {"dtype": "F16", "shape": [4], "data_offsets": [24, 32]},
}
text = json.dumps(header).encode()
text += b" " * ((8 - len(text) % 8) % 8)
with open("golden-f32-f16.safetensors", "wb") as f:
    f.write(struct.pack("<Q", len(text)))
    f.write(text)
    f.write(a.tobytes())
    f.write(b.tobytes())
