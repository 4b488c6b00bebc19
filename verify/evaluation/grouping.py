"""`verify eval grouping`: read a grouping file, group its statements, score against gold."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path
from typing import Any

from ..embedding import Embedder
from ..grouping.anchors import anchors
from ..grouping.clustering import cluster
from ..grouping.index import DEFAULT_PARAMS, GroupingParams
from .jsonl import json_objects
from .metrics import adjusted_rand, bcubed


def read_grouping_file(path: str | Path) -> list[dict[str, Any]]:
    """Rows of a grouping JSONL file: one JSON object per line with "text" and "cluster".

    Blank lines are skipped. Raises ``ValueError`` naming the (1-based) line number when a
    line is not a JSON object, lacks "text" or "cluster", or has an empty or non-string text.
    """
    rows: list[dict[str, Any]] = []
    for where, row in json_objects(path):
        for key in ("text", "cluster"):
            if key not in row:
                raise ValueError(f"{where}: missing {key!r}")
        text = row["text"]
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"{where}: 'text' must be a non-empty string")
        cluster_id = row["cluster"]
        if not isinstance(cluster_id, str | int) or isinstance(cluster_id, bool):
            raise ValueError(f"{where}: 'cluster' must be a string or integer")
        rows.append(row)
    return rows


def evaluate_grouping(
    rows: list[dict[str, Any]],
    embedder: Embedder,
    params: GroupingParams = DEFAULT_PARAMS,
) -> dict[str, Any]:
    """Group ``rows`` the way the app's regroup does (anchors + cluster) and score the result.

    "seconds" is the grouping time (anchors and clustering); embedding is timed separately as
    "embed_seconds". An optional "source" key on the rows is passed on as the statement source.
    """
    texts = [str(row["text"]) for row in rows]
    gold = [str(row["cluster"]) for row in rows]
    sources = [row.get("source") for row in rows]
    started = time.perf_counter()
    vectors = embedder.encode(texts)
    embed_seconds = time.perf_counter() - started
    started = time.perf_counter()
    anchor_sets = [anchors(text) for text in texts]
    labels = cluster(
        vectors,
        anchor_sets,
        sources=[str(s) if s is not None else None for s in sources],
        params=params,
    )
    seconds = time.perf_counter() - started
    predicted = labels.tolist()
    precision, recall, f1 = bcubed(gold, predicted)
    sizes = Counter(predicted)
    gold_sizes = Counter(gold)
    return {
        "bcubed": {"p": precision, "r": recall, "f1": f1},
        "ari": adjusted_rand(gold, predicted),
        "groups_predicted": len(sizes),
        "groups_gold": len(gold_sizes),
        "statements": len(rows),
        "seconds": seconds,
        "embed_seconds": embed_seconds,
        "largest_group": max(sizes.values(), default=0),
        "largest_gold_group": max(gold_sizes.values(), default=0),
        "singletons_predicted": sum(1 for size in sizes.values() if size == 1),
    }
