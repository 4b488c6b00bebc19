"""The span tagger: windows cover long texts, tags decode to spans, the shipped weights tag news."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from safetensors import safe_open

from verify.extraction import extract, tagged, tagger
from verify.extraction.parsing import parse
from verify.extraction.reported import Candidate, verb_candidates


def test_windows_cover_every_piece_and_overlap() -> None:
    assert tagger.windows(10) == [(0, 10)]
    ranges = tagger.windows(1000, body=254, overlap=64)
    assert ranges[0][0] == 0 and ranges[-1][1] == 1000
    for (_, end), (start, _) in zip(ranges, ranges[1:], strict=False):
        assert end - start == 64
    assert all(end - start <= 254 for start, end in ranges)


def _one_hot(tags: list[int]) -> np.ndarray:
    probabilities = np.zeros((len(tags), len(tagger.ROLES), tagger.TAGS), dtype=np.float32)
    probabilities[:, :, tagger.OUTSIDE] = 1.0
    for i, tag in enumerate(tags):
        probabilities[i, 1, :] = 0.0
        probabilities[i, 1, tag] = 1.0
    return probabilities


def test_tags_decode_to_character_spans() -> None:
    o, b, i = tagger.OUTSIDE, tagger.BEGIN, tagger.INSIDE
    offsets = [(0, 3), (4, 8), (9, 12), (13, 17), (18, 20), (21, 25)]
    spans = tagger.spans_from_tags(_one_hot([o, b, i, b, i, o]), offsets, role_index=1)
    assert [(s.role, s.start, s.end) for s in spans] == [("cue", 4, 12), ("cue", 13, 20)]
    spans = tagger.spans_from_tags(_one_hot([i, i, o, o, o, i]), offsets, role_index=1)
    assert [(s.start, s.end) for s in spans] == [(0, 8), (21, 25)]  # a run may open with inside
    assert all(s.probability == 1.0 for s in spans)


def test_the_pieces_of_one_word_share_one_tag() -> None:
    o, b, i = tagger.OUTSIDE, tagger.BEGIN, tagger.INSIDE
    text = "The mayor of Tolvik said"
    offsets = [(0, 3), (4, 9), (10, 12), (13, 15), (15, 19), (20, 24)]  # "To" + "lvik"
    tags = _one_hot([b, i, i, o, i, o])
    tags[3, 1] = [0.4, 0.3, 0.3]  # "To": unsure, leaning outside
    smoothed = tagger.by_words(tags, offsets, text)
    spans = tagger.spans_from_tags(smoothed, offsets, role_index=1)
    assert [text[s.start : s.end] for s in spans] == ["The mayor of Tolvik"]
    alone = tagger.spans_from_tags(tags, offsets, role_index=1)
    assert [text[s.start : s.end] for s in alone] == ["The mayor of", "lvik"]


def test_shipped_weights_are_small_and_have_provenance() -> None:
    assert tagger.WEIGHTS_PATH.is_file()
    assert tagger.WEIGHTS_PATH.stat().st_size < 25_000_000
    with safe_open(str(tagger.WEIGHTS_PATH), framework="pt") as weights:
        metadata = weights.metadata()
    assert metadata["seed"] == "0"
    assert "index % 3 == 0 held out" in metadata["split"]


def test_tagger_marks_source_cue_and_content() -> None:
    text = "The mayor of Tolvik said on Monday that the bridge would reopen in May."
    spans = {(s.role, text[s.start : s.end]) for s in tagger.span_tagger().tag(text)}
    assert ("cue", "said") in spans
    assert ("source", "The mayor of Tolvik") in spans
    assert any(role == "content" and "bridge would reopen" in words for role, words in spans)


def test_a_long_text_is_tagged_in_every_window() -> None:
    sentence = "The mayor of Tolvik said that the bridge would reopen in May. "
    text = sentence * 60  # far more word pieces than one window holds
    cues = [s for s in tagger.span_tagger().tag(text) if s.role == "cue"]
    assert len(cues) == 60
    assert {text[s.start : s.end] for s in cues} == {"said"}


def test_a_cue_no_word_list_holds_is_found() -> None:
    found = extract("The senator quipped that the budget was a fairy tale for accountants.")
    assert [(e.speaker, e.cue_word) for e in found] == [("senator", "quipped")]


SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "mastung.txt"


@pytest.mark.slow
def test_bfloat16_products_tag_the_seed_as_float32_does() -> None:
    text = SEED.read_text(encoding="utf-8")
    exact = tagger.SpanTagger(precision="float32").tag(text)
    fast = tagger.SpanTagger(precision="bfloat16").tag(text)
    assert len(exact) > 20
    assert [(s.role, s.start, s.end) for s in fast] == [(s.role, s.start, s.end) for s in exact]
    differences = [abs(f.probability - e.probability) for f, e in zip(fast, exact, strict=True)]
    assert 0 < max(differences) < 0.05  # bfloat16 did run (the figures moved), the tags held


def test_an_unknown_precision_is_refused() -> None:
    with pytest.raises(ValueError, match="precision must be one of auto, float32, bfloat16"):
        tagger.SpanTagger(precision="int8")


def test_the_environment_sets_the_precision_of_models_given_none(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("VERIFY_PRECISION", raising=False)
    assert tagger.SpanTagger().precision == "auto"
    monkeypatch.setenv("VERIFY_PRECISION", "float32")
    assert tagger.SpanTagger().precision == "float32"
    assert tagger.SpanTagger(precision="bfloat16").precision == "bfloat16"
    monkeypatch.setenv("VERIFY_PRECISION", "fp8")
    with pytest.raises(ValueError, match="VERIFY_PRECISION must be one of auto, float32"):
        tagger.SpanTagger()


def test_missing_weights_fail_clearly(tmp_path: Path) -> None:
    missing = tagger.SpanTagger(tmp_path / "missing.safetensors")
    with pytest.raises(RuntimeError, match="tagger weights not found"):
        missing.tag("Officials said the road was closed.")


def _cue(text: str, words: str) -> tagger.TaggedSpan:
    return _tag(text, "cue", words)


def test_a_tagged_cue_the_rules_missed_becomes_a_candidate_with_the_parse_subject() -> None:
    text = "The governor has hinted that the budget will be cut."
    doc = parse(text)
    found = tagged.combined(doc, [], [_cue(text, "has")])  # the tagger marked the auxiliary
    assert [
        (text[c.source[0] : c.source[1]], c.verb.text) for c in found if c.source and c.verb
    ] == [("The governor", "hinted")]
    assert text[found[0].content[0] : found[0].content[1]] == "that the budget will be cut"


def test_a_tagged_verb_without_a_clause_is_no_candidate() -> None:
    text = "He requested anonymity because he was not allowed to speak."
    (candidate,) = tagged.combined(parse(text), [], [_cue(text, "requested")])
    assert candidate.content[0] == candidate.content[1]  # only a quote next to it could fill it
    assert extract(text) == []


def test_an_unsure_rule_candidate_needs_the_tagger() -> None:
    text = "The report found that wages rose."
    doc = parse(text)
    (candidate,) = verb_candidates(doc, threshold=0.0)
    unsure = replace(candidate, probability=0.2)
    assert tagged.combined(doc, [unsure], []) == []
    assert tagged.combined(doc, [unsure], [_cue(text, "found")]) == [unsure]
    sure = replace(candidate, probability=0.95)
    assert tagged.combined(doc, [sure], []) == [sure]


def test_two_tagged_pieces_of_one_verb_give_one_candidate() -> None:
    text = "The governor has hinted that the budget will be cut."
    found = tagged.combined(parse(text), [], [_cue(text, "has"), _cue(text, "hinted")])
    assert len(found) == 1


def _tag(text: str, role: str, words: str, probability: float = 0.9) -> tagger.TaggedSpan:
    return tagger.TaggedSpan(role, *_span(text, words), probability)


_LIKES = "Most farmers in the valley strongly favour a second reservoir, the survey shows."


def _likes_spans(content_probability: float = 0.9) -> list[tagger.TaggedSpan]:
    return [
        _tag(_LIKES, "source", "Most farmers in the valley"),
        _tag(_LIKES, "cue", "strongly favour"),
        _tag(_LIKES, "content", "a second reservoir", content_probability),
    ]


def test_content_only_the_tagger_saw_becomes_a_candidate() -> None:
    doc = parse(_LIKES)
    (found,) = tagged.tagger_only(doc, [], _likes_spans())
    assert _LIKES[found.content[0] : found.content[1]] == "a second reservoir"
    assert found.cue is not None and _LIKES[found.cue[0] : found.cue[1]] == "strongly favour"
    assert found.subject is not None and found.subject.text == "farmers"
    assert found.confidence <= 0.6  # never surer than the rules' own attributions


def test_tagger_only_content_needs_confidence_and_a_cue() -> None:
    doc = parse(_LIKES)
    assert tagged.tagger_only(doc, [], _likes_spans(tagged.CONTENT_ONLY - 0.05)) == []
    assert tagged.tagger_only(doc, [], [s for s in _likes_spans() if s.role != "cue"]) == []


def test_tagger_only_content_without_a_tagged_source_takes_the_parse_subject() -> None:
    doc = parse(_LIKES)
    (found,) = tagged.tagger_only(doc, [], [s for s in _likes_spans() if s.role != "source"])
    assert found.source is not None
    assert _LIKES[found.source[0] : found.source[1]] == "Most farmers in the valley"
    text = "A second reservoir was strongly favoured in the survey."
    spans = [_tag(text, "cue", "strongly favoured"), _tag(text, "content", "in the survey")]
    assert tagged.tagger_only(parse(text), [], spans) == []  # no subject, no speaker


def test_tagger_only_leaves_content_a_rule_found_alone() -> None:
    text = "The governor said that the budget will be cut."
    doc = parse(text)
    rules = verb_candidates(doc, threshold=0.0)
    spans = [
        _tag(text, "source", "The governor"),
        _tag(text, "cue", "said"),
        _tag(text, "content", "the budget will be cut"),
    ]
    assert rules and tagged.tagger_only(doc, rules, spans) == []


def test_requested_anonymity_is_no_tagger_only_statement() -> None:
    text = "He requested anonymity because he was not allowed to speak."
    spans = [
        _tag(text, "source", "He"),
        _tag(text, "cue", "requested"),
        _tag(text, "content", "anonymity because he was not allowed to speak"),
    ]
    assert tagged.tagger_only(parse(text), [], spans) == []


def _span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def _rule(text: str, source: str, cue: str, content: str) -> Candidate:
    """A rule candidate as the parse might give it, its content the words `content`."""
    return Candidate(
        cue=_span(text, cue),
        content=_span(text, content),
        cue_kind="speech",
        confidence=0.8,
        source=_span(text, source),
    )


def test_a_sure_tagged_content_continues_a_rule_content_next_to_it() -> None:
    text = "The senator glossed over the fact that the new rules will close three clinics."
    doc = parse(text)
    candidate = _rule(text, "The senator", "glossed over", "the fact")
    spans = [
        _cue(text, "glossed over"),
        _tag(text, "content", "that the new rules will close three clinics"),
    ]
    tagged.refit_contents(doc, [candidate], spans)
    assert text[slice(*candidate.content)] == (
        "the fact that the new rules will close three clinics"
    )


def test_a_sure_tagged_content_replaces_a_rule_content_the_tagger_does_not_mark() -> None:
    text = (
        "The minister, who said little on Monday at the council meeting, told reporters in the"
        " city hall that the clinics would close."
    )
    doc = parse(text)
    sure = [_cue(text, "told"), _tag(text, "content", "the clinics would close")]
    candidate = _rule(text, "The minister", "told", "said little on Monday")
    tagged.refit_contents(doc, [candidate], sure)
    assert text[slice(*candidate.content)] == "the clinics would close"
    unsure = [sure[0], replace(sure[1], probability=tagged.CONTENT_ONLY - 0.1)]
    candidate = _rule(text, "The minister", "told", "said little on Monday")
    tagged.refit_contents(doc, [candidate], unsure)
    assert text[slice(*candidate.content)] == "said little on Monday"


def test_a_rule_content_the_tagger_also_marks_is_kept() -> None:
    text = (
        "The new rules will close three wards, the minister said on Monday in a long speech"
        " to the council, while the clinics stay open."
    )
    doc = parse(text)
    candidate = _rule(text, "the minister", "said", "The new rules will close three wards")
    spans = [
        _cue(text, "said"),
        _tag(text, "content", "The new rules will close three wards"),
        _tag(text, "content", "the clinics stay open"),
    ]
    tagged.refit_contents(doc, [candidate], spans)
    assert text[slice(*candidate.content)] == "The new rules will close three wards"


def test_a_quote_resumed_after_its_cue_keeps_its_words_apart_from_the_cue() -> None:
    text = '"Let us take this chance," the chair concluded, "to reopen all three clinics."'
    doc = parse(text)
    candidate = replace(
        _rule(text, "the chair", "concluded", "Let us take this chance"), direct=True
    )
    spans = [_cue(text, "concluded"), _tag(text, "content", "to reopen all three clinics")]
    tagged.refit_contents(doc, [candidate], spans)
    assert candidate.pieces == [
        _span(text, "Let us take this chance"),
        _span(text, "to reopen all three clinics"),
    ]
    assert candidate.content == (text.index("Let"), text.index(" clinics") + len(" clinics"))


def _tagging(text: str, **shares: dict[str, float]) -> tagger.Tagging:
    """A tagging of `text`, one piece per word: for each role named, P(role) as given for the
    words named (0 for the others)."""
    offsets = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    probabilities = np.zeros((len(offsets), len(tagger.ROLES), tagger.TAGS), dtype=np.float32)
    probabilities[:, :, tagger.OUTSIDE] = 1.0
    for role, by_word in shares.items():
        index = tagger.ROLES.index(role)
        for k, (start, end) in enumerate(offsets):
            share = by_word.get(text[start:end], 0.0)
            probabilities[k, index] = [1.0 - share, share, 0.0]
    return tagger.Tagging([], probabilities, offsets)


def test_share_is_the_mean_probability_of_a_role_over_the_pieces_a_span_touches() -> None:
    text = "The music seemed calm, the mayor said."
    tagging = _tagging(text, source={"the": 0.8, "mayor": 1.0, "music": 0.1})
    assert tagging.share("source", *_span(text, "the mayor")) == pytest.approx(0.9)
    assert tagging.share("source", *_span(text, "music")) == pytest.approx(0.1)
    assert tagging.share("source", *_span(text, "yo")) == pytest.approx(1.0)  # inside a piece
    assert tagging.share("cue", *_span(text, "the mayor")) == 0.0
    assert tagging.share("source", len(text), len(text)) == 0.0  # no piece there


def test_a_candidate_whose_source_or_content_the_tagger_does_not_see_is_dropped() -> None:
    text = "The music seemed calm, the mayor said, and the band agreed to play on."
    doc = parse(text)

    def on_verb(source: str, cue: str, content: str) -> Candidate:
        verb = next(t for t in doc if t.text == cue)
        return replace(_rule(text, source, cue, content), verb=verb)

    music = on_verb("The music", "seemed", "calm")
    mayor = on_verb("the mayor", "said", "The music seemed calm")
    band = on_verb("the band", "agreed", "to play on")
    quote = replace(mayor, source=None, cue=None, verb=None, inherited_from=mayor)
    low, seen = tagged.SOURCE_FLOOR - 0.05, tagged.SOURCE_FLOOR + 0.01
    sources = {"The": low, "music": low, "the": seen, "mayor": seen, "band": seen}
    contents = {w: seen for w in ("The", "music", "seemed", "calm,")}
    contents |= {"to": tagged.CONTENT_FLOOR - 0.05, "play": 0.0, "on.": 0.0}
    tagging = _tagging(text, source=sources, content=contents)
    assert tagged.seen_by_tagger([music, mayor, band, quote], tagging) == [mayor, quote]
    contents |= {"to": 1.0, "play": 1.0}
    tagging = _tagging(text, source=sources, content=contents)
    assert tagged.seen_by_tagger([music, mayor, band], tagging) == [mayor, band]


def test_a_verb_subject_that_is_no_speaker_is_dropped_and_the_speaker_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = (
        '"She told me that the army had left," said Karim Baloch, a shopkeeper in the old'
        " market. The music seemed to match the mood of the crowd."
    )
    assert [e.mention for e in extract(text)] == ["Karim Baloch, a shopkeeper in the old market"]
    monkeypatch.setattr(tagged, "SOURCE_FLOOR", 0.0)  # the rules and the tagger's cues alone
    monkeypatch.setattr(tagged, "CONTENT_FLOOR", 0.0)
    assert {e.mention for e in extract(text)} >= {"She", "The music"}


def test_a_tagged_cue_noun_with_a_possessor_becomes_a_candidate() -> None:
    text = "Her call for an inquiry into the flooding of the valley was ignored by the council."
    found = tagged.combined(parse(text), [], [_cue(text, "call")])
    assert [
        (text[slice(*c.source)], c.verb.text, text[slice(*c.content)])
        for c in found
        if c.source and c.verb
    ] == [("Her", "call", "an inquiry into the flooding of the valley")]
    alone = "The call for an inquiry into the flooding was ignored."  # no possessor, no speaker
    assert tagged.combined(parse(alone), [], [_cue(alone, "call")]) == []


def test_a_promise_in_a_possessive_is_the_possessors_statement() -> None:
    text = (
        "The mayor said the count had been fair. His promise to rebuild the old bridge by"
        " spring drew cheers in the square."
    )
    found = [(e.mention, e.speaker, e.cue_word, e.text) for e in extract(text)]
    assert found[1:] == [("His", "mayor", "promise", "to rebuild the old bridge by spring")]
