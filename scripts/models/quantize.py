"""Dynamic int8 quantisation of one ONNX model with onnxruntime's own tool (build time only).

Run by scripts/models/prepare-models.mjs inside its pinned venv; the app never runs Python. Prints one JSON
line: the tool with its version and the options used, which prepare-models records in the manifest.
"""
import argparse
import json

import onnx
import onnxruntime
from onnxruntime.quantization import QuantType, quantize_dynamic


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("src")
    p.add_argument("dst")
    p.add_argument("--weight-type", choices=["QInt8", "QUInt8"], default="QInt8")
    p.add_argument("--per-channel", action="store_true")
    p.add_argument("--reduce-range", action="store_true", help="7-bit weights (avoids u8s8 saturation on AVX2 without VNNI)")
    p.add_argument("--op-types", default="MatMul,Gather", help="comma-separated operator types to quantise")
    a = p.parse_args()
    op_types = [t for t in a.op_types.split(",") if t]
    quantize_dynamic(
        a.src,
        a.dst,
        weight_type=QuantType[a.weight_type],
        per_channel=a.per_channel,
        reduce_range=a.reduce_range,
        op_types_to_quantize=op_types,
    )
    options = {"weightType": a.weight_type, "perChannel": a.per_channel, "reduceRange": a.reduce_range, "opTypes": op_types}
    print(json.dumps({"tool": f"onnxruntime {onnxruntime.__version__} quantize_dynamic (onnx {onnx.__version__})", "options": options}))


if __name__ == "__main__":
    main()
