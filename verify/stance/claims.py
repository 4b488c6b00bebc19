"""Claims inside an event: which members of a group speak to the same proposition.

An event (a group) holds several claims: who did it, how many died, what was hit. Members are
put together by average-linkage clustering of their sentence vectors: two sets of members form
one claim while the mean cosine between them reaches the threshold. In a large event the
vectors are first centred on the event's mean, so that the topic every member shares does not
make one claim of them all. Rival accounts of one
proposition ("the regime carried out the attack", "the army has not used such weapons") stay
together because a denial's content is what it denies: the cue ("denied") is not in it.

A member a person put in a claim stays there; the others join it only when their cluster is as
close to it as the threshold asks. Pure numpy/scipy: no Flask, no database.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

# Mean cosine between two sets of members for them to be one claim. Rival accounts of one
# proposition share few words (0.35-0.5 with MiniLM: "the army is shelling farming families" and
# "every person killed was an armed militant"), so the bar stays low; set on the demo desk.
CLAIM_THRESHOLD = 0.35
# Members of one large event share its topic ("a gas attack near Damascus"), and on sentence
# vectors average linkage lumped most of them into one claim. From this many members on, each
# vector is taken less the event's mean before clustering, so members are compared on what
# they say beyond the topic (who did it, how many died); fewer members give too noisy a mean.
CENTRE_FROM = 20
# Mean cosine of centred vectors for two sets of members to be one claim: 0 is "more alike than
# two members of the event taken at random" (set on the development coverage).
CENTRED_CLAIM_THRESHOLD = 0.0
# Whether the members of an event that answer one question in so many words (who did it:
# `verify.stance.aspects`) form one claim whatever their vectors say.
CLAIM_ASPECTS = True


def centred(vectors: np.ndarray) -> np.ndarray:
    """Unit vectors of what each member says beyond the event's common topic: each row less
    the mean of the rows with a vector, normalised (rows without a vector stay zero)."""
    rows = np.asarray(vectors, dtype=np.float64)
    live = np.linalg.norm(rows, axis=1) > 0
    if not live.any():  # no member has a vector yet: nothing to centre
        return np.zeros_like(rows)
    shifted = np.where(live[:, None], rows - rows[live].mean(axis=0), 0.0)
    norms = np.linalg.norm(shifted, axis=1, keepdims=True)
    return np.where(norms > 0, shifted / np.maximum(norms, 1e-12), 0.0)


def partition(
    vectors: np.ndarray,
    fixed: Sequence[int | None],
    threshold: float = CLAIM_THRESHOLD,
    centred_threshold: float = CENTRED_CLAIM_THRESHOLD,
    aspects: Sequence[str | None] | None = None,
) -> list[int]:
    """A claim label for each row of `vectors` (unit vectors of one group's members).

    `fixed[i]` is the label a person gave member i (None: free). Free members are clustered;
    a cluster joins the fixed claim it is closest to when their mean cosine reaches
    `threshold`, else it is a claim of its own, labelled past every fixed label. An event of
    CENTRE_FROM members or more is clustered on `centred` vectors, with `centred_threshold`.

    `aspects[i]` is what member i answers (`verify.stance.aspects`, None: nothing in
    particular). Free members of one aspect then make one claim, whatever their vectors say
    (`_by_aspect`)."""
    if len(vectors) >= CENTRE_FROM:
        vectors, threshold = centred(vectors), centred_threshold
    count = len(fixed)
    labels: list[int | None] = list(fixed)
    free = [i for i in range(count) if fixed[i] is None]
    if not free:
        return [label for label in labels if label is not None]
    placed = [i for i in free if float(np.linalg.norm(vectors[i])) > 0]
    clusters = [[placed[j] for j in members] for members in _clusters(vectors[placed], threshold)]
    unplaced = [i for i in free if i not in set(placed)]
    if unplaced:  # no vector to compare: one claim of their own, together
        clusters.append(unplaced)
    fixed_labels = sorted({label for label in fixed if label is not None})
    next_label = (max(fixed_labels) + 1) if fixed_labels else 0
    for rows in clusters:
        best, best_score = None, threshold
        for label in fixed_labels:
            others = [i for i in range(count) if fixed[i] == label]
            score = float((vectors[rows] @ vectors[others].T).mean())
            if score >= best_score:
                best, best_score = label, score
        if best is None:
            best, next_label = next_label, next_label + 1
        for row in rows:
            labels[row] = best
    if aspects is not None:
        _by_aspect(labels, fixed, aspects)
    return [label for label in labels if label is not None]


# Members of one aspect that make a claim of their own; fewer join the claim holding most of them.
OWN_CLAIM_FROM = 3


def _by_aspect(
    labels: list[int | None], fixed: Sequence[int | None], aspects: Sequence[str | None]
) -> None:
    """Put each free member with an aspect in one claim of that aspect, in place: the claim a
    person put most of its members in (ties: the lower label); else, when OWN_CLAIM_FROM or
    more have it, a claim of their own, labelled past every other; else the claim that holds
    most of them (ties: the bigger, then the lower label).

    Of their own, not the claim their vectors put most of them in: in an event that ran
    several incidents together, that claim was a casualty toll, and who-did-it statements of
    other incidents turned its sides around. Two alone (the seed's "dismissed official claims
    security forces targeted religious extremists") are read against the claim they sit in."""
    for aspect in sorted({a for a in aspects if a is not None}):
        count = sum(1 for a in aspects if a == aspect)
        if count < 2:
            continue
        pinned = Counter(
            label
            for label, a in zip(fixed, aspects, strict=True)
            if a == aspect and label is not None
        )
        target: int | None
        if pinned:
            target = min(pinned, key=lambda label: (-pinned[label], label))
        elif count >= OWN_CLAIM_FROM:
            target = max(label for label in labels if label is not None) + 1
        else:
            held = Counter(label for label, a in zip(labels, aspects, strict=True) if a == aspect)
            sizes = Counter(labels)
            target = min(held, key=lambda label: (-held[label], -sizes[label], label))
        for i, a in enumerate(aspects):
            if a == aspect and fixed[i] is None:
                labels[i] = target


def _clusters(vectors: np.ndarray, threshold: float) -> list[list[int]]:
    """Average-linkage clusters whose members' mean cosine reaches `threshold`, in the order of
    their first member."""
    if len(vectors) == 0:
        return []
    if len(vectors) == 1:
        return [[0]]
    from scipy.cluster.hierarchy import fcluster, linkage  # 0.4 s: not while a process starts

    tree = linkage(vectors.astype(np.float64), method="average", metric="cosine")
    assigned = fcluster(tree, t=1.0 - threshold, criterion="distance")
    order: dict[int, list[int]] = {}
    for row, label in enumerate(assigned.tolist()):
        order.setdefault(label, []).append(row)
    return list(order.values())
