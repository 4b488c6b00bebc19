"""Cue-verb rules on a dependency parse: who (subject) says what (clause, object), by which cue."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .cues import (
    AS_SAYING_VERBS,
    CLAUSE_ONLY_CUES,
    CUE_VERBS,
    NOT_COLON_LABELS,
    NOT_CONTENT_OBJECTS,
    OBJECT_CUES,
    PREPOSITION_CUES,
    SOURCE_PHRASES,
)
from .learned import CueModel, cue_model, features
from .parsing import text_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_SUBJECT_POS = frozenset({"NOUN", "PROPN", "PRON", "NUM", "X"})
_NOT_SPEAKERS = frozenset({"there", "what", "this", "these", "those", "all", "none", "each"})
_QUANTIFIERS = frozenset({"most", "many", "some", "several", "few", "both", "others", "half"})
_TRIM = " \t\r\n,;:.\u2014\u2013-\u00a0"


@dataclass
class Candidate:
    """An attribution before speaker resolution; spans are character offsets."""

    cue: tuple[int, int] | None
    content: tuple[int, int]
    cue_kind: str
    confidence: float
    verb: Token | None = None  # the cue's head token, None for a quote standing alone
    subject: Token | None = None  # head of the source mention
    source: tuple[int, int] | None = None
    direct: bool = False
    inherited_from: Candidate | None = None  # a quote standing alone takes this one's speaker
    features: list[str] = field(default_factory=list)  # what the learned cue gate saw
    probability: float = 1.0  # the learned gate's P(cue)
    # the quoted passages a direct content is the hull of ('"A," he said. "B."'), else empty
    pieces: list[tuple[int, int]] = field(default_factory=list)


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two [start, end) character spans share a character."""
    return a[0] < b[1] and b[0] < a[1]


def trimmed(doc: Doc, start: int, end: int, *, strip_quotes: bool = False) -> tuple[int, int]:
    """Characters [start, end) without surrounding spaces and punctuation (and quote marks)."""
    text = text_of(doc)
    chars = _TRIM + ("\"'\u201c\u201d\u2018\u2019\u00ab\u00bb" if strip_quotes else "")
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


def span_chars(tokens: list[Token]) -> tuple[int, int]:
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _is_speaker_token(token: Token) -> bool:
    if token.lower_ in _QUANTIFIERS:  # "most of them said", "some say"
        return True
    if token.pos_ not in _SUBJECT_POS and not token.text.isupper():
        return False
    return token.lower_ not in _NOT_SPEAKERS and token.tag_ != "EX"


