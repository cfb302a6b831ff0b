"""Score a temporal tagger against TimeML gold (TimeBank, AQUAINT), as TempEval-3 Task A does.

Each `*.tml` file is parsed as XML. The plain text of its `<TEXT>` element (tags stripped, entities
decoded) is what the tagger reads, and every `<TIMEX3>` inside it is a gold expression with its
offsets into that text. The document creation time (`<DCT><TIMEX3 value=...>`) is the anchor.

Scores:

- strict: system and gold extents identical;
- relaxed: extents overlap, matched one to one (each gold expression pairs with the first
  overlapping system expression still free, in text order);
- value: a relaxed match whose value is also right; precision is over all system expressions and
  recall over all gold ones, so a missed or spurious expression costs as in Task A;
- type_accuracy: share of relaxed matches with the gold type;
- words_per_second: whitespace words over the tagger's own time, given the sentences (the
  language stage splits them once for every annotator); words_per_second_with_splitting adds the
  sentence splitter's time.

The split is fixed: sort the relative paths, every fifth (index % 5 == 4) is test, the rest dev.
"""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from storyline.errors import UnreadableInput
from storyline.language.sentences import tokenize_sentences
from storyline.language.timex import tag_times
from storyline.models import TimeExpression

__all__ = ["GoldTimex", "TimemlDocument", "evaluate_timeml", "read_timeml", "select_split", "score"]

Split = Literal["all", "dev", "test"]
Tagger = Callable[..., Sequence[TimeExpression]]


@dataclass(slots=True)
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(slots=True)
class TimemlDocument:
    path: str  # relative to the folder it was read from
    text: str
    anchor: str | None
    gold: list[GoldTimex] = field(default_factory=list)


def read_timeml(path: Path, name: str | None = None) -> TimemlDocument:
    """Read one .tml file into its plain text, anchor and gold expressions.

    >>> doc = read_timeml(Path("wsj_0001.tml"))  # doctest: +SKIP
    >>> doc.anchor, doc.gold[0].value  # doctest: +SKIP
    ('1989-11-02', '1989-11-02')
    """
    label = name or str(path)
    try:
        root = ET.fromstring(path.read_bytes())
    except (ET.ParseError, OSError) as error:
        raise UnreadableInput(f"{label}: not a readable TimeML file ({error})") from error
    text_element = root.find(".//TEXT")
    if text_element is None:
        raise UnreadableInput(f"{label}: no <TEXT> element")
    anchor = None
    for timex in root.iterfind(".//DCT/TIMEX3"):
        anchor = timex.get("value")
    parts: list[str] = []
    gold: list[GoldTimex] = []
    _flatten(text_element, parts, gold, label, is_root=True)
    return TimemlDocument(label, "".join(parts), anchor or None, gold)


def _flatten(element: ET.Element, parts: list[str], gold: list[GoldTimex], label: str, is_root: bool) -> None:
    # Walks the element tree once, appending text in document order; a TIMEX3's offsets are the
    # length of the text before it and after its own content.
    start = sum(len(part) for part in parts) if element.tag == "TIMEX3" else 0
    if element.text:
        parts.append(element.text)
    for child in element:
        _flatten(child, parts, gold, label, is_root=False)
    if element.tag == "TIMEX3" and not is_root:
        end = sum(len(part) for part in parts)
        value, kind = element.get("value"), element.get("type")
        if value is None or kind is None:
            raise UnreadableInput(f"{label}: TIMEX3 {element.get('tid', '?')} lacks a type or value")
        gold.append(GoldTimex(start, end, "".join(parts)[start:end], kind, value))
    if element.tail and not is_root:
        parts.append(element.tail)


def select_split(paths: Sequence[str], split: Split) -> list[str]:
    """The documents of a split, by the fixed rule: sorted, every fifth is test.

    >>> select_split(["a", "b", "c", "d", "e", "f"], "test")
    ['e']
    """
    ordered = sorted(paths)
    if split == "all":
        return ordered
    if split not in ("dev", "test"):
        raise ValueError(f"unknown split {split!r}: use all, dev or test")
    want_test = split == "test"
    return [path for index, path in enumerate(ordered) if (index % 5 == 4) == want_test]


