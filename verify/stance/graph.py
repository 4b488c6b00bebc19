"""Sides inside a claim from every pairwise judgement: a signed graph, two-coloured.

Each member is judged against the claim's central statement and its NEIGHBOURS nearest members
(by embedding): at most 1 + NEIGHBOURS pair judgements a member, so a claim of n members costs
O(n). Each judgement is an edge weighted by how surely the two agree (+) or contradict (-); the
cue's polarity enters before: a member whose cue denies what it governs ("denied responsibility
for the attack") turns the sign of its edges around. The sides are the two-colouring that
agrees with the most (and most confident) edges, found by local search from the central
statement's star; a side a person chose is fixed. A member that nothing ties firmly to either
side stays neutral. Two who-did-it statements whose words say whom they blame are not put to
the model: they are tied alike or opposite from their words (`_link_blame`), and a newcomer to
a judged claim takes its side from them the same way (`blame_stance`).

A claim is suggested disputed when it has a confident member on each side from different
speakers that clash on something checkable (`clashes`: a denial in so many words, other
figures, other actors); the reason names both and the slot that clashes.
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Mapping, Sequence

from . import slots
from .aspects import blame_sign
from .relation import PairJudge
from .sides import (
    GroupStance,
    Member,
    MemberStance,
    _within_group,
    central_member,
    denies_by_cue,
    explain,
    rejects,
)

# Nearest members each member is also judged against, besides the central statement.
NEIGHBOURS = 2
# Below this net tie (|sum of the edges' pull|, in [0, 1] once divided by the weights) a member
# stays neutral.
NEUTRAL_BELOW = 0.2
# Rounds of local search (each flips every member that gains by it).
ROUNDS = 10
# The central statement's edges count this much more: it states the claim.
CENTRAL_WEIGHT = 2.0
# The tie between two statements of one speaker in a claim (a judgement's edge is at most 1).
SPEAKER_WEIGHT = 1.0
# The tie between two who-did-it statements holding the same side responsible (+) or opposite
# sides (-), read from their words (`aspects.blame_sign`), no judgement needed. One of the two
# colourings tried grows along these ties before any judgement (`_colour`): whom a statement
# blames is read more surely than the model reads a pair.
BLAME_WEIGHT = 1.0
# Earlier members of each sign a who-did-it statement is tied to.
BLAME_TIES = 2
# Pairs of rival accounts a reason names at most (each denier's surest opponent).
REASONS = 2
# The surest pairs of one speaker's accounts its reason is chosen among.
REASON_CANDIDATES = 6
# Asserters of other speakers each denier is checked against for a clash, surest first.
CLASH_CANDIDATES = 3
# Slot clashes that earn a disputed suggestion without a denial cue (see `clashes`).
EARNING_SLOTS = frozenset({"number", "actor"})


def edge(probabilities: dict[str, float], flipped: bool) -> float:
    """Signed weight of one judgement: P(agree) - P(disagree) among related labels, turned
    around when exactly one of the two denies through its cue."""
    p = _within_group(probabilities)
    weight = p.get("agree", 0.0) - p.get("disagree", 0.0)
    return -weight if flipped else weight


def judge_claim(
    members: Sequence[Member],
    judge: PairJudge,
    neighbours: Mapping[int, Sequence[int]],
    threshold: float,
) -> GroupStance:
    """Sides, conflict, the suggested flag and its reason for one claim."""
    if not members:
        return GroupStance()
    central = central_member(members)
    by_key = {m.key: m for m in members}
    pairs: list[tuple[int, int]] = [(central.key, m.key) for m in members if m.key != central.key]
    seen = {frozenset(p) for p in pairs}
    for m in members:
        for other in list(neighbours.get(m.key, ()))[:NEIGHBOURS]:
            key = frozenset((m.key, other))
            if other in by_key and other != m.key and key not in seen:
                seen.add(key)
                pairs.append((other, m.key))
    # Two statements whose words say whom they blame need no judgement: `_link_blame` ties them.
    blames = {m.key: blame_sign(m.text, m.cue, m.kind, m.speaker) for m in members}
    pairs = [(a, b) for a, b in pairs if not (blames[a] and blames[b])]
    relations = judge.relate([(by_key[a].text, by_key[b].text) for a, b in pairs])
    edges: dict[int, list[tuple[int, float]]] = {m.key: [] for m in members}
    for (a, b), relation in zip(pairs, relations, strict=True):
        if relation.note is not None and relation.label != "agree":
            continue  # no model answer (language not supported): no tie
        flipped = denies_by_cue(by_key[a]) != denies_by_cue(by_key[b])
        weight = edge(relation.probabilities, flipped)
        if central.key in (a, b):
            weight *= CENTRAL_WEIGHT
        edges[a].append((b, weight))
        edges[b].append((a, weight))
    _link_speakers(members, edges)
    _link_blame(members, blames, edges, central)
    colour = _colour(members, central, edges, [k for k, sign in blames.items() if sign])
    stances = {}
    for m in members:
        pull = sum(w * colour[o] for o, w in edges[m.key])
        mass = sum(abs(w) for _, w in edges[m.key]) or 1.0
        tie = abs(pull) / mass
        if m.person_side is not None:
            stances[m.key] = MemberStance(
                m.key, m.person_side, 1.0, True, denial=float(m.person_side == "denies")
            )
        elif m.key == central.key:
            stances[m.key] = MemberStance(m.key, _side(colour[m.key]), 1.0)
        elif tie < NEUTRAL_BELOW:
            stances[m.key] = MemberStance(m.key, "neutral", 1.0 - tie)
        else:
            side = _side(colour[m.key])
            clashes = tuple(slots.slot_conflicts(central.text, m.text)) if side == "denies" else ()
            denial = tie if side == "denies" else 0.0
            stances[m.key] = MemberStance(m.key, side, tie, denial=denial, slots=clashes)
    return _summary(central, by_key, stances, threshold)


def _link_speakers(members: Sequence[Member], edges: dict[int, list[tuple[int, float]]]) -> None:
    """One speaker keeps to one side of one claim: each member is tied (SPEAKER_WEIGHT, no
    judgement needed) to the speaker's previous member in the claim. The tie is between sides,
    as every edge is, so a cue does not turn it: "Feld said government guns shelled the market"
    and "Feld denied that rebels fired" stand on one side."""
    last: dict[str, Member] = {}
    for m in members:
        speaker = m.speaker.casefold()
        if not speaker:
            continue
        before = last.get(speaker)
        if before is not None:
            edges[m.key].append((before.key, SPEAKER_WEIGHT))
            edges[before.key].append((m.key, SPEAKER_WEIGHT))
        last[speaker] = m


def _link_blame(
    members: Sequence[Member],
    blames: Mapping[int, int],
    edges: dict[int, list[tuple[int, float]]],
    central: Member,
) -> None:
    """Who-did-it statements that hold the same side responsible stand together, those that
    hold opposite sides apart (BLAME_WEIGHT, no judgement needed): each is tied to the claim's
    anchor (the central statement when its words say whom it blames, else the most central
    member whose words do) and to the BLAME_TIES previous members of either sign. So a claim of
    n members gets O(n) ties, the anchor keeps them oriented one way, and one misread
    statement does not turn the others around. Statements whose words do not say whom they
    blame get no tie."""
    signed = [m for m in members if blames[m.key]]
    if len(signed) < 2:
        return
    anchor = central if blames[central.key] else max(signed, key=lambda m: m.centrality)

    def tie(a: Member, b: Member) -> None:
        weight = BLAME_WEIGHT if blames[a.key] == blames[b.key] else -BLAME_WEIGHT
        edges[a.key].append((b.key, weight))
        edges[b.key].append((a.key, weight))

    last: dict[int, list[Member]] = {1: [], -1: []}
    for m in signed:
        if m.key != anchor.key:
            tie(m, anchor)
        for before in last.values():
            for other in before[-BLAME_TIES:]:
                if anchor.key not in (m.key, other.key):
                    tie(m, other)
        last[blames[m.key]].append(m)


def blame_stance(
    newcomer: Member, members: Sequence[Member], stances: Mapping[int, MemberStance]
) -> MemberStance | None:
    """A newcomer's side read from whom it blames (`aspects.blame_sign`), without the model:
    the side of the members already judged that blame as it does, the other side of those that
    blame the other side, each counted by its confidence. None when its words do not say whom
    it blames, no judged member's words do, a person chose its side, or the vote is too close
    (under NEUTRAL_BELOW of its weight): the pair model decides then."""
    sign = blame_sign(newcomer.text, newcomer.cue, newcomer.kind, newcomer.speaker)
    if not sign or newcomer.person_side is not None:
        return None
    vote = mass = 0.0
    for m in members:
        stance = stances.get(m.key)
        other = blame_sign(m.text, m.cue, m.kind, m.speaker)
        if stance is None or not other or stance.side not in ("asserts", "denies"):
            continue
        polar = 1 if stance.side == "asserts" else -1
        vote += polar * (1 if other == sign else -1) * stance.confidence
        mass += stance.confidence
    if not mass or abs(vote) / mass < NEUTRAL_BELOW:
        return None
    tie = abs(vote) / mass
    side = _side(1 if vote > 0 else -1)
    return MemberStance(newcomer.key, side, tie, denial=tie if side == "denies" else 0.0)


def _side(colour: int) -> str:
    return "asserts" if colour > 0 else "denies"


def _colour(
    members: Sequence[Member],
    central: Member,
    edges: dict[int, list[tuple[int, float]]],
    block: Collection[int] = (),
) -> dict[int, int]:
    """+1 (asserts) or -1 (denies) for each member: people's sides and the central statement
    fixed; the rest first coloured outwards from them along the surest edges (a maximum
    spanning tree, grown from the fixed members), then flipped while that agrees with more of
    the weighted edges. A member with no edge takes the central statement's colour.

    A second colouring grows along the ties inside `block` (the who-did-it statements) before
    any other edge, so that they start as one consistent block, and turns that block around as
    a whole when no fixed member holds it and that agrees with more of the edges to the rest
    (no single flip can). Of the two, the one that agrees with more of the weighted edges wins:
    the first when the block's ties tie statements of different incidents that the model sets
    apart, the second when the model's pairs with the central statement ran a part of the block
    the wrong way round."""
    fixed: dict[int, int] = {}
    for m in members:
        if m.person_side in ("asserts", "denies"):
            fixed[m.key] = 1 if m.person_side == "asserts" else -1
    fixed.setdefault(central.key, -1 if rejects(central) else 1)
    best: tuple[float, dict[int, int]] | None = None
    blocks = [frozenset(), frozenset(block)] if len(block) > 1 else [frozenset()]
    for first in blocks:
        colour = _grown(fixed, edges, first)
        for m in members:
            colour.setdefault(m.key, fixed[central.key])
        _search(members, fixed, edges, colour)
        if first and not first & fixed.keys() and _gain_of_flipping(first, edges, colour) > 0:
            for key in first:
                colour[key] = -colour[key]
            _search(members, fixed, edges, colour)
        agreement = _agreement(edges, colour)
        if best is None or agreement > best[0]:
            best = (agreement, colour)
    assert best is not None
    return best[1]


def _agreement(edges: Mapping[int, list[tuple[int, float]]], colour: Mapping[int, int]) -> float:
    """Weight of the edges a colouring agrees with, less that of those it goes against."""
    return sum(w * colour[key] * colour[other] for key, out in edges.items() for other, w in out)


def _search(
    members: Sequence[Member],
    fixed: Mapping[int, int],
    edges: Mapping[int, list[tuple[int, float]]],
    colour: dict[int, int],
) -> None:
    """Flip, round after round (ROUNDS at most), each free member whose weighted edges pull it
    to the other side, until none does."""
    for _ in range(ROUNDS):
        changed = False
        for m in members:
            if m.key in fixed:
                continue
            pull = sum(w * colour[o] for o, w in edges[m.key])
            wanted = 1 if pull >= 0 else -1
            if pull != 0 and wanted != colour[m.key]:
                colour[m.key] = wanted
                changed = True
        if not changed:
            break


def _gain_of_flipping(
    block: Collection[int], edges: Mapping[int, list[tuple[int, float]]], colour: Mapping[int, int]
) -> float:
    """How much more weight of the edges between `block` and the rest agrees once every member
    of the block is turned around (edges inside the block agree as much either way)."""
    crossing = sum(
        w * colour[key] * colour[other]
        for key in block
        for other, w in edges.get(key, ())
        if other not in block
    )
    return -2 * crossing


def _grown(
    fixed: Mapping[int, int], edges: Mapping[int, list[tuple[int, float]]], block: Collection[int]
) -> dict[int, int]:
    """Colours spread from `fixed` along the surest edge that reaches an uncoloured member
    each time (Prim's order), an edge between two members of `block` before any other: the
    colour of the other end, turned around by a negative edge."""
    colour = dict(fixed)
    # (not a tie inside the block, -|w|, order pushed, member, colour)
    frontier: list[tuple[bool, float, int, int, int]] = []

    def reach(key: int) -> None:
        for other, weight in edges.get(key, ()):
            if weight and other not in colour:
                value = colour[key] if weight > 0 else -colour[key]
                tie = key in block and other in block
                heapq.heappush(frontier, (not tie, -abs(weight), len(frontier), other, value))

    for key in fixed:
        reach(key)
    while frontier:
        *_, key, value = heapq.heappop(frontier)
        if key not in colour:
            colour[key] = value
            reach(key)
    return colour


def clashes(denier: Member, asserter: Member) -> bool:
    """Whether two accounts on opposite sides clash on something a reader can check: one of
    them denies in so many words (its cue), or they give other figures or other actors (who
    did it, who was hit). Places and dates alone do not: accounts of the same days that name
    another town are more often of another incident than a dispute."""
    if rejects(denier) or rejects(asserter):
        return True
    return any(c.kind in EARNING_SLOTS for c in slots.slot_conflicts(asserter.text, denier.text))


def _summary(
    central: Member,
    by_key: dict[int, Member],
    stances: dict[int, MemberStance],
    threshold: float,
) -> GroupStance:
    """Disputed when a member at least `threshold` sure asserts and another as sure denies, from
    different speakers; the conflict is the weaker of the two in the strongest such pair. The
    reason names the REASONS strongest pairs of different deniers."""
    asserting = sorted(
        (s for s in stances.values() if s.side == "asserts"), key=lambda s: -s.confidence
    )
    pairs: list[tuple[float, int, int]] = []
    for d in (s for s in stances.values() if s.side == "denies"):
        speaker = by_key[d.key].speaker.casefold()
        rivals = [
            a for a in asserting if not speaker or by_key[a.key].speaker.casefold() != speaker
        ]
        for a in rivals[:CLASH_CANDIDATES]:  # the surest asserter of another speaker that clashes
            if d.by_person or clashes(by_key[d.key], by_key[a.key]):
                pairs.append((min(a.confidence, d.confidence), d.key, a.key))
                break
    if not pairs:
        return GroupStance(central.key, stances)
    pairs.sort(
        key=lambda pair: (-pair[0], not stances[pair[1]].by_person, pair[1])
    )  # a person's first
    conflict, denier, _ = pairs[0]
    disputed = conflict >= threshold
    # One reason per denying speaker, the speakers in the order of their surest pair; of a
    # speaker's surest pairs, one that clashes on a checkable detail (figures, who was hit) says
    # more than a bare "X's denial contradicts Y" and is named instead.
    by_speaker: dict[str, list[tuple[float, int, int]]] = {}
    for pair in pairs:
        if pair[0] >= threshold:
            by_speaker.setdefault(by_key[pair[1]].speaker.casefold(), []).append(pair)
    reasons: list[str] = []
    for own in list(by_speaker.values())[:REASONS]:
        own = own[:REASON_CANDIDATES]
        _, denying, asserting_key = next(
            (p for p in own if slots.slot_conflicts(by_key[p[2]].text, by_key[p[1]].text)),
            own[0],
        )
        reasons.append(explain(by_key[denying], by_key[asserting_key]))
    return GroupStance(central.key, stances, conflict, disputed, "; ".join(reasons) or None, denier)
