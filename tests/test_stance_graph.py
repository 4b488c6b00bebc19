"""The signed graph's disputed suggestion: earned only by something a reader can check."""

from __future__ import annotations

from verify.stance.graph import _summary, clashes
from verify.stance.sides import Member, MemberStance

STRIKE = Member(1, "the air strike on Tolu killed 12 people", speaker="the army", cue="said")
TOLL = Member(2, "the air strike on Tolu killed 40 people", speaker="a monitor", cue="said")
DENIAL = Member(3, "the air strike on Tolu killed 12 people", speaker="the rebels", cue="denied")
ELSEWHERE = Member(4, "the air strike on Varn killed 12 people", speaker="a monitor", cue="said")


def test_a_denial_in_so_many_words_clashes() -> None:
    assert clashes(DENIAL, STRIKE)


def test_other_figures_clash() -> None:
    assert clashes(TOLL, STRIKE)


def test_another_place_alone_does_not_clash() -> None:
    assert not clashes(ELSEWHERE, STRIKE)


def _disputed(denier: Member) -> bool:
    members = {m.key: m for m in (STRIKE, denier)}
    stances = {
        STRIKE.key: MemberStance(STRIKE.key, "asserts", 1.0),
        denier.key: MemberStance(denier.key, "denies", 0.9, denial=0.9),
    }
    return _summary(STRIKE, members, stances, threshold=0.5).disputed


def test_opposite_sides_that_clash_are_suggested_disputed() -> None:
    assert _disputed(TOLL)
    assert _disputed(DENIAL)


def test_opposite_sides_on_another_place_alone_are_not() -> None:
    assert not _disputed(ELSEWHERE)
