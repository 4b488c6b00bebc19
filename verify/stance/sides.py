"""Inside a group: the central claim, each member's side with a confidence, the conflict score,
the suggested flag and the reason shown to the editor. Suggestions only: a side a person chose is
kept as it is and counts as certain.

Cost: a full judgement compares every member with the central claim once, and a member the central
claim leaves neutral with up to `representatives` members already on a side, and with its nearest
neighbour when that is not the central claim. A newcomer to a judged group costs at most
PAIRS_PER_NEWCOMER pair judgements, whatever the group's size.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from . import signals, slots
from .dismissals import dismisses
from .relation import SIDE_OF_LABEL, PairJudge, Relation

# A group is suggested as disputed when some member denies its central claim, or contradicts the
# member closest to it, at least this surely.
DISPUTE_THRESHOLD = 0.5
REPRESENTATIVES = 3
# Most pair judgements one newcomer costs: the central claim, representatives, its neighbour.
PAIRS_PER_NEWCOMER = 2 + REPRESENTATIVES
# Below this probability of being related at all, a pair's relation is left as the model gave it.
RELATED_FLOOR = 0.05
# A speaker's other statements in the group count as this much evidence for their side.
SPEAKER_WEIGHT = 1.0
# News puts its main claim first (the inverted pyramid): a statement at the very start of its
# article gets this much added to its centrality when the central claim is chosen, less the
# further in it starts (`Member.lede`).
LEDE_BONUS = 0.1


@dataclass(frozen=True)
class Member:
    """What stance needs of a statement in a group."""

    key: int  # the statement id
    text: str
    speaker: str = ""
    cue: str | None = None  # the cue word as written ("dismissed")
    person_side: str | None = None  # a side a person chose: kept, never judged
    centrality: float = 0.0  # cosine to the group's centroid
    lede: float = 0.0  # 1.0 at its article's start, down to 0.0 past the opening paragraph
    neighbour: int | None = None  # the member closest to it in meaning (by embedding)
    kind: str | None = None  # the speaker's kind ("government", "monitor", ...)


@dataclass(frozen=True)
class MemberStance:
    key: int
    side: str  # asserts | denies | neutral
    confidence: float  # of that side, 0..1
    by_person: bool = False
    relation: Relation | None = None  # to the central claim (None for the central claim itself)
    denial: float = 0.0  # probability that this member denies the central claim
    slots: tuple[slots.SlotConflict, ...] = ()  # where it clashes with the central claim
    clash: float = 0.0  # probability that it contradicts its neighbour (not the central claim)
    clash_with: int | None = None  # that neighbour


@dataclass(frozen=True)
class GroupStance:
    central: int | None = None
    members: dict[int, MemberStance] = field(default_factory=dict)
    conflict: float = 0.0  # how surely a member denies the central claim or its neighbour
    disputed: bool = False  # the suggested flag
    reason: str | None = None
    against: int | None = None  # the member behind the reason


def denies_by_cue(member: Member) -> bool:
    """Whether the member's cue denies what it governs ("dismissed", "denied", "rejected")."""
    return signals.cue_force(member.cue) < 0


def rejects(member: Member) -> bool:
    """Whether the member denies by its cue or dismisses in its own words ("the allegations
    were fabricated", `dismissals.dismisses`)."""
    return denies_by_cue(member) or dismisses(member.text)


def central_member(members: Sequence[Member]) -> Member:
    """The claim the group is about: among members a person said assert (else those that
    neither deny by their cue nor dismiss, else all), the one closest to the group's centroid,
    a lede counting extra."""
    for pool in (
        [m for m in members if m.person_side == "asserts"],
        [m for m in members if m.person_side is None and not rejects(m)],
        list(members),
    ):
        if pool:
            return max(pool, key=lambda m: (m.centrality + LEDE_BONUS * m.lede, -m.key))
    raise ValueError("a group without members has no central claim")


