"""Scoring disputes: the figures on hand-made units, the gold and articles readers' refusals, and
`eval disputes` end to end on invented coverage (never text from the dataset)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from verify import db
from verify.evaluation.disputes import (
    CoverageArticle,
    GoldClaim,
    GoldMember,
    match_members,
    read_articles_file,
    read_gold_file,
    score_disputes,
    span_mapper,
)
from verify.inputs.records import SourceInput
from verify.models import Source
from verify.services.disputes import DisputeUnit


def _claim(claim_id: str, *camps: str) -> GoldClaim:
    """A claim with one member per camp named (repeat a camp for two members); spans unused."""
    members = tuple(GoldMember(camp, "a1", (n, n + 1)) for n, camp in enumerate(camps))
    return GoldClaim(claim_id, f"claim {claim_id}", members)


# Two claims over four units. Claim "raid" has members found as statements 1, 2, 3 and one not
# found; claim "toll" as statements 4 and 5. Statement -> unit: 1, 2, 4 in unit 10 (disputed),
# 3 in unit 11, 5 in unit 12.
CLAIMS = [_claim("raid", "for", "for", "against", "against"), _claim("toll", "for", "for")]
MATCHED: list[list[int | None]] = [[1, 2, 3, None], [4, 5]]
UNITS = [
    DisputeUnit(10, "raid", True, {1: "asserts", 2: "asserts", 4: "neutral"}),
    DisputeUnit(11, "denial", False, {3: "denies"}),
    DisputeUnit(12, "toll", False, {5: "asserts", 6: None}),
]


def _scores(
    claims: list[GoldClaim] = CLAIMS,
    matched: list[list[int | None]] = MATCHED,
    units: list[DisputeUnit] = UNITS,
) -> dict[str, Any]:
    return score_disputes(claims, matched, units)


def test_found_is_the_share_of_gold_members_matched() -> None:
    assert _scores()["found"] == pytest.approx(5 / 6)


def test_together_counts_pairs_of_one_claim_in_one_unit() -> None:
    # raid: (1,2) together, (1,3) and (2,3) apart; toll: (4,5) apart
    assert _scores()["together"] == pytest.approx(1 / 4)


def test_side_accuracy_wants_equal_sides_within_a_camp() -> None:
    assert _scores()["side_accuracy"] == 1.0  # the one pair together: 1 and 2, both asserts
    units = [DisputeUnit(1, "", True, {1: "asserts", 2: "denies"})]
    assert _scores([_claim("c", "for", "for")], [[1, 2]], units)["side_accuracy"] == 0.0


def test_side_accuracy_wants_opposite_sides_across_camps() -> None:
    claims = [_claim("c", "for", "against")]
    opposite = [DisputeUnit(1, "", True, {1: "asserts", 2: "denies"})]
    same = [DisputeUnit(1, "", True, {1: "denies", 2: "denies"})]
    assert _scores(claims, [[1, 2]], opposite)["side_accuracy"] == 1.0
    assert _scores(claims, [[1, 2]], same)["side_accuracy"] == 0.0


def test_side_accuracy_counts_neutral_or_no_side_as_wrong() -> None:
    claims = [_claim("c", "for", "for", "for")]
    units = [DisputeUnit(1, "", True, {1: "neutral", 2: "neutral", 3: None})]
    assert _scores(claims, [[1, 2, 3]], units)["side_accuracy"] == 0.0


def test_separation_counts_pairs_of_two_claims_in_different_units() -> None:
    # raid x toll: 1-4 and 2-4 share unit 10; the other four pairs are apart
    assert _scores()["separation"] == pytest.approx(4 / 6)


def test_disputed_reads_the_unit_holding_most_of_a_claims_members() -> None:
    claims = [_claim("raid", "for", "for", "against", "against"), _claim("toll", "x", "y")]
    # raid: two of its three found members are in unit 10, disputed; toll (4 in unit 10, 5 in
    # unit 12): a tie, so the unit of its first member, 10, holds it
    assert _scores(claims)["disputed"] == 1.0
    swapped = [DisputeUnit(u.id, u.label, not u.disputed, u.members) for u in UNITS]
    assert _scores(claims, units=swapped)["disputed"] == 0.0


def test_disputed_counts_a_claim_with_nothing_found_as_missed() -> None:
    claims = [_claim("c", "for", "against")]
    assert _scores(claims, [[None, None]])["disputed"] == 0.0


def test_a_claim_of_one_camp_in_a_disputed_unit_is_a_false_alarm() -> None:
    scores = _scores()  # toll has one camp; a tie puts it in unit 10 (its first member's)
    assert (scores["counts"]["claims_one_sided"], scores["one_sided_disputed"]) == (1, 1.0)
    calm = [DisputeUnit(u.id, u.label, u.id != 10, u.members) for u in UNITS]
    assert _scores(units=calm)["one_sided_disputed"] == 0.0


def test_a_ratio_with_nothing_to_count_is_none() -> None:
    scores = _scores([_claim("c", "for")], [[None]], [])
    assert scores["found"] == 0.0
    for key in ("together", "side_accuracy", "separation", "disputed"):
        assert scores[key] is None, key


def test_units_statements_and_the_largest_unit_are_counted() -> None:
    scores = _scores()
    assert (scores["units"], scores["largest_unit"], scores["statements"]) == (3, 3, 6)
    assert scores["units_disputed"] == 1  # the raid


def test_per_claim_breakdown_names_the_holding_unit() -> None:
    raid, toll = _scores()["claims"]
    assert (raid["found"], raid["pairs"], raid["together"]) == (3, 3, 1)
    assert raid["unit"] == {"id": 10, "label": "raid", "disputed": True}
    assert [m["unit"] for m in raid["members_found"]] == [10, 10, 11, None]
    assert toll["side_accuracy"] is None  # no pair of it shares a unit


def test_a_member_is_found_by_the_statement_overlapping_it_most() -> None:
    claims = [GoldClaim("c", "", (GoldMember("for", "a1", (10, 30)),))]
    spans = {"a1": [(1, (0, 12)), (2, (15, 40)), (3, (25, 29))]}
    assert match_members(claims, spans, {1, 2, 3}) == [[2]]  # 15 characters shared
    assert match_members(claims, spans, {1, 3}) == [[3]]  # 2 is not shown: 4 beats 2
    assert match_members(claims, {"a2": spans["a1"]}, {1, 2, 3}) == [[None]]  # other article


def test_a_tie_goes_to_the_shorter_statement() -> None:
    claims = [GoldClaim("c", "", (GoldMember("for", "a1", (10, 20)),))]
    spans = {"a1": [(1, (0, 40)), (2, (10, 25))]}
    assert match_members(claims, spans, {1, 2}) == [[2]]


def test_spans_map_through_white_space_differences() -> None:
    stored, original = "Rain  fell.\nIt  rained. ", "Rain fell. It rained."
    mapped = span_mapper(stored, original)
    assert mapped((0, 12)) == (0, 10)  # "Rain  fell.\n" -> "Rain fell."
    assert mapped((12, 24)) == (11, 21)
    assert span_mapper("same", "same")((1, 3)) == (1, 3)


def test_a_stored_text_that_is_another_text_is_refused() -> None:
    with pytest.raises(ValueError, match="not the article's text"):
        span_mapper("Rain fell.", "Snow fell.")


# --- the readers and the command's refusals ---

RAID = (
    "Shelling hit the market in Verano on Tuesday. The interior ministry said rebel fighters "
    "fired the shells at the market. Local doctors said twelve civilians were killed in the attack."
)
DENIAL = (
    "The rebel command denied firing at the Verano market. A rebel spokesman said army artillery "
    "shelled the market on Tuesday. Doctors in Verano said eight people died in the shelling."
)
DAM = (
    "The Lamora dam will reopen next month. The water authority said repairs to the spillway "
    "were finished."
)
ARTICLES = {"raid": RAID, "denial": DENIAL, "dam": DAM}


def _member(article: str, words: str) -> dict[str, Any]:
    start = ARTICLES[article].index(words)
    return {"article": article, "span": [start, start + len(words)]}


GOLD = {
    "claims": [
        {
            "id": "who-shelled",
            "claim": "Who shelled the Verano market",
            "camps": {
                "rebels": [_member("raid", "rebel fighters fired the shells at the market")],
                "army": [_member("denial", "army artillery shelled the market on Tuesday")],
            },
        },
        {
            "id": "toll",
            "claim": "How many the shelling killed",
            "camps": {
                "twelve": [_member("raid", "twelve civilians were killed in the attack")],
                "eight": [_member("denial", "eight people died in the shelling")],
            },
        },
    ]
}


def _articles_file(tmp_path: Path, names: tuple[str, ...] = ("raid", "denial", "dam")) -> Path:
    path = tmp_path / "articles.jsonl"
    lines = [
        json.dumps({"id": n, "title": f"Verano {n}", "outlet": "wire", "published": "2030-05-07",
                    "text": ARTICLES[n]})
        for n in names
    ]  # fmt: skip
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _gold_file(tmp_path: Path, gold: Any = GOLD) -> Path:
    path = tmp_path / "gold.json"
    path.write_text(gold if isinstance(gold, str) else json.dumps(gold), encoding="utf-8")
    return path


def _refusal(runner: FlaskCliRunner, gold: Path, articles: Path) -> str:
    result = runner.invoke(args=["eval", "disputes", str(gold), "--articles", str(articles)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return result.output


def test_the_readers_keep_articles_and_claims(tmp_path: Path) -> None:
    articles = read_articles_file(_articles_file(tmp_path))
    assert [a.id for a in articles] == ["raid", "denial", "dam"]
    assert articles[0].source.text == RAID and articles[0].source.outlet == "wire"
    claims = read_gold_file(_gold_file(tmp_path), articles)
    assert [c.id for c in claims] == ["who-shelled", "toll"]
    assert claims[0].camps == ["rebels", "army"]


def test_a_gold_member_of_an_article_given_twice_with_different_texts_is_refused(
    tmp_path: Path,
) -> None:
    articles = [
        CoverageArticle("raid", SourceInput(text=RAID)),
        CoverageArticle("raid", SourceInput(text=RAID + " More later.")),
    ]
    with pytest.raises(ValueError, match="several lines with different texts"):
        read_gold_file(_gold_file(tmp_path), articles)


def test_eval_disputes_refuses_gold_that_is_not_json(
    runner: FlaskCliRunner, tmp_path: Path
) -> None:
    output = _refusal(runner, _gold_file(tmp_path, '{"claims": ['), _articles_file(tmp_path))
    assert "gold.json: not valid JSON" in output


def test_eval_disputes_refuses_a_missing_gold_file(runner: FlaskCliRunner, tmp_path: Path) -> None:
    output = _refusal(runner, tmp_path / "nowhere.json", _articles_file(tmp_path))
    assert "nowhere.json" in output


def test_eval_disputes_refuses_gold_without_claims(runner: FlaskCliRunner, tmp_path: Path) -> None:
    output = _refusal(runner, _gold_file(tmp_path, {"claims": []}), _articles_file(tmp_path))
    assert "non-empty 'claims' list" in output


def test_eval_disputes_names_an_article_missing_from_the_articles_file(
    runner: FlaskCliRunner, tmp_path: Path
) -> None:
    output = _refusal(runner, _gold_file(tmp_path), _articles_file(tmp_path, ("raid", "dam")))
    assert "claim 'who-shelled', camp 'army', member 1: article 'denial' is not in" in output


def test_eval_disputes_refuses_a_span_outside_its_article(
    runner: FlaskCliRunner, tmp_path: Path
) -> None:
    gold = json.loads(json.dumps(GOLD))
    gold["claims"][1]["camps"]["eight"][0]["span"] = [len(DENIAL) - 5, len(DENIAL) + 5]
    output = _refusal(runner, _gold_file(tmp_path, gold), _articles_file(tmp_path))
    assert f"span {[len(DENIAL) - 5, len(DENIAL) + 5]} is outside article 'denial'" in output


def test_eval_disputes_refuses_an_empty_articles_file(
    runner: FlaskCliRunner, tmp_path: Path
) -> None:
    articles = tmp_path / "articles.jsonl"
    articles.write_text("\n\n", encoding="utf-8")
    output = _refusal(runner, _gold_file(tmp_path), articles)
    assert "articles.jsonl: no articles" in output


def test_eval_disputes_refuses_an_article_without_text(
    runner: FlaskCliRunner, tmp_path: Path
) -> None:
    articles = tmp_path / "articles.jsonl"
    articles.write_text(json.dumps({"id": "raid", "text": "  "}) + "\n", encoding="utf-8")
    output = _refusal(runner, _gold_file(tmp_path), articles)
    assert "line 1: article 'raid' needs a non-empty 'text'" in output


@pytest.mark.slow
def test_eval_disputes_runs_invented_coverage_in_a_private_database(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(
        args=[
            "eval",
            "disputes",
            str(_gold_file(tmp_path)),
            "--articles",
            str(_articles_file(tmp_path)),
            "--json",
        ]
    )
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output.strip().splitlines()[-1])
    contract = {"found", "together", "side_accuracy", "separation", "disputed"}
    assert contract | {"units", "largest_unit", "statements", "seconds"} <= set(figures)
    assert figures["articles"] == 3
    assert figures["found"] == 1.0  # every gold span is an attributed statement it extracts
    assert figures["statements"] >= 4
    assert 1 <= figures["units"] <= figures["statements"]
    assert 0 <= figures["units_disputed"] <= figures["units"]
    assert 1 <= figures["events"] and 0 <= figures["events_disputed"] <= figures["events"]
    assert "suggested or flagged disputed:" in result.output
    assert isinstance(figures["seconds"], float)
    assert [c["id"] for c in figures["claims"]] == ["who-shelled", "toll"]
    assert "who-shelled" in result.output and "side_accuracy" in result.output
    with app.app_context():  # the user's database was never written
        assert db.get_session().scalar(select(func.count(Source.id))) == 0
