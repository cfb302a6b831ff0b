"""Print the tagger's errors on the TimeML DEV split, grouped by kind (never run it on test).

.venv/bin/python bench/timeml/errors.py [DATA] [--kind value|spurious|missed] [--grep WORD]
"""

from __future__ import annotations

import argparse
import collections
from pathlib import Path

from storyline.evaluate.timeml import _relaxed_matches, load_split
from storyline.language.sentences import tokenize_sentences
from storyline.language.timex import tag_times

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "timeml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data", nargs="?", type=Path, default=DATA)
    parser.add_argument("--kind", default="value")
    parser.add_argument("--grep", default="")
    parser.add_argument("--context", type=int, default=60)
    args = parser.parse_args()
    counts: collections.Counter[str] = collections.Counter()
    for document in load_split(args.data, "dev"):
        text = document.text
        system = tag_times(text, tokenize_sentences(text), anchor=document.anchor, anchor_source="published")
        matches = _relaxed_matches(document.gold, system)
        matched_gold = {id(g) for g, _ in matches}
        matched_system = {id(s) for _, s in matches}
        rows = []
        if args.kind == "value":
            rows = [
                (g.start, f"{g.text!r} gold={g.value} sys={s.value} [{s.rule}]")
                for g, s in matches
                if g.value != s.value
            ]
        elif args.kind == "spurious":
            rows = [
                (s.start, f"{s.text!r} sys={s.value} [{s.rule}]")
                for s in system
                if id(s) not in matched_system
            ]
        elif args.kind == "missed":
            rows = [
                (g.start, f"{g.text!r} gold={g.value} {g.type}")
                for g in document.gold
                if id(g) not in matched_gold
            ]
        for start, row in rows:
            if args.grep.lower() not in row.lower():
                continue
            counts[row.split("'")[1].lower()] += 1
            window = text[max(0, start - args.context) : start + args.context].replace("\n", " ")
            print(f"{document.path} dct={document.anchor} {row}\n    ...{window}...")
    print(sum(counts.values()), "errors;", counts.most_common(40))


if __name__ == "__main__":
    main()