def subject_of(verb: Token, depth: int = 0) -> Token | None:
    """The speaker token of a cue verb, climbing conjunctions and participles ('..., saying').
    Of two subjects before the verb the nearer speaks: the farther one is the start of the words
    said, run into the speaker where a comma was lost ("X is responsible Fabius said")."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj" and _is_speaker_token(c)]
    cue = verb.lemma_.lower() in CUE_VERBS
    if len(subjects) > 1 and all(c.i < verb.i for c in subjects) and cue:
        return subjects[-1]
    if subjects:
        return subjects[0]
    for child in verb.lefts:
        # Acronyms such as "IS" get parsed as the auxiliary "is".
        if child.dep_ in ("aux", "auxpass") and child.text.isupper() and len(child.text) > 1:
            return child
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head  # "a statement saying ..."
    if depth >= 3 or verb.head is verb:
        return None
    head = verb.head
    if verb.dep_ == "conj":
        found = subject_of(head, depth + 1)
        if found is None and head.dep_ == "ccomp" and head.head.lemma_ in CUE_VERBS:
            return subject_of(head.head, depth + 1)  # "say that X but admit Y", misparsed
        return found
    if verb.dep_ in ("advcl", "xcomp") and verb.tag_ == "VBG":
        return subject_of(head, depth + 1)  # "..., saying X"
    return None


_CLAUSE_DEPS = frozenset({"advcl"})
_BREAKS = frozenset({"\u2014", "--", "\u2013"})
_DASH_CHARS = "-\u2013\u2014"


def _is_when(token: Token) -> bool:
    """A time phrase on the speaker ("the report on Wednesday") tells when, not who."""
    if token.dep_ == "npadvmod":  # "the report Wednesday"; not "17-year-old", "filed Thursday"
        return token.ent_type_ in ("DATE", "TIME") and token.head.pos_ in ("NOUN", "PROPN")
    if token.dep_ == "prep" and token.head.dep_ in ("nsubj", "nsubjpass", "pobj", "appos"):
        objects = [c for c in token.children if c.dep_ == "pobj"]
        return bool(objects) and objects[0].ent_type_ in ("DATE", "TIME")
    return False


def source_tokens(subject: Token, verb: Token) -> list[Token]:
    """The mention as written: the subject's phrase with its apposition and relative clauses
    (PolNeAR's convention: "Geoff Garin, a pollster who works with ..."), without adverbial
    clauses, time phrases or the cue's own clause."""
    dropped: set[Token] = set(verb.subtree) if verb in subject.subtree else set()
    for token in subject.subtree:
        if token.dep_ in _CLAUSE_DEPS and token is not subject or _is_when(token):
            dropped |= set(token.subtree)
    tokens = [t for t in subject.subtree if t not in dropped or t is subject]
    # A dateline or a heading glued to the subject ("CLEVELAND (UPI) — Former ...") is not it.
    breaks = [
        k for k, t in enumerate(tokens) if (t.text in _BREAKS or "\n" in t.text) and t.i < subject.i
    ]
    if breaks:
        tokens = tokens[breaks[-1] + 1 :]
    while tokens and (tokens[-1].is_space or tokens[-1].is_punct and tokens[-1].text != ")"):
        tokens.pop()
    while tokens and (tokens[0].is_punct or tokens[0].is_space):
        tokens.pop(0)
    return tokens or [subject]


def words_at(doc: Doc, start: int, end: int) -> Span | None:
    """The tokens covering characters [start, end) (a span inside a token takes the whole
    token), None when there are none."""
    words = doc.char_span(start, end, alignment_mode="expand")
    return words if words is not None and len(words) else None


def drop_nested_attributions(doc: Doc, candidates: list[Candidate]) -> None:
    """Cut from each source a relative clause that holds another attribution's cue ("Beck, who
    has described Trump as ..., said": the source is "Beck"). In PolNeAR a source never holds
    another attribution's cue, while other relative clauses stay in it."""
    cues = {c.cue for c in candidates if c.cue is not None}
    for candidate in candidates:
        if candidate.subject is None or candidate.source is None:
            continue
        tokens = list(words_at(doc, *candidate.source) or [])
        dropped: set[Token] = set()
        for token in tokens:
            if token.dep_ not in ("relcl", "acl") or token in dropped:
                continue
            low, high = span_chars(sorted(token.subtree, key=lambda t: t.i))
            if any(cue != candidate.cue and low <= cue[0] < high for cue in cues):
                dropped |= set(token.subtree)
        if not dropped:
            continue
        kept = [t for t in tokens if t not in dropped]
        while kept and (kept[-1].is_punct or kept[-1].is_space):
            kept.pop()
        if candidate.subject in kept:
            candidate.source = span_chars(kept)


_NAMING_POS = frozenset({"NOUN", "PROPN", "PRON", "NUM"})
_MEND_STEPS = 3  # head words climbed from a bare source to one that names somebody


def mend_bare_sources(doc: Doc, candidates: list[Candidate]) -> None:
    """A source of function words alone names nobody ("a" of "a choked-up Jeb Bush", "for" of
    "A majority of voters looking for an outsider"): it becomes the nearest naming word above it
    in the parse with the modifiers just before it ("a choked-up Jeb Bush", "A majority"). A
    source no such word mends stays as it is: dropping its attribution lost more contents than
    it won sources (first 100 held-out articles)."""
    for candidate in candidates:
        if candidate.source is None:
            continue
        tokens = [t for t in words_at(doc, *candidate.source) or [] if not t.is_space]
        if any(t.pos_ in _NAMING_POS for t in tokens):
            continue
        head = tokens[0] if tokens else None
        for _ in range(_MEND_STEPS):
            if head is None or head.pos_ in _NAMING_POS:
                break
            head = head.head if head.head is not head else None
        if head is None or head.pos_ not in _NAMING_POS:
            continue
        while head.dep_ == "poss" and head.head.pos_ in _NAMING_POS:
            head = head.head  # "Trump's campaign account": the account, not Trump
        first = head
        for left in reversed(list(head.lefts)):  # its modifiers, nearest first, while adjacent
            if left.right_edge.i != first.i - 1:
                break
            first = left.left_edge
        candidate.source = span_chars(list(doc[first.i : head.i + 1]))
        candidate.subject = head


def without_crossings(candidates: list[Candidate]) -> list[Candidate]:
    """Of two attributions each holding the other's cue in its content ("Bateman says there is a
    long road ahead, but he feels confident": "he feels" given "Bateman says ..." as content),
    keep the more confident; the other read a clause of the same sentence the wrong way."""
    dropped: set[int] = set()
    for i, a in enumerate(candidates):
        for j in range(i + 1, len(candidates)):
            b = candidates[j]
            if a.cue is None or b.cue is None or i in dropped or j in dropped:
                continue
            if _holds(a.content, b.cue) and _holds(b.content, a.cue):
                dropped.add(j if b.confidence < a.confidence else i)
    return [c for k, c in enumerate(candidates) if k not in dropped]


def _holds(content: tuple[int, int], cue: tuple[int, int]) -> bool:
    return content[0] <= cue[0] and cue[1] <= content[1]


def source_chars(subject: Token, verb: Token) -> tuple[int, int]:
    """The characters of `source_tokens` (which already end on a word), without a list's dash
    that the tokenizer keeps on the first word ("-David Rothschild assesses")."""
    tokens = source_tokens(subject, verb)
    start, end = span_chars(tokens)
    first = tokens[0].text
    if first.lstrip(_DASH_CHARS):
        start += len(first) - len(first.lstrip(_DASH_CHARS))
    return start, end


def _as_saying(verb: Token) -> list[Token]:
    """ "quoted a source as saying X", "cited officials as saying X": the words said are the
    clause of "saying", under the cue's "as"."""
    return [
        clause
        for prep in verb.children
        if prep.dep_ == "prep" and prep.lower_ == "as"
        for said in prep.children
        if said.dep_ == "pcomp" and said.lemma_.lower() in AS_SAYING_VERBS
        for clause in said.children
        if clause.dep_ == "ccomp"
    ]


def content_children(verb: Token) -> list[Token]:
    lemma = verb.lemma_.lower()
    if lemma in CUE_VERBS and (reported := _as_saying(verb)):
        return reported
    clauses = [c for c in verb.children if c.dep_ in ("ccomp", "parataxis") and c.pos_ != "PUNCT"]
    if not clauses and lemma in CUE_VERBS:
        clauses = _stray_clauses(verb)
    if clauses or lemma in CLAUSE_ONLY_CUES:
        return clauses
    if lemma not in CUE_VERBS:  # an unlisted verb: a clause, "to ..." or an object (gate decides)
        return [c for c in verb.children if c.dep_ in ("xcomp", "dobj")]
    if lemma in OBJECT_CUES:
        objects = [c for c in verb.children if c.dep_ in ("dobj", "xcomp", "attr", "oprd")]
        if objects:
            return objects
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in PREPOSITION_CUES.get(lemma, ()):
            return [child]
    return []


def _stray_clauses(verb: Token) -> list[Token]:
    """A "that" clause the parser hung on a noun of the cue's phrase ("said during a news
    conference that he may wait": "that he may wait" as a relative clause of "conference"). A
    true relative "that" is the clause's subject or object, not its marker."""
    found = []
    for prep in (c for c in verb.rights if c.dep_ == "prep"):
        for noun in (c for c in prep.children if c.dep_ == "pobj"):
            found += [
                c
                for c in noun.rights
                if c.dep_ in ("relcl", "acl")
                and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.lefts)
            ]
    return found[:1]


