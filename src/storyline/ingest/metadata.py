"""Article metadata, each field taken from the most trustworthy place that states it.

The reader's hints (front matter, meta tags, feed fields) come first; then what the page says
about itself in its header and sign-off (date line, byline, agency credit, syndication note,
copyright notice); then weaker evidence (a brand repeated in the site chrome, an outlet's house
style, the URL's domain). A field nothing supports stays None. Above all, a publication date is
never guessed from a year that happens to appear in the body.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import yaml

from storyline.ingest.chrome import Layout
from storyline.ingest.date_lines import normalise_date_value
from storyline.ingest.line_rules import dateline_agency, looks_like_outlet, normalise, word_count
from storyline.ingest.urls import host_of
from storyline.models import Article, Document, article_id_for, sha256_hex

# published_from names the kind of evidence; provenance keeps the exact source.
_PUBLISHED_FROM = {"dateline": "dateline", "text": "text", "inferred": "inferred"}
_HINT_ORDER = ("dataset", "front_matter", "json_ld", "meta_tag", "feed", "record")


def describe(document: Document, layout: Layout) -> Article:
    """Turn a laid-out document into an Article with metadata and per-field provenance."""
    text = layout.text(document)
    article = Article(id="", source=document.source, format=document.format, text=text)
    provenance = article.provenance

    def take(name: str, value: Any, source: str) -> None:
        if value not in (None, "", []) and getattr(article, name) in (None, "", []):
            setattr(article, name, value)
            provenance[name] = source

    hints = usable_hints(document.hints)
    document.hints = hints
    # 1. Fields the container stated.
    for name in ("title", "url", "categories", "tags"):
        if name in hints:
            value = hints[name][0]
            if name in ("categories", "tags") and isinstance(value, str):
                value = [value]  # a single `section = "Opinion"` is a list of one
            take(name, _clean_value(value), hints[name][1])
    take("title", layout.title, "text")
    for note in layout.notes_with("url_line"):
        take("url", note.role.value, "text")
    _take_author(article, hints, layout, take)
    _take_published(article, hints, layout)
    _take_agencies(article, layout, text)
    # 2. Who published it, and who published it first.
    _take_outlet(article, document, layout, take)
    for note in layout.notes_with("syndication"):
        original = note.role.value
        if original and (article.outlet or "").casefold() != original.casefold():
            take("original_outlet", original, "syndication_line")
    # 3. Language: stated, else detected from the clean text.
    if "language" in hints:
        take("language", str(hints["language"][0]).split("-")[0].lower(), hints["language"][1])
    take("language", detect_language(text), "text")

    if layout.whole_text:
        provenance["text"] = "whole input: no article body recognised, nothing removed"
    article.id = article_id_for(text, article.title)
    article.raw_sha256 = sha256_hex(document.raw)
    article.removed = sorted(
        document.dropped + layout.removed, key=lambda r: (r.reason.endswith("(HTML)"), r.line)
    )
    return article


# Fields that are one piece of text, and those that are a list of words.
_TEXT_FIELDS = ("title", "author", "outlet", "original_outlet", "url", "language")
_LIST_FIELDS = ("categories", "tags")


def usable_hints(hints: dict[str, tuple[Any, str]]) -> dict[str, tuple[Any, str]]:
    """The hints in the shapes the rules expect. JSON records and front matter hold what their
    writers put there: a title of 1984, an outlet of `true` (YAML's `yes`), a url of 5, a list
    where one value belongs, an object with a name. What can be read as the field is; what
    cannot is left out, as if the record had not stated it."""
    usable: dict[str, tuple[Any, str]] = {}
    for name, (value, source) in hints.items():
        if name in _TEXT_FIELDS:
            value = _as_text(name, value)
        elif name in _LIST_FIELDS:
            items = value if isinstance(value, list | tuple) else [value]
            value = [text for item in items if (text := _as_text(name, item))]
        elif name == "published" and isinstance(value, list | tuple):
            value = next((item for item in value if normalise_date_value(item)), None)
        if value not in (None, "", []):
            usable[name] = (value, source)
    return usable


def _as_text(name: str, value: Any) -> Any:
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, dict):
        return _as_text(name, value.get("name"))
    if isinstance(value, list | tuple):
        texts = [text for item in value if (text := _as_text(name, item))]
        # Several authors are one field; of several titles or outlets the first is the one.
        return texts if name == "author" and texts else (texts[0] if texts else None)
    # A number or a date is a title ("1984") or a tag; never a url, an outlet or a language.
    if name in ("title", "categories", "tags") and isinstance(value, int | float | dt.date):
        if isinstance(value, float) and not math.isfinite(value):
            return None
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    return None


def _clean_value(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(value.split()) or None
    if isinstance(value, list | tuple):
        return [" ".join(str(v).split()) for v in value if str(v).strip()]
    return value


def _take_author(article: Article, hints: dict[str, tuple[Any, str]], layout: Layout, take: Any) -> None:
    if "author" in hints:
        author = hints["author"][0]
        if isinstance(author, list):
            author = ", ".join(str(a).strip() for a in author if str(a).strip())
        if isinstance(author, str) and not author.startswith(("http://", "https://")):
            take("author", " ".join(author.split()), hints["author"][1])
    for note in layout.notes_with("byline", "lead", "header"):
        take("author", ", ".join(note.role.value), "byline")
    for note in layout.notes_with("date", "lead", "header"):
        if note.role.names:
            take("author", ", ".join(note.role.names), "byline")
    for note in layout.notes_with("signature"):
        initials, _agencies = note.role.value
        take("author", initials and re.sub(r"\s+", "", initials), "byline")
    for note in layout.notes_with("bio", "tail"):
        take("author", note.role.value, "byline")
    for note in layout.notes_with("signoff", "tail"):
        if not looks_like_outlet(note.role.value):
            take("author", note.role.value, "byline")
    for note in layout.notes_with("contributors"):
        kind, names = note.role.value
        if kind == "author":
            take("author", ", ".join(names), "byline")
            names = note.role.names  # the additional reporters on the same line
        if kind in ("author", "contributors") and names:
            article.contributors.extend(n for n in names if n not in article.contributors)
            article.provenance.setdefault("contributors", "byline")


def _take_published(article: Article, hints: dict[str, tuple[Any, str]], layout: Layout) -> None:
    choices: list[tuple[Any, str]] = []
    if "published" in hints and hints["published"][1] in _HINT_ORDER:
        choices.append(hints["published"])
    lead_dates = layout.notes_with("date", "lead", "header")
    if lead_dates:
        choices.append((lead_dates[0].role.value[0], "dateline"))
    if "published" in hints and hints["published"][1] not in _HINT_ORDER:
        choices.append(hints["published"])
    # A page that only says when it was last updated (a live blog) was published by then.
    updated = layout.notes_with("updated", "lead", "header")
    if updated:
        choices.append((updated[0].role.value[0], "dateline"))
    for value, source in choices:
        normalised = normalise_date_value(value)
        if normalised:
            article.published, article.published_precision = normalised
            article.published_from = _PUBLISHED_FROM.get(source, "metadata")
            article.provenance["published"] = source
            return


def _take_agencies(article: Article, layout: Layout, text: str) -> None:
    found: list[str] = []
    for note in layout.notes:
        role, value = note.role.role, note.role.value
        if role == "signature":
            found.extend(value[1])
        elif role == "source_line" and note.zone == "tail":  # not the source under a table
            found.extend(value)
        elif role == "contributors" and value[0] == "agencies":
            found.extend(value[1])
    for paragraph in text.split("\n\n")[:2]:
        if agency := dateline_agency(paragraph):
            found.append(agency)
            break
    for agency in found:
        if agency and agency not in article.agencies:
            article.agencies.append(agency)
    if article.agencies:
        article.provenance["agencies"] = "byline"


# --- the outlet -----------------------------------------------------------------------------------


def _take_outlet(article: Article, document: Document, layout: Layout, take: Any) -> None:
    if "outlet" in document.hints:
        take("outlet", _clean_value(document.hints["outlet"][0]), document.hints["outlet"][1])
    for note in layout.notes_with("signoff", "tail"):
        if looks_like_outlet(note.role.value):
            take("outlet", note.role.value, "byline")
    holders = Counter(n.role.value for n in layout.notes_with("copyright") if n.role.value)
    if holders:
        holder = holders.most_common(1)[0][0]
        if "." in holder and " " not in holder:  # a domain: "www.valleytimes.com"
            holder = outlet_from_domain("https://" + holder, article.text) or holder
        # The masthead spells the name as readers know it: "The Daily Courant", not "Daily Courant".
        take("outlet", masthead_form(holder, [r.text for r in layout.removed]) or holder, "copyright_line")
    chrome = [r.text for r in layout.removed if r.reason not in _NOT_CHROME]
    brand = brand_in_chrome(chrome)
    if brand and brand.casefold() not in (article.title or "").casefold():
        take("outlet", brand, "site_chrome")
    # House styles show in the furniture (credits, source lines) and the dateline of the first line.
    take(
        "outlet",
        house_style_outlet([r.text for r in layout.removed] + article.text.split("\n", 1)[:1]),
        "house_style",
    )
    url = article.url or (document.source if document.source.startswith(("http://", "https://")) else None)
    if url:
        take("outlet", outlet_from_domain(url, article.text), "url")
    if article.outlet and article.outlet.isupper() and len(article.outlet) > 5:
        # "THE DAILY BLAZE" in the logo, "The Daily Blaze" in the footer: the page's own spelling.
        spelled = masthead_form(article.outlet, document.lines, mixed_case=True)
        article.outlet = spelled or article.outlet


# Removed lines that belong to the article or to other stories, not to the site's own furniture.
_NOT_CHROME = frozenset(
    {
        "headline",
        "front matter (metadata, not text)",
        "photo caption",
        "photo caption with credit",
        "photo credit",
        "truncated teaser of another story",
        "date line",
        "byline",
        "author biography",
        "syndication note",
        "source line",
        "after the end of the article (related stories, footer)",
    }
)


_NAME_TOKEN = re.compile(r"\b([A-Z][A-Za-z0-9&.-]*[A-Za-z0-9]|[A-Z])(?:['’]s)?\b")


_MASTHEAD_PARTS = re.compile(r"\s+[-–—|:]\s+")


def _squash(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.casefold()).removeprefix("the")


def masthead_form(name: str, page_lines: list[str], *, mixed_case: bool = False) -> str | None:
    """The way the page itself writes a name ("The Northern Ledger - Back to home" for "Northern
    Ledger", "The Valley Standard-Times" for "valleystandardtimes")."""
    wanted = _squash(name)
    if not wanted:
        return None
    for line in page_lines:
        for part in _MASTHEAD_PARTS.split(line.strip()):
            if _squash(part) == wanted and word_count(part) <= 6 and not (mixed_case and part.isupper()):
                return part.strip()
    return None


def brand_in_chrome(removed_lines: list[str]) -> str | None:
    """A name the site repeats across its navigation and footer ("Skip to more DW sites",
    "More stories from DW", "DW's Top Story"): seen in at least three different chrome lines.

    A line's first word is capitalised anyway, so it only counts when it is an acronym or a
    possessive; that leaves "Skip", "Share" and "Home" out without a list of such words.
    """
    seen: Counter[str] = Counter()
    for line in dict.fromkeys(normalise(text) for text in removed_lines):
        names: set[str] = set()
        for match in _NAME_TOKEN.finditer(line):
            token = match.group(1)
            first_word = match.start() == 0
            possessive = match.group(0) != token
            if first_word and not (token.isupper() and len(token) > 1) and not possessive:
                continue
            names.add(token)
        seen.update(names)
    if not seen:
        return None
    name, count = seen.most_common(1)[0]
    # A brand is short and stands out: it must also beat the runner-up clearly.
    runner_up = seen.most_common(2)[1][1] if len(seen) > 1 else 0
    if count >= 3 and count > runner_up and len(name) <= 30:
        return name
    return None


@cache
def _house_styles() -> list[dict[str, Any]]:
    text = resources.files("storyline.ingest").joinpath("outlets.yaml").read_text(encoding="utf-8")
    styles = yaml.safe_load(text) or []
    for style in styles:
        style["patterns"] = [re.compile(p, re.IGNORECASE | re.MULTILINE) for p in style["signatures"]]
    return styles


def house_style_outlet(lines: list[str]) -> str | None:
    """An outlet recognised by the signature conventions of its copy (see outlets.yaml)."""
    page = "\n".join(line.strip() for line in lines)
    best: tuple[int, str] | None = None
    for style in _house_styles():
        matched = sum(1 for pattern in style["patterns"] if pattern.search(page))
        if matched >= style.get("min_signatures", 1) and (best is None or matched > best[0]):
            best = (matched, style["outlet"])
    return best[1] if best else None


def outlet_from_domain(url: str, text: str = "") -> str | None:
    """'https://panamadaily.news/...' -> 'Panama Daily': the weakest evidence, used last.

    Names the article itself capitalises ("Valdoria") are tried before the English word list,
    which would cut an unknown place name into syllables.
    """
    host = (host_of(url) or "").removeprefix("www.")
    parts = host.split(".")
    if len(parts) < 2 or host.replace(".", "").isdigit():
        return None
    name = (
        parts[-3] if len(parts) >= 3 and parts[-2] in ("co", "com", "org", "net", "gov", "ac") else parts[-2]
    )
    if name in ("example", "localhost", "test", "invalid") or not name.replace("-", "").isalpha():
        return None
    words = _segment(name, _proper_names(text))
    if len(words) == 1 and len(name) <= 4:
        return name.upper()
    return " ".join(word if word[:1].isupper() else word.capitalize() for word in words)


def _proper_names(text: str) -> dict[str, str]:
    return {word.casefold(): word for word in re.findall(r"\b[A-Z][a-z]{3,}\b", text)}


def _segment(name: str, known: dict[str, str]) -> list[str]:
    if "-" in name:
        return [word for piece in name.split("-") if piece for word in _segment(piece, known)]
    for length in range(len(name), 3, -1):
        head, tail = name[:length], name[length:]
        if head in known and (not tail or len(tail) >= 3):
            return [known[head], *(_segment(tail, known) if tail else [])]
    return list(_dictionary_words(name))


@lru_cache(maxsize=65_536)
def _dictionary_words(name: str) -> tuple[str, ...]:
    # A firehose brings the same few thousand domains again and again, and cutting one into words
    # costs two milliseconds: more than all the rest of describing an article.
    import wordsegment

    if not wordsegment.UNIGRAMS:
        wordsegment.load()
    return tuple(word for word in wordsegment.segment(name) if word)


def detect_language(text: str) -> str | None:
    if len(text) < 40:
        return None
    import py3langid

    # A few hundred characters decide as well as the whole text, at a fraction of the cost.
    code, _score = py3langid.classify(text[:300])
    return str(code)
