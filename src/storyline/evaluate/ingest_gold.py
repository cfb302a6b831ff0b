"""Score ingest against a gold file: exact metadata fields, and body-line precision and recall.

A gold line counts as kept when its text is a paragraph of the article text (long lines may
also sit inside a longer paragraph). Titles, subheadings and blank lines are not scored; every
other line is either body (should be kept) or not (should be removed). Articles read out of a
container (feed, WARC, HTML page) have no lines of their own: their gold lists the first words
of each body paragraph and page texts that must stay out.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from storyline.errors import UnreadableInput
from storyline.ingest import ingest
from storyline.ingest.readers.markdown import markdown_to_plain
from storyline.ingest.readers.text import looks_hard_wrapped
from storyline.models import Article
from storyline.store import open_store

FIELDS = ("title", "outlet", "original_outlet", "url", "published", "author")
LIST_FIELDS = ("contributors", "agencies", "categories", "tags")
THRESHOLD = 0.97


@dataclass(slots=True)
class ArticleScore:
    key: str
    source: str
    found: bool
    wrong_fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # field -> (gold, ours)
    body_kept: int = 0
    body_total: int = 0
    other_kept: int = 0
    missed: list[str] = field(default_factory=list)
    leaked: list[str] = field(default_factory=list)


@dataclass(slots=True)
class GoldResult:
    folder: str
    articles: list[ArticleScore]
    fields_checked: int = 0
    fields_exact: int = 0

    @property
    def precision(self) -> float:
        kept = sum(a.body_kept for a in self.articles)
        leaked = sum(a.other_kept for a in self.articles)
        return kept / (kept + leaked) if kept + leaked else 0.0

    @property
    def recall(self) -> float:
        total = sum(a.body_total for a in self.articles)
        return sum(a.body_kept for a in self.articles) / total if total else 0.0

    @property
    def passed(self) -> bool:
        return (
            all(a.found and not a.wrong_fields for a in self.articles)
            and self.precision >= THRESHOLD
            and self.recall >= THRESHOLD
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "folder": self.folder,
            "articles": len(self.articles),
            "fields_exact": self.fields_exact,
            "fields_checked": self.fields_checked,
            "body_precision": round(self.precision, 4),
            "body_recall": round(self.recall, 4),
            "passed": self.passed,
            "problems": {
                a.key: {
                    "source": a.source,
                    "found": a.found,
                    "wrong_fields": {k: {"gold": g, "ours": o} for k, (g, o) in a.wrong_fields.items()},
                    "missed_body": a.missed,
                    "leaked_boilerplate": a.leaked,
                }
                for a in self.articles
                if not a.found or a.wrong_fields or a.missed or a.leaked
            },
        }

    def render(self) -> str:
        lines = [
            f"{self.folder}: {len(self.articles)} articles",
            f"  metadata fields exact: {self.fields_exact}/{self.fields_checked}",
            f"  body lines: precision {self.precision:.3f}, recall {self.recall:.3f} (need {THRESHOLD})",
        ]
        for score in self.articles:
            if not score.found:
                lines.append(f"  {score.key}: not ingested ({score.source})")
            for name, (gold, ours) in score.wrong_fields.items():
                lines.append(f"  {score.key} {name}: gold {gold!r}, ours {ours!r}")
            lines.extend(f"  {score.key} missed body: {text[:80]}" for text in score.missed)
            lines.extend(f"  {score.key} kept boilerplate: {text[:80]}" for text in score.leaked)
        lines.append("  PASS" if self.passed else "  FAIL")
        return "\n".join(lines)


def evaluate_folder(folder: str | Path, gold_path: str | Path | None = None) -> GoldResult:
    """Ingest the gold's files into a throwaway store and score what came out."""
    folder = Path(folder)
    gold_file = Path(gold_path) if gold_path else folder / "gold.yaml"
    if not gold_file.is_file():
        raise UnreadableInput(f"{gold_file}: no gold file there")
    gold = yaml.safe_load(gold_file.read_text(encoding="utf-8"))["articles"]
    containers = sorted({f"{folder}/{g.get('file') or g['source'].split('#')[0]}" for g in gold.values()})
    store = open_store("sqlite://")
    ingest(containers, store)
    articles = list(store.iter_articles())
    result = GoldResult(str(folder), [])
    for key, expected in gold.items():
        result.articles.append(_score(key, expected, folder, articles, result))
    return result


def _score(
    key: str, expected: dict[str, Any], folder: Path, articles: list[Article], result: GoldResult
) -> ArticleScore:
    wanted = f"{folder}/{expected.get('file') or expected['source']}"
    article = next((a for a in articles if a.source == wanted), None)
    score = ArticleScore(key, wanted, article is not None)
    if article is None:
        return score
    ours = article.to_dict()
    for name in FIELDS:
        gold_value = _as_text(expected.get(name))
        result.fields_checked += 1
        if gold_value == ours[name]:
            result.fields_exact += 1
        else:
            score.wrong_fields[name] = (gold_value, ours[name])
    for name in LIST_FIELDS:
        gold_list = [str(v) for v in expected.get(name) or []]
        result.fields_checked += 1
        if gold_list == ours[name]:
            result.fields_exact += 1
        else:
            score.wrong_fields[name] = (gold_list, ours[name])
    paragraphs = [_squash(p) for p in article.text.split("\n") if p.strip()]
    if "body_lines" in expected:
        _score_lines(score, expected, folder, paragraphs)
    else:
        _score_snippets(score, expected, paragraphs)
    return score


def _score_lines(score: ArticleScore, expected: dict[str, Any], folder: Path, paragraphs: list[str]) -> None:
    path = folder / expected["file"]
    raw = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n").split("\n")
    body = _line_set(expected.get("body_lines", []))
    unscored = _line_set(expected.get("title_lines", [])) | _line_set(expected.get("subheading_lines", []))
    text = "\n".join(paragraphs)
    markdown = path.suffix.lower() in (".md", ".markdown")
    # A wrapped paragraph is one paragraph of the text: its physical lines are inside it.
    wrapped = looks_hard_wrapped(raw)
    for number, line in enumerate(raw, start=1):
        if number in unscored or not line.strip():
            continue
        plain = _squash(markdown_to_plain(line) if markdown else line)
        if not plain:
            continue
        kept = plain in paragraphs or ((wrapped or len(plain) >= 40) and plain in text)
        if number in body:
            score.body_total += 1
            score.body_kept += kept
            if not kept:
                score.missed.append(f"{number}: {plain}")
        elif kept:
            score.other_kept += 1
            score.leaked.append(f"{number}: {plain}")


def _score_snippets(score: ArticleScore, expected: dict[str, Any], paragraphs: list[str]) -> None:
    for start in expected.get("body_starts", []):
        score.body_total += 1
        if any(p.startswith(_squash(start)) for p in paragraphs):
            score.body_kept += 1
        else:
            score.missed.append(start)
    for text in expected.get("boilerplate_texts", []):
        if any(_squash(text) in p for p in paragraphs):
            score.other_kept += 1
            score.leaked.append(text)


def _line_set(ranges: list[str]) -> set[int]:
    numbers: set[int] = set()
    for item in ranges:
        first, _, last = str(item).partition("-")
        numbers.update(range(int(first), int(last or first) + 1))
    return numbers


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _as_text(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return None if value is None else str(value)