def _without_nested_conjuncts(verb: Token, tokens: set[Token]) -> set[Token]:
    """Drop a coordinated cue clause ('... but acknowledge X') that is its own attribution."""
    for token in list(tokens):
        if token.dep_ == "conj" and token.lemma_ in CUE_VERBS and token is not verb:
            if not any(c.dep_ == "nsubj" for c in token.children):
                tokens -= set(token.subtree)
                tokens -= {
                    c for c in token.head.children if c.dep_ in ("cc", "punct") and c.i < token.i
                }
    return tokens


def content_span(doc: Doc, verb: Token, children: list[Token]) -> tuple[int, int] | None:
    """The hull of the content children on one side of the cue, trimmed."""
    left = [c for c in children if c.i < verb.i]
    right = [c for c in children if c.i > verb.i]
    side = (
        right
        if sum(len(list(c.subtree)) for c in right) >= sum(len(list(c.subtree)) for c in left)
        else left
    )
    if not side:
        return None
    tokens: set[Token] = set()
    for child in side:
        subtree = list(child.subtree)
        if child.dep_ == "prep":  # "claimed responsibility for X in Y": X in Y
            subtree = [t for t in verb.subtree if t.i > child.i]
        tokens |= set(subtree)
    tokens = _without_nested_conjuncts(verb, tokens)
    if not tokens:
        return None
    ordered = sorted(tokens, key=lambda t: t.i)
    # Keep the contiguous run that starts at the first token (conjunct removal leaves a gap).
    run = [ordered[0]]
    for token in ordered[1:]:
        if token.i != run[-1].i + 1:
            break
        run.append(token)
    start, end = trimmed(doc, *span_chars(run))
    return (start, end) if end > start else None


