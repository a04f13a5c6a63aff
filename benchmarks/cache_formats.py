"""The parsed-dataset cache's entry format against the pickle it replaced: warm load and size.

Usage: python benchmarks/cache_formats.py DATASET.toml [...]   (make them with make_dataset.py)

For each dataset: the entry size and the median of 5 timings of a decode (CPU time, the collector
off as the cache has it; a small entry is decoded in a loop of ~50 ms and the time divided), for
today's msgpack entry (`tui.core.model_codec`) and for the pickle entry of cache format 2, rebuilt
here as it was so the comparison stays possible. The formats alternate, so a busy machine slows
both alike.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import io
import pickle  # only to measure the format the cache no longer uses
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tui.core import model, model_codec
from tui.core.loader import load_dataset
from tui.core.model import Dataset


class _Format2Pickler(pickle.Pickler):
    """Cache format 2: slotted objects as `Class(*values)`, trailing defaults left out, equal
    strings, dates and tuples of strings stored once."""

    def __init__(self, file: io.BytesIO) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._seen: dict[tuple[type, object], object] = {}
        self._layout = {
            cls: dataclasses.fields(cls)
            for cls in vars(model).values()
            if isinstance(cls, type)
            and dataclasses.is_dataclass(cls)
            and "__slots__" in cls.__dict__
        }

    def _once(self, value: object) -> object:
        kind = type(value)
        if kind in (str, dt.date) or (
            isinstance(value, tuple) and all(type(i) is str for i in value)
        ):
            return self._seen.setdefault((kind, value), value)
        return value

    def reducer_override(self, obj: object) -> object:
        fields = self._layout.get(type(obj))
        if fields is None:
            return NotImplemented
        values = [self._once(getattr(obj, f.name)) for f in fields]
        while values and fields[len(values) - 1].default is not dataclasses.MISSING:
            default = fields[len(values) - 1].default
            if type(values[-1]) is not type(default) or values[-1] != default:
                break
            values.pop()
        return type(obj), tuple(values)


def _pickled(dataset: Dataset) -> bytes:
    buffer = io.BytesIO()
    _Format2Pickler(buffer).dump(dataset)
    return buffer.getvalue()


def _decode(name: str, blob: bytes) -> object:
    return pickle.loads(blob) if name == "pickle" else model_codec.loads(blob, Dataset)


def _timed(name: str, blob: bytes, repeat: int) -> float:
    """CPU seconds per decode, over `repeat` decodes (enough of them to take ~50 ms)."""
    gc.collect()
    gc.disable()
    start = time.process_time()
    for _ in range(repeat):
        _decode(name, blob)
    spent = (time.process_time() - start) / repeat
    gc.enable()
    return spent


def main(paths: list[str]) -> None:
    print(f"{'dataset':<24} {'sites':>6} {'pickle':>18} {'msgpack':>18}")
    for path in paths:
        dataset = load_dataset(path)
        old, new = _pickled(dataset), model_codec.dumps(dataset)
        assert pickle.loads(old) == dataset and model_codec.loads(new, Dataset) == dataset
        times: dict[str, list[float]] = {"pickle": [], "msgpack": []}
        repeat = max(1, int(0.05 / max(_timed("pickle", old, 1), 1e-6)))
        for _ in range(5):
            for name, blob in (("pickle", old), ("msgpack", new)):
                times[name].append(_timed(name, blob, repeat))
        cells = [
            f"{len(blob) / 1024:7.0f} KiB {statistics.median(times[name]) * 1000:6.1f} ms"
            for name, blob in (("pickle", old), ("msgpack", new))
        ]
        print(f"{Path(path).name:<24} {len(dataset.sites):>6} {cells[0]:>18} {cells[1]:>18}")


if __name__ == "__main__":
    main(sys.argv[1:])
