"""How the pages name a source whose outlet is unknown."""

from __future__ import annotations

from storyline.models import Article
from storyline.web.pages import counted, source_label


def _article(title: str | None = None, agencies: list[str] | None = None) -> Article:
    return Article(
        id="4a9564f103e555b8",
        source="/news/kessel-evacuation.txt",
        format="text",
        text="",
        title=title,
        agencies=agencies or [],
    )


def test_a_source_is_named_by_its_outlet_then_agency_title_or_file() -> None:
    assert source_label("4a9564f103e555b8", "The Meridian Post", {}) == "The Meridian Post"
    wire = {"4a9564f103e555b8": _article(agencies=["Northwire"], title="Kessel evacuated")}
    assert source_label("4a9564f103e555b8", None, wire) == "Northwire (agency)"
    titled = {
        "4a9564f103e555b8": _article(title="Kessel evacuated as cracks found in the Orrin Dam upstream")
    }
    assert source_label("4a9564f103e555b8", None, titled) == "Kessel evacuated as cracks found in the…"
    assert source_label("4a9564f103e555b8", None, {"4a9564f103e555b8": _article()}) == "kessel-evacuation.txt"
    assert source_label("4a9564f103e555b8", None, {}) == "article 4a9564f1"


def test_counts_read_as_english() -> None:
    assert counted(1, "outlet") == "1 outlet"
    assert counted(["a", "b"], "outlet") == "2 outlets"
    assert counted(1, "copy", "copies") == "1 copy" and counted(0, "copy", "copies") == "0 copies"
    assert counted(1451, "article") == "1,451 articles"
