"""Scoring stance labels: figures computed by hand, file validation, `eval stance` end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask.testing import FlaskCliRunner

from verify.evaluation.stance import fnc_score, read_stance_file, score_stance

# gold and predicted labels of five pairs, scored by hand below
GOLD = ["agree", "disagree", "unrelated", "unrelated", "neutral"]
PREDICTED = ["agree", "neutral", "unrelated", "agree", "neutral"]


def test_accuracy_is_the_share_of_exact_labels() -> None:
    assert score_stance(GOLD, PREDICTED)["accuracy"] == pytest.approx(3 / 5)


def test_per_label_figures_match_the_hand_count() -> None:
    per_label = score_stance(GOLD, PREDICTED)["per_label"]
    # agree: tp 1, fp 1 (an unrelated pair), fn 0
    assert per_label["agree"] == pytest.approx({"p": 0.5, "r": 1.0, "f1": 2 / 3, "support": 1})
    # disagree: never predicted, its one pair missed
    assert per_label["disagree"] == pytest.approx({"p": 0.0, "r": 0.0, "f1": 0.0, "support": 1})
    # neutral: tp 1, fp 1 (the disagree pair), fn 0
    assert per_label["neutral"] == pytest.approx({"p": 0.5, "r": 1.0, "f1": 2 / 3, "support": 1})
    # unrelated: tp 1, fp 0, fn 1
    assert per_label["unrelated"] == pytest.approx({"p": 1.0, "r": 0.5, "f1": 2 / 3, "support": 2})


def test_macro_f1_is_the_mean_over_the_gold_labels() -> None:
    assert score_stance(GOLD, PREDICTED)["macro_f1"] == pytest.approx(
        (2 / 3 + 0 + 2 / 3 + 2 / 3) / 4
    )


def test_macro_f1_leaves_out_a_label_only_predicted() -> None:
    scores = score_stance(["agree", "agree", "neutral"], ["agree", "disagree", "neutral"])
    # agree: p 1, r 1/2, F1 2/3; neutral: F1 1; disagree (no gold pair) is not averaged
    assert scores["macro_f1"] == pytest.approx((2 / 3 + 1.0) / 2)
    assert scores["per_label"]["disagree"] == {"p": 0.0, "r": 0.0, "f1": 0.0, "support": 0}


def test_confusion_is_a_full_square_with_gold_rows() -> None:
    confusion = score_stance(["agree", "agree", "neutral"], ["agree", "disagree", "neutral"])[
        "confusion"
    ]
    assert confusion == {
        "agree": {"agree": 1, "disagree": 1, "neutral": 0},
        "disagree": {"agree": 0, "disagree": 0, "neutral": 0},
        "neutral": {"agree": 0, "disagree": 0, "neutral": 1},
    }


def test_fnc_score_matches_the_hand_count() -> None:
    # agree->agree 1.0, disagree->neutral 0.25, unrelated->unrelated 0.25, unrelated->agree 0,
    # neutral->neutral 1.0: 2.5 of a best 3 * 1.0 + 2 * 0.25 = 3.5
    assert fnc_score(GOLD, PREDICTED) == pytest.approx(100 * 2.5 / 3.5)
    assert score_stance(GOLD, PREDICTED)["fnc_score"] == pytest.approx(100 * 2.5 / 3.5)


def test_fnc_score_gives_no_credit_for_a_related_call_on_an_unrelated_pair() -> None:
    assert fnc_score(["unrelated", "agree"], ["neutral", "unrelated"]) == 0.0


def test_fnc_score_is_none_without_unrelated_gold() -> None:
    assert fnc_score(["agree", "neutral"], ["unrelated", "neutral"]) is None


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def _pair(a: str, b: str, label: str, number: int = 1) -> str:
    return json.dumps({"id": f"t-{number}", "a": a, "b": b, "label": label, "dataset": "test"})


def test_reader_skips_blank_lines_and_allows_empty_texts(tmp_path: Path) -> None:
    path = _write(tmp_path / "s.jsonl", [_pair("Rain fell.", "", "neutral"), "", "  "])
    assert [row["b"] for row in read_stance_file(path)] == [""]


@pytest.mark.parametrize(
    ("second_line", "message"),
    [
        ('{"a": "x", "b": ', "line 2: not valid JSON"),
        (_pair("x", "y", "supports"), "line 2: label 'supports' is not one of agree, disagree"),
        (json.dumps({"a": "x", "label": "agree"}), "line 2: 'b' must be a string"),
        (json.dumps(["x", "y"]), "line 2: expected a JSON object"),
    ],
)
def test_eval_stance_refuses_a_bad_line_by_number(
    runner: FlaskCliRunner, tmp_path: Path, second_line: str, message: str
) -> None:
    path = _write(tmp_path / "bad.jsonl", [_pair("x", "y", "agree"), second_line])
    result = runner.invoke(args=["eval", "stance", str(path)])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_eval_stance_refuses_a_file_without_pairs(runner: FlaskCliRunner, tmp_path: Path) -> None:
    path = _write(tmp_path / "empty.jsonl", ["", ""])
    result = runner.invoke(args=["eval", "stance", str(path)])
    assert result.exit_code == 2
    assert f"Error: no pairs in {path}" in result.output


def test_eval_stance_has_help(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["eval", "stance", "--help"])
    assert result.exit_code == 0, result.output
    assert "--json" in result.output


CLAIM = "The army said its jets struck a weapons depot near the border town on Tuesday."


def test_eval_stance_json_line_keeps_the_contract_keys(
    runner: FlaskCliRunner, tmp_path: Path
) -> None:
    pairs = [
        ("A military spokesman confirmed the jets hit the depot near the border.", "agree"),
        ("Residents said there was never any depot and the jets hit a school.", "disagree"),
        ("Reporters asked the defence ministry about the reported strike.", "neutral"),
        ("The city marathon drew a record twenty thousand runners this spring.", "unrelated"),
        ("", "neutral"),
        ("Жители отрицают, что в городе был какой-либо склад оружия.", "disagree"),
    ]
    path = _write(
        tmp_path / "stance.jsonl",
        [_pair(CLAIM, b, label, n) for n, (b, label) in enumerate(pairs, start=1)],
    )
    result = runner.invoke(args=["eval", "stance", str(path), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output.strip().splitlines()[-1])
    assert figures["pairs"] == 6
    assert isinstance(figures["accuracy"], float) and isinstance(figures["macro_f1"], float)
    assert isinstance(figures["seconds"], float)
    assert isinstance(figures["fnc_score"], float)  # the gold has an unrelated pair
    assert {"agree", "disagree", "neutral", "unrelated"} <= set(figures["per_label"])
    for label, row in figures["per_label"].items():
        assert set(row) == {"p", "r", "f1", "support"}, label
        assert isinstance(row["support"], int)
    labels = set(figures["per_label"])
    assert set(figures["confusion"]) == labels
    assert all(set(row) == labels for row in figures["confusion"].values())
    assert sum(sum(row.values()) for row in figures["confusion"].values()) == 6
    assert figures["notes"]["empty statement"] == 1
    assert figures["notes"]["language not supported"] == 1
    assert figures["datasets"] == ["test"]
