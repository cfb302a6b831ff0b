"""Every figure in the seeds' gold claims comes out with its value, range, approximation and whole."""

from __future__ import annotations

from pathlib import Path

import yaml

from storyline.ingest import ingest
from storyline.language.quantities import find_quantities
from storyline.models import Quantity


def _claims(seeds_dir: Path) -> list[dict]:
    gold = yaml.safe_load((seeds_dir / "gold.yaml").read_text(encoding="utf-8"))
    return [value for claim in gold["claims"] for value in claim["values"]]


def _figure_for(text: str, phrase: str, quantities: list[Quantity]) -> Quantity:
    start = text.find(phrase)
    assert start >= 0, f"{phrase!r} is not in the article text"
    end = start + len(phrase)
    overlapping = [q for q in quantities if q.start < end and start < q.end]
    assert len(overlapping) == 1, f"{phrase!r}: {overlapping}"
    return overlapping[0]


def test_every_claimed_figure_is_read_right(seeds_dir, store):
    ingest([str(seeds_dir)], store)
    texts = {Path(article.source).name[:3]: article.text for article in store.iter_articles()}
    checked = 0
    for claim in _claims(seeds_dir):
        text = texts[claim["source"]]
        figure = _figure_for(text, claim["text"], find_quantities(text))
        assert figure.value == claim["value"], claim
        if "range" in claim:
            assert [figure.low, figure.high] == claim["range"], claim
        elif claim["value"] is not None:
            assert figure.low == figure.high == claim["value"], claim
        if "approx" in claim:
            assert figure.approximate == claim["approx"], claim
        if "of" in claim:
            assert figure.of == claim["of"] and figure.kind == "ratio", claim
        checked += 1
    assert checked >= 10
    for text in texts.values():  # and no year of the two episodes is read as a count
        assert not [
            q for q in find_quantities(text) if q.value and 2000 <= q.value <= 2030 and q.kind == "count"
        ]
