"""Train the span tagger of the attribution extractor (`verify/extraction/tagger.py`).

    python training/train_tagger.py [--data FILE] [--out FILE] [--epochs N] [--limit N]
    python training/train_tagger.py --held-out-to FILE   (write the held-out articles, no training)

Reads a PolNeAR-style attribution JSONL file (default: the development file in ../shared/eval
beside the project). Every gold role (source, cue, content; a role in several pieces as its hull)
becomes begin/inside tags on the word pieces it covers; a span nested in a longer one of the same
role leaves the longer one's tags alone. The articles with index % 3 != 0 train the model (the
split of `train_attribution.py`); the articles with index % 3 == 0 are held out and only scored,
role by role, with the metrics of `flask --app verify eval attribution`. Only the top
`TRAINED_LAYERS` layers and the head learn; they are written in half precision.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from verify import backbone  # noqa: E402
from verify.evaluation import attribution as attribution_eval  # noqa: E402
from verify.evaluation.metrics import prf  # noqa: E402
from verify.extraction import tagger  # noqa: E402

SEED = 0
DEFAULT_DATA = str(ROOT.parent / "shared" / "eval" / "attribution" / "polnear-train.jsonl")
BATCH = 16
LEARNING_RATE = 1e-4
HEAD_LEARNING_RATE = 1e-3
WARMUP = 50


def piece_tags(
    text: str, attributions: list[dict[str, Any]], offsets: list[tuple[int, int]]
) -> np.ndarray:
    """Gold tags per word piece, shape (pieces, roles)."""
    tags = np.full((len(offsets), len(tagger.ROLES)), tagger.OUTSIDE, dtype=np.int64)
    starts = np.array([o[0] for o in offsets])
    ends = np.array([o[1] for o in offsets])
    for index, role in enumerate(tagger.ROLES):
        hulls = {attribution_eval.gold_hull(text, a, role) for a in attributions}
        spans = sorted((h for h in hulls if h is not None), key=lambda h: h[0] - h[1])
        for start, end in spans:  # longest first
            covered = np.nonzero((starts < end) & (ends > start) & (ends > starts))[0]
            if len(covered) == 0:
                continue
            free = covered[tags[covered, index] == tagger.OUTSIDE]
            if len(free) == 0:
                continue
            tags[free, index] = tagger.INSIDE
            if free[0] == covered[0]:
                tags[free[0], index] = tagger.BEGIN
    return tags


def epoch_windows(
    documents: list[tuple[list[int], np.ndarray]], shift: int
) -> list[tuple[list[int], np.ndarray]]:
    """Non-overlapping windows; `shift` moves their edges from one epoch to the next."""
    body = tagger.WINDOW - 2
    found = []
    for ids, tags in documents:
        cuts = [0, *range(shift % body or body, len(ids), body), len(ids)]
        for start, end in zip(cuts, cuts[1:], strict=False):
            if end > start:
                found.append((ids[start:end], tags[start:end]))
    return found


def batch_of(tokenizer: Any, windows: list[tuple[list[int], np.ndarray]]) -> tuple[Any, ...]:
    longest = max(len(ids) for ids, _ in windows) + 2
    ids = torch.full((len(windows), longest), tokenizer.pad_token_id, dtype=torch.long)
    mask = torch.zeros((len(windows), longest), dtype=torch.long)
    gold = torch.full((len(windows), longest, len(tagger.ROLES)), -100, dtype=torch.long)
    for row, (pieces, tags) in enumerate(windows):
        row_ids = [tokenizer.cls_token_id, *pieces, tokenizer.sep_token_id]
        ids[row, : len(row_ids)] = torch.tensor(row_ids)
        mask[row, : len(row_ids)] = 1
        gold[row, 1 : 1 + len(pieces)] = torch.from_numpy(tags)
    return ids, mask, gold


def train(
    network: Any,
    tokenizer: Any,
    documents: list[tuple[list[int], np.ndarray]],
    epochs: int,
    layers_trained: int,
) -> None:
    trained = network.trained_parameters(layers_trained)
    for name, parameter in network.named_parameters():
        parameter.requires_grad = name in trained
    layers = [p for n, p in trained.items() if not n.startswith("head.")]
    head = [p for n, p in trained.items() if n.startswith("head.")]
    optimiser = torch.optim.AdamW(
        [{"params": layers, "lr": LEARNING_RATE}, {"params": head, "lr": HEAD_LEARNING_RATE}],
        weight_decay=0.01,
    )
    rng = random.Random(SEED)
    per_epoch = [epoch_windows(documents, shift=epoch * 97) for epoch in range(epochs)]
    steps = sum((len(w) + BATCH - 1) // BATCH for w in per_epoch)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser,
        lambda step: min(1.0, (step + 1) / WARMUP) * max(0.0, 1.0 - step / steps),
    )
    network.train()
    step = 0
    started = time.perf_counter()
    for epoch, windows in enumerate(per_epoch):
        rng.shuffle(windows)
        total = 0.0
        for first in range(0, len(windows), BATCH):
            ids, mask, gold = batch_of(tokenizer, windows[first : first + BATCH])
            log_probabilities = network(ids, mask)
            loss = torch.nn.functional.nll_loss(
                log_probabilities.reshape(-1, tagger.TAGS), gold.reshape(-1), ignore_index=-100
            )
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(layers + head, 1.0)
            optimiser.step()
            schedule.step()
            step += 1
            total += float(loss.detach())
            if step % 50 == 0:
                elapsed = time.perf_counter() - started
                mean = total / 50
                print(f"  epoch {epoch + 1} step {step}/{steps} loss {mean:.4f} ({elapsed:.0f} s)")
                total = 0.0
    network.eval()


def report(model: tagger.SpanTagger, rows: list[dict[str, Any]]) -> dict[str, Any]:
    totals = {role: {match: [0, 0, 0] for match in ("exact", "overlap")} for role in tagger.ROLES}
    for row in rows:
        spans = [(s.role, (s.start, s.end)) for s in model.tag(row["text"])]
        counts = attribution_eval.score_role_spans(row["text"], row["attributions"], spans)
        for role, by_match in counts.items():
            for match, values in by_match.items():
                for i, value in enumerate(values):
                    totals[role][match][i] += value
    return {
        role: {match: prf(*values) for match, values in by_match.items()}
        for role, by_match in totals.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=DEFAULT_DATA)
    parser.add_argument("--out", default=str(tagger.WEIGHTS_PATH))
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument(
        "--layers", type=int, default=tagger.TRAINED_LAYERS, help="top layers to train (max 6)"
    )
    parser.add_argument("--limit", type=int, default=0, help="use only the first N articles")
    parser.add_argument(
        "--held-out-to", help="write the held-out articles as JSONL here (for `eval attribution`)"
    )
    args = parser.parse_args()
    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    torch.set_num_threads(2)

    rows = attribution_eval.read_attribution_file(args.data)
    if args.limit:
        rows = rows[: args.limit]
    training_rows = [r for i, r in enumerate(rows) if i % 3 != 0]
    held_out = [r for i, r in enumerate(rows) if i % 3 == 0]
    if args.held_out_to:
        with open(args.held_out_to, "w", encoding="utf-8") as out:
            out.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in held_out)
        print(f"wrote {len(held_out)} held-out articles to {args.held_out_to}")
        return
    model = tagger.SpanTagger()
    network = tagger.build_network()

    tokenizer = backbone.tokenizer()
    documents = []
    for row in training_rows:
        ids, offsets = tagger.pieces_of(tokenizer, row["text"])
        documents.append((ids, piece_tags(row["text"], row["attributions"], offsets)))
    pieces = sum(len(ids) for ids, _ in documents)
    print(
        f"{len(training_rows)} training articles ({pieces} word pieces), {len(held_out)} held out"
    )
    started = time.perf_counter()
    train(network, tokenizer, documents, args.epochs, args.layers)
    seconds = time.perf_counter() - started
    print(f"trained in {seconds:.0f} s")

    model._network, model._tokenizer = network, tokenizer
    scores = report(model, held_out)
    for role, by_match in scores.items():
        exact, overlap = by_match["exact"], by_match["overlap"]
        print(
            f"held out {role:8} exact P/R/F1 {exact['p']:.4f}/{exact['r']:.4f}/{exact['f1']:.4f}"
            f"  overlap {overlap['p']:.4f}/{overlap['r']:.4f}/{overlap['f1']:.4f}"
        )
    from safetensors.torch import save_file

    trained = network.trained_parameters(args.layers)
    weights = {n: p.detach().half().contiguous() for n, p in trained.items()}
    metadata = {
        "data": Path(args.data).name,
        "split": "trained on articles with index % 3 != 0; index % 3 == 0 held out",
        "seed": str(SEED),
        "epochs": str(args.epochs),
        "trained_layers": str(args.layers),
        "seconds": f"{seconds:.0f}",
        "held_out": json.dumps(scores),
    }
    save_file(weights, args.out, metadata=metadata)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
