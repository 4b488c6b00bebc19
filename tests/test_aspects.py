"""Who did it, read from the words: the aspect that makes a claim of an event's rival accounts
of responsibility, whom each holds responsible, and the sides that follows from it."""

from __future__ import annotations

import numpy as np
import pytest
from judges import Undecided

from verify.services.settings import DeskSettings
from verify.stance import graph
from verify.stance.aspects import BLAME, aspect_of, blame_sign
from verify.stance.claims import partition
from verify.stance.sides import Member, MemberStance


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("the government was behind the shelling of the market", "said"),
        ("the rebels bear full responsibility for the massacre", "said"),
        ("the allegations were baseless and fabricated", "said"),
        ("the army used barrel bombs on the town", "said"),
        ("a bombardment by government forces hit the clinic", "said"),
        ("any part in the attack", "denied"),
        ("militias of carrying out the raid", "accused"),
        ("two of the regime's warplanes were in the skies above the convoy", "said"),
        ("army jets were flying over the village before the blasts", "said"),
    ],
)
def test_statements_about_responsibility_answer_who_did_it(text: str, cue: str) -> None:
    assert aspect_of(text, cue) == BLAME


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("at least 40 people were killed in the shelling of the market", "said"),
        ("the clinic treated dozens of wounded children overnight", "said"),
        ("an alleged gas attack hit the town on Tuesday", "reported"),
        ("the rebels killed three soldiers at a checkpoint", "said"),
        ("the militants were using tunnels to store explosives", "said"),
        ("the jets returned to their base after the exercise", "said"),
    ],
)
def test_tolls_and_accounts_of_what_happened_do_not(text: str, cue: str) -> None:
    assert aspect_of(text, cue) is None


@pytest.mark.parametrize(
    ("text", "cue", "kind", "speaker", "sign"),
    [
        ("government forces of gassing hundreds of people", "accused", "opposition", "", 1),
        ("rebels of using chemical arms against the troops", "accused", "media", "", -1),
        ("charges that the army used chemical weapons", "denied", "government", "", -1),
        ("that the air force was not behind the strike", "said", "government", "", -1),
        ("the regime's jets fired rockets at the suburbs", "said", "monitor", "", 1),
        ("it was a rebel provocation", "said", "government", "", -1),
        # a denial naming no side speaks for the speaker's own
        ("the reports of an attack", "denied", "government", "Interior ministry", -1),
        ("there was no truth to the reports", "said", "media", "state television", -1),
        ("an attempt to divert the inquiry", "said", "media", "SANA news agency", -1),
        # a side named as the accuser is not the side held responsible
        ("claims by the opposition that the army gassed people", "rejected", "government", "", -1),
        # a denial naming both sides may deny either
        ("claims that security forces targeted religious extremists", "dismissed", None, "", 0),
        # whom it blames is not in the words
        ("there was no truth to the reports", "said", "media", "a news agency", 0),
        ("the death toll rose to 40", "said", "monitor", "", 0),
    ],
)
def test_whom_a_statement_holds_responsible(
    text: str, cue: str, kind: str, speaker: str, sign: int
) -> None:
    assert blame_sign(text, cue, kind, speaker) == sign


def test_who_did_it_members_join_one_claim_whatever_their_vectors() -> None:
    vectors = np.eye(4, dtype=np.float32)  # no two alike
    aspects = [BLAME, None, BLAME, BLAME]
    labels = partition(vectors, [None] * 4, threshold=0.5, aspects=aspects)
    assert labels[0] == labels[2] == labels[3] != labels[1]
    assert len(set(partition(vectors, [None] * 4, threshold=0.5))) == 4  # the vectors alone


def test_a_member_a_person_placed_stays_where_the_person_put_it() -> None:
    vectors = np.eye(3, dtype=np.float32)
    labels = partition(vectors, [5, None, None], threshold=0.5, aspects=[BLAME, BLAME, BLAME])
    assert labels == [5, 5, 5]
    labels = partition(vectors, [5, 6, None], threshold=0.5, aspects=[BLAME, BLAME, BLAME])
    assert labels[:2] == [5, 6]


ACCUSERS = [
    ("the army was behind the gas attack", "a rescue group"),
    ("government forces of gassing the suburb", "the opposition coalition"),
    ("the regime's jets fired the rockets with poison gas", "a war monitor"),
    ("the air force bears responsibility for the attack", "the foreign minister"),
]
DENIERS = [
    ("the reports of a gas attack", "the government"),
    ("rebels of staging the attack to blame the army", "state media"),
    ("that the air force was not behind the attack", "the defence ministry"),
    ("it was a rebel provocation", "the allied embassy"),
]