def _parenthetical_content(doc: Doc, verb: Token, subject: Token) -> tuple[int, int] | None:
    """'X, Ms. Tanzer said, is Y': the rest of the sentence around an inserted cue. Where the
    comma before the speaker was lost ("the regime is responsible Fabius said on a visit") the
    parser takes the words said for a second subject of the cue: they are the content."""
    clauses = any(c.dep_ in ("ccomp", "parataxis") for c in verb.children)
    stolen = [
        c
        for c in verb.children
        if c.dep_ in ("nsubj", "csubj") and c is not subject and c.i < subject.left_edge.i
    ]
    if verb.dep_ == "ROOT" and not clauses and stolen:
        rest = [t for t in verb.sent if t.i < subject.left_edge.i]
    elif verb.dep_ == "ROOT" and not clauses:
        inserted = {verb} | set(subject.subtree)
        for child in verb.rights:
            inserted |= set(child.subtree)
        rest = [t for t in verb.sent if t not in inserted]
    else:
        inside = set(verb.subtree) | set(subject.subtree)
        rest = [t for t in verb.sent if t not in inside]
    words = [t for t in rest if not (t.is_punct or t.is_space)]
    if len(words) < 3:
        return None
    start, end = trimmed(doc, words[0].idx, words[-1].idx + len(words[-1].text))
    return (start, end) if end > start else None


def _cue_chars(verb: Token, children: list[Token]) -> tuple[int, int]:
    tokens = [verb] + [c for c in verb.children if c.dep_ == "prt"]
    tokens += [c for c in children if c.dep_ == "prep"]
    tokens += [c.head for c in children if c.dep_ == "ccomp" and c.head.dep_ == "pcomp"]
    tokens.sort(key=lambda t: t.i)
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def verb_candidates(
    doc: Doc, *, gate: bool = True, threshold: float | None = None
) -> list[Candidate]:
    """One candidate per cue verb with a speaker; content may be missing (a quote may supply it).

    Verbs listed in `cues` and any other verb with a clause or "to ..." content are
    candidates; the learned gate (`learned.cue_model`) keeps those likely to be attributions.
    `gate=False` keeps them all, with their features (for training the gate); `threshold`
    replaces the gate's own decision threshold.
    """
    model = cue_model() if gate else None
    floor = threshold if threshold is not None else model.threshold if model else 0.0
    found: list[Candidate] = []
    for verb in doc:
        lemma = verb.lemma_.lower()
        if verb.pos_ not in ("VERB", "AUX") and verb.tag_[:2] != "VB":
            continue
        if verb.dep_ in ("aux", "auxpass"):
            continue
        subject = subject_of(verb)
        buried = _buried_speaker(verb) if subject is None else None
        if buried is not None:
            found.extend(_buried_candidate(doc, verb, buried, model, floor))
            continue
        if subject is None:
            continue
        children = content_children(verb)
        if lemma not in CUE_VERBS and not children:
            continue
        if any(c.lemma_.lower() in NOT_CONTENT_OBJECTS for c in children):
            continue
        content = content_span(doc, verb, children) if children else None
        if content is None and not children:
            content = _parenthetical_content(doc, verb, subject)
        source = source_chars(subject, verb)
        if content is not None and _is_crossing(source, content):
            continue
        objectish = bool(children) and all(c.dep_ != "ccomp" for c in children)
        seen = features(verb, subject, children, content)
        probability = model.probability(seen) if model is not None else 1.0
        if model is not None and probability < floor:
            continue
        found.append(
            Candidate(
                cue=_cue_chars(verb, children),
                content=content or (verb.idx, verb.idx),
                cue_kind=CUE_VERBS.get(lemma, "speech"),
                confidence=round(min(probability, 0.6 if objectish else 0.8), 2),
                verb=verb,
                subject=subject,
                source=source,
                features=seen if model is None else [],
                probability=probability,
            )
        )
    return without_echoes(found)


