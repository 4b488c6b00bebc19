"""The stance judge and the group level, on the shipped models (no stand-ins)."""

from __future__ import annotations

import numpy as np
import pytest
from judges import CountingJudge

from verify.stance import sides
from verify.stance.judge import StanceJudge, stance_judge
from verify.stance.pair_model import PairModel
from verify.stance.relation import EMPTY, IDENTICAL, LABELS, LANGUAGE_NOT_SUPPORTED
from verify.stance.texts import MAX_TEXT_CHARS, claim_of, passage, prepare

MILITARY = "Security forces killed 12 hardcore terrorists in a cave hideout in Mastung district."
DENIAL = "The army is attacking civilians in Mastung with gunship helicopters."
REPEAT = "Twelve hardcore terrorists were killed by security forces in a Mastung cave hideout."


@pytest.fixture(scope="module")
def judge() -> StanceJudge:
    return stance_judge()


def test_probabilities_cover_every_label_and_sum_to_one(judge: StanceJudge) -> None:
    (relation,) = judge.relate([(MILITARY, DENIAL)])
    assert set(relation.probabilities) == set(LABELS)
    assert sum(relation.probabilities.values()) == pytest.approx(1.0, abs=1e-6)
    assert relation.label == max(relation.probabilities, key=relation.probabilities.__getitem__)
    assert relation.note is None


def test_a_denial_disagrees_and_a_restatement_agrees(judge: StanceJudge) -> None:
    denial, repeat = judge.relate([(MILITARY, DENIAL), (MILITARY, REPEAT)])
    assert denial.label == "disagree"
    assert repeat.label == "agree"


@pytest.mark.slow
def test_bfloat16_products_give_the_pair_model_float32s_answers() -> None:
    pairs = [(MILITARY, DENIAL), (MILITARY, REPEAT), (DENIAL, REPEAT), (MILITARY, MILITARY)]
    exact = PairModel(precision="float32").log_probabilities(pairs)
    fast = PairModel(precision="bfloat16").log_probabilities(pairs)
    assert (fast.argmax(axis=1) == exact.argmax(axis=1)).all()
    moved = abs(np.exp(fast) - np.exp(exact)).max()
    assert 0 < moved < 0.05  # bfloat16 did run (the figures moved), the answers held
    with pytest.raises(ValueError, match="precision must be one of auto, float32, bfloat16"):
        PairModel(precision="half")


def test_inputs_the_model_does_not_judge_get_a_note_not_an_error(judge: StanceJudge) -> None:
    empty, identical, foreign, arabic = judge.relate(
        [
            (MILITARY, "   "),
            (MILITARY, MILITARY.upper()),
            (MILITARY, "Die Armee greift in Mastung Zivilisten mit Hubschraubern an."),
            (MILITARY, "الجيش يهاجم المدنيين في مستونغ"),
        ]
    )
    assert (empty.label, empty.note) == ("neutral", EMPTY)
    assert (identical.label, identical.note) == ("agree", IDENTICAL)
    assert (foreign.label, foreign.note) == ("neutral", LANGUAGE_NOT_SUPPORTED)
    assert (arabic.label, arabic.note) == ("neutral", LANGUAGE_NOT_SUPPORTED)


def test_very_long_texts_are_cut_not_refused(judge: StanceJudge) -> None:
    body = ("The weather in the valley was mild for the season. " * 3000) + DENIAL
    assert len(body) > MAX_TEXT_CHARS
    (relation,) = judge.relate([(MILITARY, body)])
    assert relation.label in LABELS
    a, b = prepare(MILITARY, body)
    assert len(b) < len(body) and a == MILITARY


def test_a_long_body_is_reduced_to_its_sentences_about_the_claim() -> None:
    body = " ".join(["Markets were calm on Monday and traders left early."] * 40)
    body += " " + DENIAL
    chosen = passage(body, MILITARY)
    assert "gunship" in chosen and len(chosen.split()) < 130


def member(key: int, text: str, **more: object) -> sides.Member:
    return sides.Member(key=key, text=text, **more)  # type: ignore[arg-type]


def test_a_reported_statement_is_read_as_a_claim() -> None:
    assert claim_of("that the bridge will reopen in May") == "the bridge will reopen in May"
    assert claim_of("whether the vote was fair") == "whether the vote was fair"
    assert claim_of("That is false, the minister said") == "That is false, the minister said"
    assert claim_of("thatched roofs burned") == "thatched roofs burned"
    assert prepare("The bridge reopens.", "that it stays shut")[1] == "it stays shut"


def test_a_group_of_one_is_no_dispute(judge: StanceJudge) -> None:
    stance = sides.judge_group([member(1, MILITARY, speaker="ISPR")], judge)
    assert stance.central == 1
    assert stance.members[1].side == "asserts"
    assert (stance.conflict, stance.disputed, stance.reason) == (0.0, False, None)


def test_the_denier_is_opposite_the_central_claim_and_the_group_is_disputed(
    judge: StanceJudge,
) -> None:
    members = [
        member(1, MILITARY, speaker="the military", centrality=0.9),
        member(2, REPEAT, speaker="Local media", centrality=0.8),
        member(3, DENIAL, speaker="Brahumdagh Bugti", cue="alleged", centrality=0.7),
    ]
    stance = sides.judge_group(members, judge)
    assert stance.central == 1
    assert stance.members[2].side == "asserts"
    assert stance.members[3].side == "denies"
    assert stance.disputed and stance.against == 3
    assert stance.reason is not None and stance.reason.startswith("Brahumdagh Bugti's")
    assert "civilians vs" in stance.reason


def test_a_persons_side_is_kept_and_counts_as_certain(judge: StanceJudge) -> None:
    members = [
        member(1, MILITARY, speaker="the military", centrality=0.9),
        member(2, REPEAT, speaker="Local media", person_side="denies", centrality=0.8),
    ]
    stance = sides.judge_group(members, judge)
    assert stance.members[2].side == "denies" and stance.members[2].by_person
    assert stance.conflict == 1.0 and stance.disputed


@pytest.mark.slow
def test_a_newcomer_costs_the_central_claim_and_a_few_representatives(judge: StanceJudge) -> None:
    members = [member(1, MILITARY, speaker="the military", centrality=0.9)] + [
        member(k, f"{REPEAT} Report number {k}.", speaker=f"Outlet {k}", centrality=0.5)
        for k in range(2, 30)
    ]
    current = sides.judge_group(members, judge)
    counting = CountingJudge(judge)
    newcomer = member(100, DENIAL, speaker="Brahumdagh Bugti")
    updated = sides.judge_newcomer(current, members, newcomer, counting)
    assert counting.pairs <= sides.PAIRS_PER_NEWCOMER
    assert updated.members[100].side == "denies"
    assert updated.disputed