def _by_person(member: Member) -> MemberStance:
    side = member.person_side or "neutral"
    return MemberStance(member.key, side, 1.0, by_person=True, denial=float(side == "denies"))


def _within_group(probabilities: Mapping[str, float]) -> dict[str, float]:
    """The relation given that both statements are about the same thing, as grouping found: the
    model's "unrelated" share goes to the other labels in proportion. When the model is all but
    sure they are unrelated (under RELATED_FLOOR left), it stays and counts as neutral."""
    related = 1.0 - probabilities.get("unrelated", 0.0)
    if related < RELATED_FLOOR:
        return dict(probabilities)
    return {
        label: (0.0 if label == "unrelated" else value / related)
        for label, value in probabilities.items()
    }


def _side_scores(
    evidence: list[tuple[Relation, str, float]], denying_cue: bool = False
) -> dict[str, float]:
    """Side probabilities from relations to members on known sides: agreeing with an asserter
    asserts, disagreeing with one denies, and the reverse for a denier.

    The cue's force: a member whose cue denies what it governs ("X dismissed claims that ...")
    turns its words around. Words that agree with the reference, or are about it without taking a
    side, are what the speaker denies; words that disagree are a counterclaim the speaker denies,
    so they side with the reference."""
    totals = {"asserts": 0.0, "denies": 0.0, "neutral": 0.0}
    weight_sum = 0.0
    for relation, side, weight in evidence:
        p = _within_group(relation.probabilities)
        agree, disagree = p.get("agree", 0.0), p.get("disagree", 0.0)
        rest = p.get("neutral", 0.0) + p.get("unrelated", 0.0)
        if denying_cue:
            agree, disagree, rest = disagree, agree + p.get("neutral", 0.0), p.get("unrelated", 0.0)
        if side == "denies":
            agree, disagree = disagree, agree
        totals["asserts"] += weight * agree
        totals["denies"] += weight * disagree
        totals["neutral"] += weight * rest
        weight_sum += weight
    return {side: value / weight_sum for side, value in totals.items()} if weight_sum else totals


_SAME = Relation("agree", {"agree": 1.0})


def _stance_of(
    member: Member,
    to_central: Relation,
    more: list[tuple[Relation, str]],
    central: Member,
    speaker_sides: Sequence[str] = (),
) -> MemberStance:
    if to_central.note is not None and not more:
        side = SIDE_OF_LABEL[to_central.label]
        return MemberStance(member.key, side, to_central.confidence, relation=to_central)
    # The side the central statement's words take: a dismissal's words deny.
    words = "denies" if dismisses(central.text) else "asserts"
    evidence = [(to_central, words, 2.0)] + [(r, s, 1.0) for r, s in more]
    scores = _side_scores(evidence, denies_by_cue(member))
    if speaker_sides:
        # One speaker keeps to one side of one event: their other statements' sides count too.
        own = _side_scores([(_SAME, side, SPEAKER_WEIGHT) for side in speaker_sides])
        total = sum(w for _, _, w in evidence) + SPEAKER_WEIGHT * len(speaker_sides)
        share = SPEAKER_WEIGHT * len(speaker_sides) / total
        scores = {k: (1 - share) * scores[k] + share * own[k] for k in scores}
    side = max(scores, key=lambda s: scores[s])
    clashes = tuple(slots.slot_conflicts(central.text, member.text)) if side == "denies" else ()
    return MemberStance(
        member.key,
        side,
        scores[side],
        relation=to_central,
        denial=scores["denies"],
        slots=clashes,
    )


def _representatives(stances: Mapping[int, MemberStance], central: int, count: int) -> list[int]:
    """Members most surely on a side (by a person first), the central claim excluded."""
    sided = [s for s in stances.values() if s.key != central and s.side != "neutral"]
    sided.sort(key=lambda s: (not s.by_person, -s.confidence, s.key))
    return [s.key for s in sided[:count]]