# What the words of a buried speaker ("leading opposition figure Omar Talib") may hang by.
_TITLE_DEPS = frozenset({"compound", "amod", "flat"})


def _buried_speaker(verb: Token) -> list[Token] | None:
    """The speaker of a cue verb with no subject, where a lost comma hung the speaker inside
    the words said: in "At least 500 people have been killed in a gas attack on Lorias Kessa
    region leading opposition figure Omar Talib said" the parser reads the name as the object
    of "on", inside the clause "said" governs. The speaker is the name right before the verb (a
    proper noun that is no one's subject) with the titles and words it holds before it
    ("leading opposition figure"); None when there is no such clause or name."""
    if verb.i == 0 or verb.lemma_.lower() not in CUE_VERBS:
        return None
    clauses = [c for c in verb.children if c.dep_ == "ccomp" and c.i < verb.i]
    name = verb.doc[verb.i - 1]
    if not clauses or name.pos_ != "PROPN" or name.dep_ in ("nsubj", "nsubjpass"):
        return None
    if name not in clauses[0].subtree:
        return None
    run = [name]
    for token in reversed(verb.doc[clauses[0].left_edge.i : name.i]):
        if token.dep_ not in _TITLE_DEPS or not token.i < token.head.i <= name.i:
            break
        run.insert(0, token)
    if len(run) < 2:  # one word ("... on Wednesday Reuters said") is too weak a sign
        return None
    return run


def _buried_candidate(
    doc: Doc, verb: Token, run: list[Token], model: CueModel | None, floor: float
) -> list[Candidate]:
    """The candidate of `_buried_speaker`: the clause before the speaker is the content."""
    words = [t for t in doc[verb.sent.start : run[0].i] if not (t.is_punct or t.is_space)]
    if len(words) < 3:
        return []
    start, end = trimmed(doc, words[0].idx, words[-1].idx + len(words[-1].text))
    subject = run[-1]
    children = content_children(verb)
    seen = features(verb, subject, children, (start, end))
    probability = model.probability(seen) if model is not None else 1.0
    if model is not None and probability < floor:
        return []
    return [
        Candidate(
            cue=_cue_chars(verb, []),
            content=(start, end),
            cue_kind=CUE_VERBS.get(verb.lemma_.lower(), "speech"),
            confidence=round(min(probability, 0.6), 2),
            verb=verb,
            subject=subject,
            source=span_chars(run),
            features=seen if model is None else [],
            probability=probability,
        )
    ]


def _is_crossing(source: tuple[int, int], content: tuple[int, int]) -> bool:
    """True when the spans overlap without the content wrapping an inserted 'X said' whole."""
    overlapping = source[0] < content[1] and content[0] < source[1]
    wraps = content[0] < source[0] and source[1] < content[1]
    return overlapping and not wraps


