"""Anchors: the names, acronyms and numbers two accounts of one event tend to share.

Rival accounts use different words but name the same places, people, groups and figures. These
tokens are evidence for grouping that a sentence embedding underweights. Plain regular
expressions over the text: no model, no Flask.
"""

from __future__ import annotations

import re

_STOPWORDS = frozenset(
    """
    a about above after again against all also although am among an and another any are as at
    be because been before being below between both but by can could did do does doing down
    during each either even every few for from further had has have having he her here hers
    herself him himself his how however i if in into is it its itself just least less let like
    many may me might more most much must my myself neither new no nor not now of off on once one
    only or other others our ours ourselves out over own per perhaps rather same several she
    should since so some such than that the their theirs them themselves then there these they
    this those though through thus to too under until up upon us very via was we were what
    whatever when where whether which while who whom whose why will with within without would
    yet you your yours yourself yourselves mr mrs ms dr st says said say according report reports
    reportedly breaking exclusive update updated video watch photos photo read via
    """.split()
)

_NUMBER_WORDS = {
    "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
    "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "dozen": "12", "thirteen": "13",
    "fourteen": "14", "fifteen": "15", "sixteen": "16", "seventeen": "17", "eighteen": "18",
    "nineteen": "19", "twenty": "20", "hundred": "100", "thousand": "1000", "million": "1000000",
}  # fmt: skip

_TOKEN = re.compile(r"[^\W\d_]+(?:['’.\-&][^\W\d_]+)*\.?|\d+(?:[.,]\d+)*")
_OPENERS = frozenset('.!?:;"“”‘«»([-–—')
_POSSESSIVE = re.compile(r"['’]s?$")


_TITLE_SHARE = 0.8


def anchors(text: str) -> frozenset[str]:
    """Named-entity-like tokens of ``text``: evidence that two statements concern one event.

    Picks capitalised words that are not merely sentence-initial (lower-cased), acronyms (upper
    case kept when the lower-case form is a common word, so "IS" and "US" stay distinct from
    "is" and "us"; dots dropped, "U.S." -> "US"), the initials of runs of capitalised words
    ("Islamic State" also gives "IS"), words with inner capitals ("iPhone"), and numbers (digits;
    "twelve" and "dozen" become "12", thousands separators dropped). Possessives are stripped
    ("McDonald's" -> "mcdonald"). In Title Case headlines every capitalised word that is not a
    function word counts, since capitals carry no signal there.
    """
    tokens = list(_TOKEN.finditer(text))
    long_words = [m.group(0) for m in tokens if m.group(0)[0].isalpha() and len(m.group(0)) >= 4]
    title_case = len(long_words) >= 3 and (
        sum(w[0].isupper() for w in long_words) >= _TITLE_SHARE * len(long_words)
    )
    found: set[str] = set()
    run: list[str] = []
    previous_end = -1
    for match in tokens:
        raw = match.group(0)
        if run and text[previous_end : match.start()].strip():
            _flush_run(run, found, title_case)
        previous_end = match.end()
        if raw[0].isdigit():
            _flush_run(run, found, title_case)
            number = raw.replace(",", "").rstrip(".")
            if "." in number:
                number = number.rstrip("0").rstrip(".")
            found.add(number)
            continue
        word = _POSSESSIVE.sub("", raw.strip(".'’-"))
        letters = [c for c in word if c.isalpha()]
        folded = word.casefold()
        if len(letters) >= 2 and all(c.isupper() for c in letters):  # acronym: US, ISIS, U.S.
            _flush_run(run, found, title_case)
            found.add(_cased("".join(letters)))
            continue
        if folded in _NUMBER_WORDS:
            _flush_run(run, found, title_case)
            found.add(_NUMBER_WORDS[folded])
            continue
        inner_capital = any(c.isupper() for c in word[1:])
        if not word or not (word[0].isupper() or inner_capital):
            _flush_run(run, found, title_case)
            continue  # lower-case word
        if len(letters) < 2 or folded in _STOPWORDS:
            _flush_run(run, found, title_case)
            continue
        before = text[max(0, match.start() - 4) : match.start()].rstrip()
        initial = not before or before[-1] in _OPENERS
        if initial and not title_case and not inner_capital:
            _flush_run(run, found, title_case)
            run.append(folded)  # may start a name ("Islamic State"), is no anchor by itself
            continue
        found.add(folded)
        run.append(folded)
    _flush_run(run, found, title_case)
    return frozenset(found)


def _cased(acronym: str) -> str:
    return acronym if acronym.casefold() in _STOPWORDS else acronym.casefold()


def _flush_run(run: list[str], found: set[str], title_case: bool) -> None:
    """Initials of a run of 2-4 capitalised words: "Islamic State" -> "IS"."""
    if 2 <= len(run) <= 4 and not title_case:
        found.add(_cased("".join(word[0] for word in run).upper()))
    run.clear()