def score(pairs: Sequence[tuple[Sequence[GoldTimex], Sequence[TimeExpression]]]) -> dict[str, Any]:
    """Strict, relaxed and value precision/recall/F1 and type accuracy over (gold, system) pairs.

    >>> gold = [GoldTimex(0, 6, "Friday", "DATE", "1998-08-07")]
    >>> system = [TimeExpression(0, 6, "Friday", "DATE", "1998-08-07")]
    >>> score([(gold, system)])["value"]["f1"]
    1.0
    """
    n_gold = n_system = strict = relaxed = value = typed = 0
    for gold, system in pairs:
        n_gold += len(gold)
        n_system += len(system)
        strict += len({(g.start, g.end) for g in gold} & {(s.start, s.end) for s in system})
        for g, s in _relaxed_matches(gold, system):
            relaxed += 1
            value += g.value == s.value
            typed += g.type == s.type
    return {
        "strict": _prf(strict, n_system, n_gold),
        "relaxed": _prf(relaxed, n_system, n_gold),
        "value": _prf(value, n_system, n_gold),
        "type_accuracy": typed / relaxed if relaxed else 0.0,
        "gold": n_gold,
        "system": n_system,
    }


def _relaxed_matches(
    gold: Sequence[GoldTimex], system: Sequence[TimeExpression]
) -> list[tuple[GoldTimex, TimeExpression]]:
    free = sorted(system, key=lambda s: (s.start, s.end))
    matches = []
    for g in sorted(gold, key=lambda g: (g.start, g.end)):
        for index, s in enumerate(free):
            if s.start < g.end and g.start < s.end:
                matches.append((g, s))
                del free[index]
                break
    return matches


def _prf(correct: int, n_system: int, n_gold: int) -> dict[str, float]:
    precision = correct / n_system if n_system else 0.0
    recall = correct / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def evaluate_timeml(folder: Path, *, split: Split = "all", tagger: Tagger = tag_times) -> dict[str, Any]:
    """Run `tagger` on every TimeML document of a split under `folder` and score it.

    >>> report = evaluate_timeml(Path("../shared/data/timeml"), split="dev")  # doctest: +SKIP
    >>> sorted(report)[:4]  # doctest: +SKIP
    ['documents', 'f1', 'gold', 'relaxed']
    """
    documents = load_split(folder, split)
    pairs = []
    seconds = split_seconds = 0.0
    words = 0
    for document in documents:
        words += len(document.text.split())
        # The language stage splits sentences once for all its annotators, so the tagger's
        # speed is measured given them; the splitting is timed apart.
        started = time.perf_counter()
        sentences = tokenize_sentences(document.text)
        split_seconds += time.perf_counter() - started
        started = time.perf_counter()
        system = tagger(document.text, sentences, anchor=document.anchor, anchor_source="published")
        seconds += time.perf_counter() - started
        pairs.append((document.gold, list(system)))
    report = score(pairs)
    report.update(
        words_per_second=round(words / seconds) if seconds else 0,
        words_per_second_with_splitting=round(words / (seconds + split_seconds)) if seconds else 0,
        documents=len(documents),
        words=words,
        split=split,
        tagger_seconds=round(seconds, 3),
    )
    return report


def load_split(folder: Path, split: Split) -> list[TimemlDocument]:
    """Every TimeML document of a split under `folder`, parsed, in path order."""
    if not folder.is_dir():
        raise UnreadableInput(f"{folder}: not a folder of TimeML files")
    by_name = {path.relative_to(folder).as_posix(): path for path in folder.rglob("*.tml")}
    if not by_name:
        raise UnreadableInput(f"{folder}: no .tml files under it")
    return [read_timeml(by_name[name], name) for name in select_split(list(by_name), split)]