def without_echoes(found: list[Candidate]) -> list[Candidate]:
    """'He added that X, he added': keep the inner cue, drop the outer one wrapping it."""
    by_verb = {c.verb.i: c for c in found if c.verb is not None}
    kept = []
    for candidate in found:
        verb = candidate.verb
        inner = [
            by_verb[c.i]
            for c in (verb.children if verb is not None else [])
            if c.dep_ == "ccomp"
            and c.i in by_verb
            and c.lemma_ == verb.lemma_  # type: ignore[union-attr]
            and _same_speaker(by_verb[c.i], candidate)
        ]
        if not inner:
            kept.append(candidate)
    return kept


def _same_speaker(inner: Candidate, outer: Candidate) -> bool:
    """'He added that X, he added' echoes; '"He has said X," Cruz said' nests two speakers."""
    if inner.subject is None or outer.subject is None:
        return False
    return inner.subject.lower_ == outer.subject.lower_


def according_candidates(doc: Doc) -> list[Candidate]:
    """'According to X, Y': X is the source, the rest of the sentence the content."""
    found: list[Candidate] = []
    for token in doc:
        following = SOURCE_PHRASES.get(token.lower_)
        if following is None:
            continue
        prep = next((c for c in token.children if c.lower_ == following), None)
        if prep is None and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == following:
            prep = doc[token.i + 1]
        if prep is None:
            continue
        objects = [c for c in prep.children if c.dep_ == "pobj"]
        if not objects:
            continue
        phrase = set(token.subtree) | set(prep.subtree)
        sentence: Span = token.sent
        rest = [t for t in sentence if t not in phrase]
        runs: list[list[Token]] = []
        for t in rest:
            if runs and runs[-1][-1].i == t.i - 1:
                runs[-1].append(t)
            else:
                runs.append([t])
        runs = [r for r in runs if any(not t.is_punct and not t.is_space for t in r)]
        if not runs:
            continue
        best = max(runs, key=len)
        content = trimmed(doc, *span_chars(best))
        source = trimmed(doc, *span_chars(sorted(objects[0].subtree, key=lambda t: t.i)))
        if content[1] <= content[0]:
            continue
        found.append(
            Candidate(
                cue=(token.idx, prep.idx + len(prep.text)),
                content=content,
                cue_kind="speech",
                confidence=0.75,
                verb=token,
                subject=objects[0],
                source=source,
            )
        )
    return found


_MAX_LABEL_WORDS = 4


def colon_candidates(doc: Doc) -> list[Candidate]:
    """'Graham: Trump's rhetoric hurts the party' (a headline) or 'SMITH: Why not?' (a transcript).

    A short capitalised name opening a line, then a colon: the name is the source, the rest of
    the sentence (within the line) the content.
    """
    text = text_of(doc)
    found: list[Candidate] = []
    for token in doc:
        if token.text != ":" or token.i == 0 or token.i + 1 >= len(doc):
            continue
        line_start = text.rfind("\n", 0, token.idx) + 1
        first_label = token.i
        while first_label > 0 and doc[first_label - 1].idx >= line_start:
            first_label -= 1
        label = [t for t in doc[first_label : token.i] if not t.is_space]
        words = text[line_start : token.idx].split()
        if not label or not 1 <= len(words) <= _MAX_LABEL_WORDS or len(words[0]) < 2:
            continue
        if not all(w[0].isupper() and not any(ch.isdigit() for ch in w) for w in words):
            continue
        if not any(t.pos_ in ("PROPN", "NOUN") for t in label) or any(
            t.pos_ in ("VERB", "AUX") or t.lower_ in NOT_COLON_LABELS for t in label
        ):
            continue
        first = doc[token.i + 1]
        sentence_end = first.sent.end_char
        line_end = text.find("\n", token.idx)
        end = min(sentence_end, line_end if line_end >= 0 else len(text))
        content = trimmed(doc, token.idx + 1, end)
        if len(text[content[0] : content[1]].split()) < 3:
            continue
        subject = next((t for t in reversed(label) if t.pos_ in ("PROPN", "NOUN")), label[-1])
        found.append(
            Candidate(
                cue=(token.idx, token.idx + 1),
                content=content,
                cue_kind="speech",
                confidence=0.6,
                verb=token,
                subject=subject,
                source=span_chars(label),
            )
        )
    return found