def _words_side(member: Member, stance: MemberStance) -> str:
    """The side a member's words take: its side, turned around when its cue denies them
    ("X dismissed claims that ...": the words assert what X denies)."""
    if denies_by_cue(member) and stance.side != "neutral":
        return "asserts" if stance.side == "denies" else "denies"
    return stance.side


def _speaker_sides(
    member: Member, by_key: Mapping[int, Member], stances: Mapping[int, MemberStance]
) -> list[str]:
    """The sides the member's speaker takes elsewhere in the group, where they are sure."""
    if not member.speaker:
        return []
    speaker = member.speaker.casefold()
    return [
        s.side
        for s in stances.values()
        if s.key != member.key
        and s.key in by_key
        and s.side != "neutral"
        and s.confidence >= DISPUTE_THRESHOLD
        and by_key[s.key].speaker.casefold() == speaker
    ]


def _clashes(
    members: Sequence[Member],
    by_key: Mapping[int, Member],
    central: Member,
    judge: PairJudge,
) -> dict[int, tuple[float, int]]:
    """For members whose neighbour is not the central claim: how surely each contradicts it."""
    pairs = [
        (m, by_key[m.neighbour])
        for m in members
        if m.neighbour is not None and m.neighbour in by_key and m.neighbour != central.key
    ]
    found = judge.relate([(near.text, m.text) for m, near in pairs])
    clashes = {}
    for (member, near), relation in zip(pairs, found, strict=True):
        if relation.note is not None:
            continue
        p = _within_group(relation.probabilities)
        clash = p.get("disagree", 0.0)
        if denies_by_cue(member):
            clash = p.get("agree", 0.0) + p.get("neutral", 0.0)
        clashes[member.key] = (clash, near.key)
    return clashes


def judge_group(
    members: Sequence[Member],
    judge: PairJudge,
    representatives: int = REPRESENTATIVES,
    threshold: float = DISPUTE_THRESHOLD,
) -> GroupStance:
    """Sides for every member, the conflict score and the suggested flag of one group
    (disputed from a conflict score of `threshold`)."""
    if not members:
        return GroupStance()
    central = central_member(members)
    by_key = {m.key: m for m in members}
    stances: dict[int, MemberStance] = {
        central.key: _by_person(central)
        if central.person_side
        # A claim stated only through a denial ("dismissed claims that ...") is denied by it.
        else MemberStance(central.key, "denies" if rejects(central) else "asserts", 1.0)
    }
    free = [m for m in members if m.key != central.key and m.person_side is None]
    for m in members:
        if m.key != central.key and m.person_side is not None:
            stances[m.key] = _by_person(m)
    relations = judge.relate([(central.text, m.text) for m in free])
    undecided = []
    for member, relation in zip(free, relations, strict=True):
        stance = _stance_of(member, relation, [], central)
        stances[member.key] = stance
        if stance.side == "neutral" and relation.note is None:
            undecided.append(member)
    reps = _representatives(stances, central.key, representatives)
    evidence: dict[int, list[tuple[Relation, str]]] = {}
    if undecided and reps:
        pairs = [(by_key[r].text, m.text) for m in undecided for r in reps]
        found = judge.relate(pairs)
        for index, member in enumerate(undecided):
            more = [
                (found[index * len(reps) + j], _words_side(by_key[r], stances[r]))
                for j, r in enumerate(reps)
            ]
            to_central = stances[member.key].relation
            assert to_central is not None
            stances[member.key] = _stance_of(member, to_central, more, central)
            evidence[member.key] = more
    for member in free:
        judged = stances[member.key]
        own = _speaker_sides(member, by_key, stances)
        if own and judged.relation is not None and judged.relation.note is None:
            more = evidence.get(member.key, [])
            stances[member.key] = _stance_of(member, judged.relation, more, central, own)
    for key, (clash, near) in _clashes(free, by_key, central, judge).items():
        stances[key] = replace(stances[key], clash=clash, clash_with=near)
    return summarise(central, by_key, stances, threshold)


