"""A :class:`GroupIndex` written to a folder and read back, so a process need not rebuild it.

The folder holds ``meta.json`` (format, model, dimensions, the grouping token the index was
current at), ``graph.hnsw`` (hnswlib's own ``save_index``) and ``state.npz``: the vector sums,
sizes and group ids by slot, and the anchor and source counts as (slot, name index, count)
triples over a vocabulary array. Plain arrays only, read with ``allow_pickle=False``: a snapshot
file cannot run code. A folder is written under a temporary name and renamed into place, so a
reader sees a whole snapshot or none. Pure numpy/hnswlib and files: no Flask, no database.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import hnswlib
import numpy as np

from .index import GroupIndex, GroupingParams

FORMAT = 1


def _counts_arrays(
    by_slot: dict[int, Counter[str]],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    names = sorted({name for counts in by_slot.values() for name in counts})
    position = {name: i for i, name in enumerate(names)}
    triples = [
        (slot, position[name], count)
        for slot, counts in by_slot.items()
        for name, count in counts.items()
    ]
    table = np.array(triples, dtype=np.int64).reshape(-1, 3)
    return np.array(names, dtype=np.str_), table[:, 0], table[:, 1], table[:, 2]


def save(index: GroupIndex, folder: Path, meta: dict[str, Any]) -> bool:
    """Write `index` to `folder` (created); False when another writer got there first, which
    is fine: a folder is named by the state it holds, so theirs is the same index."""
    index._flush()  # every live group in the graph, none pending
    folder.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    try:
        index._hnsw.save_index(str(work / "graph.hnsw"))
        used = index._next_slot
        group_of = np.full(used, -1, dtype=np.int64)
        for slot, group_id in index._group_of.items():
            group_of[slot] = group_id
        anchors, anchor_slots, anchor_names, anchor_counts = _counts_arrays(index._anchor_counts)
        sources, source_slots, source_names, source_counts = _counts_arrays(index._source_counts)
        np.savez(
            work / "state.npz",
            sums=index._sums[:used],
            counts=index._counts[:used],
            group_of=group_of,
            indexed=np.array(sorted(index._indexed), dtype=np.int64),
            anchors=anchors,
            anchor_slots=anchor_slots,
            anchor_names=anchor_names,
            anchor_counts=anchor_counts,
            sources=sources,
            source_slots=source_slots,
            source_names=source_names,
            source_counts=source_counts,
        )
        full_meta = {**meta, "format": FORMAT, "dimensions": index.dimensions}
        (work / "meta.json").write_text(json.dumps(full_meta, sort_keys=True))
        os.rename(work, folder)  # atomic; fails if the folder exists
        return True
    except OSError:
        if folder.exists():
            return False
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)


def read_meta(folder: Path) -> dict[str, Any] | None:
    """The snapshot's meta.json, or None when there is no (whole) snapshot there."""
    try:
        meta: dict[str, Any] = json.loads((folder / "meta.json").read_text())
    except (OSError, ValueError):
        return None
    return meta if meta.get("format") == FORMAT else None


def load(folder: Path, params: GroupingParams) -> GroupIndex:
    """The index saved in `folder` (check :func:`read_meta` first)."""
    meta = read_meta(folder)
    if meta is None:
        raise FileNotFoundError(folder / "meta.json")
    index = GroupIndex(int(meta["dimensions"]), params)
    with np.load(folder / "state.npz", allow_pickle=False) as state:
        arrays = {name: state[name] for name in state.files}
    used = len(arrays["group_of"])
    while index._capacity < used:
        index._capacity *= 2
    index._hnsw = hnswlib.Index(space="ip", dim=index.dimensions)
    index._hnsw.load_index(str(folder / "graph.hnsw"), max_elements=index._capacity)
    index._hnsw.set_ef(max(64, params.candidates))
    index._sums = np.zeros((index._capacity, index.dimensions), dtype=np.float64)
    index._sums[:used] = arrays["sums"]
    index._counts = np.zeros(index._capacity, dtype=np.int64)
    index._counts[:used] = arrays["counts"]
    index._next_slot = used
    index._indexed = set(arrays["indexed"].tolist())
    for slot, group_id in enumerate(arrays["group_of"].tolist()):
        if group_id >= 0:
            index._slot_of[group_id] = slot
            index._group_of[slot] = group_id
            index._anchor_counts[slot] = Counter()
            index._source_counts[slot] = Counter()
    anchors = arrays["anchors"].tolist()
    for slot, name, count in zip(
        arrays["anchor_slots"].tolist(),
        arrays["anchor_names"].tolist(),
        arrays["anchor_counts"].tolist(),
        strict=True,
    ):
        anchor = anchors[name]
        index._anchor_counts[slot][anchor] = count
        index._anchor_groups.setdefault(anchor, set()).add(slot)
        index._anchor_df[anchor] += count
    sources = arrays["sources"].tolist()
    for slot, name, count in zip(
        arrays["source_slots"].tolist(),
        arrays["source_names"].tolist(),
        arrays["source_counts"].tolist(),
        strict=True,
    ):
        index._source_counts[slot][sources[name]] = count
    index._members = int(index._counts[:used].sum())
    return index