def test_accusers_and_deniers_take_opposite_sides_from_their_words() -> None:
    members = []
    for i, ((text, speaker), (denial, denier)) in enumerate(zip(ACCUSERS, DENIERS, strict=True)):
        centrality = 0.9 - i / 10
        members.append(Member(2 * i + 1, text, speaker=speaker, cue="said", centrality=centrality))
        cue = "denied" if "reports" in denial or "not" in denial else "accused"
        cue = "said" if "provocation" in denial else cue
        kind = "government" if denier in ("the government", "the defence ministry") else None
        members.append(Member(2 * i + 2, denial, speaker=denier, cue=cue, kind=kind))
    stance = graph.judge_claim(members, Undecided(), {}, threshold=0.5)
    sides = {m.key: stance.members[m.key].side for m in members}
    accusing = {sides[m.key] for m in members if m.key % 2}
    denying = {sides[m.key] for m in members if not m.key % 2}
    assert len(accusing) == len(denying) == 1
    assert accusing | denying == {"asserts", "denies"}
    assert stance.disputed


def test_the_setting_turns_who_did_it_claims_off() -> None:
    assert DeskSettings.from_config({}).claim_aspects is True
    assert DeskSettings.from_config({"CLAIM_ASPECTS": False}).claim_aspects is False


def test_a_newcomer_that_says_whom_it_blames_takes_its_side_without_the_model() -> None:
    accuser = Member(1, "the army was behind the gas attack", speaker="a rescue group", cue="said")
    denier = Member(2, "charges that the army used gas", speaker="the government", cue="denied")
    stances = {
        1: MemberStance(1, "asserts", 0.9),
        2: MemberStance(2, "denies", 0.8, denial=0.8),
    }
    second_denial = Member(
        3, "that the air force was not behind the attack", speaker="the ministry", cue="said"
    )
    read = graph.blame_stance(second_denial, [accuser, denier], stances)
    assert read is not None and read.side == "denies" and read.denial > 0.5
    second_accuser = Member(4, "government forces of gassing the suburb", cue="accused")
    read = graph.blame_stance(second_accuser, [accuser, denier], stances)
    assert read is not None and read.side == "asserts"
    toll = Member(5, "at least 40 people were killed", speaker="a monitor", cue="said")
    assert graph.blame_stance(toll, [accuser, denier], stances) is None


def test_who_did_it_statements_make_a_claim_of_their_own_beside_a_toll() -> None:
    """Three who-did-it statements leave the toll claim their vectors put one of them in; two
    alone stay with the claim that holds most of them (the seed's dismissal, beside the raid)."""
    toll = np.array([1.0, 0.0, 0.0], dtype=np.float32)
    vectors = np.stack([toll, toll, [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]).astype(np.float32)
    labels = partition(vectors, [None] * 4, threshold=0.5, aspects=[None, BLAME, BLAME, BLAME])
    assert labels[1] == labels[2] == labels[3] != labels[0]
    labels = partition(vectors[:3], [None] * 3, threshold=0.5, aspects=[None, BLAME, BLAME])
    assert labels[0] == labels[1] == labels[2]


def test_the_blame_ties_outvote_pairs_that_turned_part_of_the_block_around() -> None:
    """Grown along the surest edges, the deniers' strong (mistaken) agreement with the central
    statement comes first and the accusers follow the central statement too: every blame tie
    between them is broken. Grown along the ties first, the accusers stand opposite the
    deniers, which agrees with more of the weighted edges, so that colouring is kept."""
    central = Member(0, "talks on the inspection", speaker="an envoy")
    accusers = [Member(k, f"the army was behind it {k}", speaker=f"a{k}") for k in (1, 2)]
    deniers = [Member(k, f"the army was not behind it {k}", speaker=f"d{k}") for k in (3, 4)]
    members = [central, *accusers, *deniers]
    edges: dict[int, list[tuple[int, float]]] = {m.key: [] for m in members}

    def tie(a: int, b: int, weight: float) -> None:
        edges[a].append((b, weight))
        edges[b].append((a, weight))

    for a in accusers:
        tie(0, a.key, 1.6)
    for d in deniers:
        tie(0, d.key, 1.9)
    tie(1, 2, 1.0)
    tie(3, 4, 1.0)
    for a in accusers:
        for d in deniers:
            tie(a.key, d.key, -1.0)
    alone = graph._colour(members, central, edges)
    assert len({alone[k] for k in (1, 2, 3, 4)}) == 1  # all with the central statement
    colour = graph._colour(members, central, edges, block=[1, 2, 3, 4])
    assert colour[1] == colour[2] != colour[3] == colour[4]
    assert graph._agreement(edges, colour) > graph._agreement(edges, alone)