def judge_newcomer(
    current: GroupStance,
    members: Sequence[Member],
    newcomer: Member,
    judge: PairJudge,
    representatives: int = REPRESENTATIVES,
    threshold: float = DISPUTE_THRESHOLD,
) -> GroupStance:
    """`current` with `newcomer` added: compared with the central claim, a few members on a side
    and its nearest neighbour, never with the whole group. `members` are the group's members
    before the newcomer."""
    by_key = {m.key: m for m in members}
    if current.central is None or current.central not in by_key:
        return judge_group([*members, newcomer], judge, representatives, threshold)
    central = by_key[current.central]
    by_key[newcomer.key] = newcomer
    stances = dict(current.members)
    if newcomer.person_side is not None:
        stances[newcomer.key] = _by_person(newcomer)
        return summarise(central, by_key, stances, threshold)
    reps = [r for r in _representatives(stances, central.key, representatives) if r in by_key]
    found = judge.relate(
        [(central.text, newcomer.text)] + [(by_key[r].text, newcomer.text) for r in reps]
    )
    more = [(found[1 + j], _words_side(by_key[r], stances[r])) for j, r in enumerate(reps)]
    own = _speaker_sides(newcomer, by_key, stances)
    stance = _stance_of(newcomer, found[0], more, central, own)
    clash = _clashes([newcomer], by_key, central, judge).get(newcomer.key)
    if clash is not None:
        stance = replace(stance, clash=clash[0], clash_with=clash[1])
    stances[newcomer.key] = stance
    return summarise(central, by_key, stances, threshold)


def summarise(
    central: Member,
    by_key: Mapping[int, Member],
    stances: dict[int, MemberStance],
    threshold: float = DISPUTE_THRESHOLD,
) -> GroupStance:
    """The conflict score (the surest denial of the central claim, or contradiction between two
    neighbours), the suggested flag and the reason."""
    strongest: tuple[tuple[bool, float, int], int, int | None] | None = None
    for s in stances.values():
        if s.key == central.key or s.key not in by_key:
            continue
        for value, other in ((s.denial, None), (s.clash, s.clash_with)):
            if value <= 0 or (other is not None and other not in by_key):
                continue
            target = central if other is None else by_key[other]
            if _same_speaker(by_key[s.key], target):
                continue  # a speaker at odds with their own words is no dispute between accounts
            rank = (s.by_person and other is None, value, -s.key)
            if strongest is None or rank > strongest[0]:
                strongest = (rank, s.key, other)
    if strongest is None:
        return GroupStance(central.key, stances)
    (_, conflict, _), key, other = strongest
    disputed = conflict >= threshold
    reason = None
    if disputed:
        target = central if other is None else by_key[other]
        reason = explain(by_key[key], target, stances[key] if other is None else None)
    return GroupStance(central.key, stances, conflict, disputed, reason, key)


# The slot shown in a reason: who was hit tells most, dates least.
_SLOT_ORDER = {"actor": 0, "number": 1, "place": 2, "date": 3}


def explain(denier: Member, target: Member, stance: MemberStance | None = None) -> str:
    """'Brahumdagh Bugti's denial contradicts the military statement: civilians vs terrorists'."""
    who = _possessive(denier.speaker or "A member")
    what = "denial" if rejects(denier) else "account"
    reason = f"{who} {what} contradicts {target.speaker or 'the central claim'}"
    clashes = (stance.slots if stance else ()) or tuple(
        slots.slot_conflicts(target.text, denier.text)
    )
    if clashes:
        first = min(clashes, key=lambda c: _SLOT_ORDER.get(c.kind, 9))
        reason += f": {first.b.text} vs {first.a.text}"
    return reason


def _same_speaker(a: Member, b: Member) -> bool:
    return bool(a.speaker) and a.speaker.casefold() == b.speaker.casefold()


def _possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"
