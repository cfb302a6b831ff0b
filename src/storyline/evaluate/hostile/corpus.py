"""The hostile corpus's parts: what a case is, the good files beside it, fictional prose.

A case says what a careful tool does with its input: store it as an article, quarantine it with a
reason that names the trouble, or either of the two. Whatever it is, the four good files ingested
beside it are stored, nothing crashes, nothing hangs and nothing reaches the terminal raw.
All texts are fictional and written for these cases.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Expect = Literal["stored", "quarantined", "either", "stored+quarantined"]
Build = Callable[[Path], list[str]]


@dataclass(frozen=True, slots=True)
class HostileCase:
    name: str
    what: str
    build: Build  # writes the input into an empty folder and returns the targets to ingest
    expect: Expect
    reason: tuple[str, ...] = ()  # a quarantine reason holds one of these words (any, when empty)
    annotate: bool = False  # the trouble shows in the language stage: ingest annotates
    seconds: float = 30.0  # the whole run stays under this
    commands: tuple[tuple[str, ...], ...] = ()  # read commands that must print the result cleanly


# -- the good files, and fictional prose for the bad ones -------------------------------------------

_GOOD_TEXT = """Lantern festival returns to Kessmoor after four years

The lantern festival of Kessmoor returned on Saturday night after a pause of four years, drawing
about six thousand visitors to the old river quarter, the town council said on Sunday.

Organiser Petra Voll said volunteers had built more than nine hundred paper lanterns in a former
rope factory over the winter, and that the parade route had been shortened to keep the bridges clear.

The council plans to hold the festival every second year from now on.
"""

_GOOD_MARKDOWN = """---
title: Orchard cooperative opens a cider press in Ambleford
date: 2025-09-14
outlet: The Ambleford Courier
---

The orchard cooperative of Ambleford opened a shared cider press on Friday, letting its
forty-two member farms press apples without hiring a mobile press from the coast.

Cooperative chair Dorin Hale said the press cost 180,000 euros, half of it paid by a regional grant,
and could handle eight tonnes of fruit a day during the harvest.

The first pressing of the season is planned for the last week of September.
"""

_GOOD_HTML = """<!DOCTYPE html><html><head><title>Night trains to Velsing resume | Rail Weekly</title>
<meta property="og:site_name" content="Rail Weekly"><meta name="date" content="2025-10-02"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav><article>
<h1>Night trains to Velsing resume</h1>
<p>Night trains between the capital and Velsing resumed on Thursday after the mountain line was
repaired, the national rail operator said, ending a closure of eleven weeks.</p>
<p>Engineers replaced two kilometres of track and rebuilt a retaining wall above the Orsk gorge,
where a rock slide had blocked the line in July.</p>
<p>Tickets for the sleeper service sold out for the first weekend within hours, the operator said.</p>
</article><footer>Copyright Rail Weekly</footer></body></html>
"""

_GOOD_JSON = {
    "title": "Harbour cranes in Tollen replaced after storm damage",
    "published": "2025-11-20",
    "outlet": "Tollen Maritime News",
    "text": (
        "The port of Tollen has replaced three harbour cranes that were damaged in the November storm, "
        "the port authority said on Thursday.\n\nHarbour master Ivo Brandt said the new cranes could "
        "lift forty tonnes each and would let the port handle container ships again from next week.\n\n"
        "Repairs to the outer breakwater are expected to take until the spring."
    ),
}

GOOD_FILES: dict[str, bytes] = {
    "festival.txt": _GOOD_TEXT.encode(),
    "cider.md": _GOOD_MARKDOWN.encode(),
    "trains.html": _GOOD_HTML.encode(),
    "cranes.json": json.dumps(_GOOD_JSON).encode(),
}


def write_good_files(folder: Path) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in GOOD_FILES.items():
        (folder / name).write_bytes(data)
    return [str(folder / name) for name in GOOD_FILES]


_PLACES = ["Drennick", "Marrowby", "Osterfell", "Quillan", "Rookhaven", "Selbury", "Thornwick", "Ulverby"]


def prose(seed: str = "Drennick") -> str:
    """A short fictional report, different for each seed, so that no case looks like a copy."""
    place = seed if seed[:1].isupper() else _PLACES[sum(map(ord, seed)) % len(_PLACES)] + " " + seed
    return (
        f"Library in {place} reopens after roof repairs\n\n"
        f"The public library of {place} reopened on Monday after its roof was repaired, the district "
        f"office said, and readers returned {len(place) * 37} books that had been lent out during the "
        "closure.\n\n"
        f"Librarian Mara Tesk said the reading room of {place} would now stay open until nine in the "
        "evening on weekdays, and that a children's corner would open in the spring.\n"
    )


def write(name: str, data: bytes | str) -> Build:
    def build(folder: Path) -> list[str]:
        path = folder / name
        path.write_bytes(data.encode() if isinstance(data, str) else data)
        return [str(folder)]

    return build


def write_lazy(name: str, make: Callable[[], bytes | str]) -> Build:
    """Like `write`, for data too large to keep in memory between runs."""

    def build(folder: Path) -> list[str]:
        data = make()
        (folder / name).write_bytes(data.encode() if isinstance(data, str) else data)
        return [str(folder)]

    return build


def case(name: str, what: str, build: Build, expect: Expect, *reason: str, **options: object) -> HostileCase:
    return HostileCase(name, what, build, expect, tuple(reason), **options)  # type: ignore[arg-type]


LISTINGS = (("articles", "--format", "table"), ("quarantine",))


def html_of(text: str) -> str:
    title, _, body = text.partition("\n\n")
    paragraphs = "".join(f"<p>{p.strip()}</p>" for p in body.split("\n\n") if p.strip())
    return f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{paragraphs}</article></body></html>"
