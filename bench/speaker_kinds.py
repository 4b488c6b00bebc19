"""Who speaks in real war coverage: the kinds extraction gives its speakers, and the statements
nobody would want to read.

Runs the first N articles (150 by default) of ../shared/eval/articles/fakes-syria-dev.jsonl
through the extractor, as `verify eval attribution` does, and prints the share of each speaker
kind (the share of `other` first), then how many statements have a content under three words
(and how many of those are not direct quotes), a reported content with no verb, or a speaker
that is no one (a substance, a weapon, a web page, a body part). The bench judges with its own
small word lists, not with the extractor's tables, so the figures stay comparable before and
after a change to those tables.

    python bench/speaker_kinds.py [--limit 150] [--file PATH] [--dump statements.jsonl]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from spacy.tokens import Doc  # noqa: E402

from verify.extraction import Extracted, extract_from_doc  # noqa: E402
from verify.extraction.parsing import parse  # noqa: E402

ARTICLES = ROOT.parent / "shared" / "eval" / "articles" / "fakes-syria-dev.jsonl"

# The bench's own idea of a speaker that is no one, by the lemma of the mention's head (of the
# speaker's last word where the mention is a pronoun): a substance or weapon, a web page, or a
# part of the body in a speaker that names nothing else (no capitalised word).
NOT_SPEAKERS = frozenset(
    "agent gas chlorine sarin mustard toxin chemical weapon munition bomb barrel missile "
    "rocket shell warhead page website site link url".split()
)
BODY_PARTS = frozenset("body hand eye skin blood lung corpse".split())
_WORD = re.compile(r"\w+", re.UNICODE)


def read_articles(path: Path, limit: int) -> list[dict[str, str]]:
    """The first `limit` articles of a JSONL file, in file order."""
    rows = []
    with open(path, encoding="utf-8") as file:
        for line in file:
            if line.strip():
                rows.append(json.loads(line))
            if len(rows) == limit:
                break
    return rows


def _is_no_one(doc: Doc, found: Extracted) -> bool:
    mention = doc.char_span(*found.source, alignment_mode="expand") if found.source else None
    if mention is not None and mention.root.pos_ != "PRON":
        head = mention.root.lemma_.lower()
    else:
        head = (_WORD.findall(found.speaker.lower()) or [""])[-1]
    if head in NOT_SPEAKERS:
        return True
    named = any(word[:1].isupper() for word in found.speaker.split())
    return head in BODY_PARTS and not named


def bench(path: Path, limit: int, dump: Path | None) -> None:
    articles = read_articles(path, limit)
    kinds: Counter[str] = Counter()
    short = short_reported = verbless = no_one = 0
    dumped = []
    start = time.perf_counter()
    for article in articles:
        doc = parse(article["text"])
        for found in extract_from_doc(doc):
            kinds[found.speaker_kind] += 1
            words = _WORD.findall(found.text)
            span = doc.char_span(*found.content, alignment_mode="expand")
            has_verb = span is not None and any(t.pos_ in ("VERB", "AUX") for t in span)
            is_short = len(words) < 3
            is_verbless = found.attribution == "reported" and not has_verb
            is_no_one = _is_no_one(doc, found)
            short += is_short
            short_reported += is_short and found.attribution == "reported"
            verbless += is_verbless
            no_one += is_no_one
            dumped.append(
                {
                    "article": article["id"],
                    "speaker": found.speaker,
                    "kind": found.speaker_kind,
                    "mention": found.mention,
                    "description": found.speaker_description,
                    "attribution": found.attribution,
                    "text": found.text,
                    "short": is_short,
                    "verbless": is_verbless,
                    "no_one": is_no_one,
                }
            )
    seconds = time.perf_counter() - start
    total = sum(kinds.values())
    print(f"speaker kinds: {len(articles)} articles of {path.name}, {total} statements")
    print(f"  other: {kinds['other']} of {total} = {kinds['other'] / max(total, 1):.1%}")
    for kind, count in kinds.most_common():
        print(f"  {kind:<20} {count:5d}  {count / max(total, 1):6.1%}")
    print(f"  content under three words: {short} ({short_reported} of them not quoted)")
    print(f"  reported content with no verb: {verbless}")
    print(f"  speaker a substance, weapon, web page or body part: {no_one}")
    print(f"  {seconds:.1f} s")
    if dump is not None:
        with open(dump, "w", encoding="utf-8") as file:
            for row in dumped:
                file.write(json.dumps(row, ensure_ascii=False) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=150, help="the first N articles")
    parser.add_argument("--file", type=Path, default=ARTICLES, help="a JSONL file of articles")
    parser.add_argument("--dump", type=Path, default=None, help="write each statement here")
    args = parser.parse_args()
    bench(args.file, args.limit, args.dump)


if __name__ == "__main__":
    main()
