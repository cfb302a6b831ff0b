"""Hostile names, texts, encodings, pages and feeds."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from storyline.evaluate.hostile.corpus import (
    LISTINGS,
    Build,
    HostileCase,
    case,
    html_of,
    prose,
    write,
    write_lazy,
)

# -- names -------------------------------------------------------------------------------------------


def _named(name: bytes, seed: str) -> Build:
    def build(folder: Path) -> list[str]:
        path = os.path.join(os.fsencode(folder), name)
        with open(path, "wb") as handle:
            handle.write(prose(seed).encode())
        return [str(folder)]

    return build


# -- annotation ----------------------------------------------------------------------------------------


def _with_line(line: str, seed: str) -> Callable[[], str]:
    return lambda: prose(seed) + "\n" + line + "\n\nThe district office said more news would follow.\n"


def _long_text() -> str:
    paragraph = (
        "The river authority of Selbury measured the water level at the weir on {n} mornings, and "
        "inspector Hanne Lorr said the readings stayed within the safe range throughout the week.\n\n"
    )
    return "Selbury river readings published in full\n\n" + "".join(
        paragraph.format(n=number % 97 + 2) for number in range(6_500)
    )


def _no_space_text() -> str:
    return prose("no-space") + "\n" + "abcdefghij" * 30_000 + "\n"


# -- sniffing and encodings ------------------------------------------------------------------------------


def _paywall(name: str, title: str) -> bytes:
    return (
        f"<html><head><title>{title} | The Daily Ledger</title></head><body>"
        "<nav><a href='/'>Home</a></nav><div class='paywall'><p>Register for free to continue reading.</p>"
        "<p>Already a subscriber? Sign in.</p><p>Subscribe now and get unlimited access.</p></div>"
        "<footer>Copyright The Daily Ledger</footer></body></html>"
    ).encode()


def _two_paywalls(folder: Path) -> list[str]:
    (folder / "wall-1.html").write_bytes(_paywall("1", "Mayor of Rookhaven resigns"))
    (folder / "wall-2.html").write_bytes(_paywall("2", "Flood barrier in Ulverby approved"))
    return [str(folder)]


def _nul_laden() -> bytes:
    text = prose("nul-laden")
    return "\x00".join(text[i : i + 40] for i in range(0, len(text), 40)).encode()


def _mixed_line_endings() -> bytes:
    return prose("line-endings").replace("\n", "\r").encode()


def _deep_html() -> str:
    return (
        "<html><body>" + "<div>" * 50_000 + html_of(prose("deep-html")) + "</div>" * 50_000 + "</body></html>"
    )


def _xml_bomb_feed() -> str:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{level} "{f"&lol{level - 1};" * 10}">' for level in range(1, 10)
    ]
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE rss [\n'
        + "\n".join(entities)
        + '\n]>\n<rss version="2.0"><channel><title>Bomb</title><item><title>&lol9;</title>'
        "<link>https://feed.example/1</link><description>short</description></item></channel></rss>\n"
    )


def _external_entity_feed() -> str:
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
        '<rss version="2.0"><channel><title>Leaky Gazette</title><item><title>&secret;</title>'
        "<link>https://feed.example/leak</link><description>&secret;</description></item></channel></rss>\n"
    )


def _big_feed() -> str:
    items = "".join(
        f"<item><title>Notice {n}</title><link>https://feed.example/{n}</link>"
        f"<description>Short notice number {n}.</description></item>"
        for n in range(10_000)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Notices</title>{items}</channel></rss>'


TEXT_CASES: list[HostileCase] = [
    # Annotation
    case(
        "line-of-gt",
        "one line of 100,000 '>'",
        write_lazy("gt.txt", _with_line(">" * 100_000, "gt")),
        "either",
        annotate=True,
        seconds=90,
    ),
    case(
        "line-of-bang",
        "one line of 100,000 '!'",
        write_lazy("bang.txt", _with_line("!" * 100_000, "bang")),
        "either",
        annotate=True,
        seconds=90,
    ),
    case(
        "long-text",
        "a report of 1.2 million characters",
        write_lazy("long.txt", _long_text),
        "stored",
        annotate=True,
        seconds=240,
    ),
    case(
        "no-space-word",
        "a 300,000-character word",
        write_lazy("word.txt", _no_space_text),
        "either",
        annotate=True,
        seconds=90,
    ),
    # Names
    case(
        "name-not-utf8",
        "a file name with a non-UTF-8 byte",
        _named(b"caf\xe9-report.txt", "not-utf8"),
        "stored",
        commands=LISTINGS,
    ),
    case("name-open-bracket", "a file named x[", _named(b"x[", "open-bracket"), "stored", commands=LISTINGS),
    case(
        "name-markup",
        "a file named red].txt and [bold]b.txt",
        _named(b"[bold]red].txt", "markup-name"),
        "stored",
        commands=LISTINGS,
    ),
    case(
        "name-ansi",
        "a file name with ANSI escapes",
        _named(b"\x1b[31mred\x1b[0m.txt", "ansi-name"),
        "stored",
        commands=LISTINGS,
    ),
    case(
        "name-newline",
        "a file name with a newline",
        _named(b"two\nlines.txt", "newline-name"),
        "stored",
        commands=LISTINGS,
    ),
    case(
        "name-bidi",
        "a file name with a right-to-left override",
        _named("evil\u202etxt.exe".encode(), "bidi"),
        "stored",
        commands=LISTINGS,
    ),
    case("name-long", "a file name of 250 bytes", _named(b"n" * 246 + b".txt", "long-name"), "stored"),
    case(
        "name-bad-empty",
        "an empty file with an escape in its name",
        _named(b"\x1b]0;title\x07.txt", "x"),
        "stored",
        commands=LISTINGS,
    ),
    # Sniffing, encodings and text
    case(
        "txt-bracket-start",
        "a .txt starting [Census]",
        write("census.txt", "[Census] " + prose("Census")),
        "stored",
    ),
    case(
        "txt-brace-start",
        "a .txt starting {Updated}",
        write("updated.txt", "{Updated} " + prose("Updated")),
        "stored",
    ),
    case(
        "txt-lt-start",
        "a .txt starting <Correction>",
        write("corr.txt", "<Correction> " + prose("Correction")),
        "stored",
    ),
    case("two-paywalls", "two different paywalled pages", _two_paywalls, "quarantined", "no article text"),
    case(
        "boilerplate-only",
        "a page of cookie notices only",
        write(
            "cookies.html",
            "<html><body><p>We use cookies to improve your experience.</p><p>Accept all cookies</p><p>Manage preferences</p></body></html>",
        ),
        "quarantined",
        "no article text",
    ),
    case(
        "utf16-le-nobom",
        "UTF-16 LE text without a BOM",
        write("le.txt", prose("utf16-le").encode("utf-16-le")),
        "stored",
    ),
    case(
        "utf16-be-nobom",
        "UTF-16 BE text without a BOM",
        write("be.txt", prose("utf16-be").encode("utf-16-be")),
        "stored",
    ),
    case("utf32-bom", "UTF-32 text with a BOM", write("u32.txt", prose("utf32").encode("utf-32")), "stored"),
    case("nul-laden", "UTF-8 text with NUL bytes in it", write_lazy("nul.txt", _nul_laden), "stored"),
    case(
        "mixed-encodings",
        "UTF-8 with cp1252 bytes pasted in",
        write("mixed.txt", prose("mixed").encode() + "caf\xe9 \x93quoted\x94".encode("latin-1")),
        "stored",
    ),
    case("bom-only", "a file holding only a BOM", write("bom.txt", b"\xef\xbb\xbf"), "quarantined"),
    case(
        "whitespace-only",
        "a file of spaces and newlines",
        write("blank.txt", b" \n\t\n  \r\n" * 50),
        "quarantined",
    ),
    case("empty-file", "an empty file", write("empty.txt", b""), "quarantined", "empty"),
    case("png", "a PNG image", write("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(200)), "quarantined", "PNG"),
    case(
        "pdf",
        "a PDF document",
        write("doc.html", b"%PDF-1.7\n" + bytes(range(256)) * 4),
        "quarantined",
        "PDF",
    ),
    case("cr-only", "text with CR line endings", write_lazy("cr.txt", _mixed_line_endings), "stored"),
    case(
        "one-huge-line",
        "a text of 1.1 million characters without a line break",
        write_lazy("oneline.txt", lambda: "The harbour office of Thornwick said. " * 30_000),
        "stored",
        annotate=True,
        seconds=120,
    ),
    case(
        "control-chars",
        "text full of control characters",
        write("ctrl.txt", prose("ctrl").replace(" ", " \x07\x08\x1b[1m")),
        "either",
        commands=LISTINGS,
    ),
    # HTML and feeds
    case(
        "html-deep",
        "HTML nested 50,000 divs deep",
        write_lazy("deep.html", _deep_html),
        "either",
        seconds=60,
    ),
    case(
        "html-scripts-only",
        "a page of scripts only",
        write(
            "scripts.html",
            "<html><head><script>var a=1;</script></head><body><script>alert(1)</script></body></html>",
        ),
        "quarantined",
        "no article text",
    ),
    case(
        "html-unclosed",
        "HTML with unclosed tags",
        write("unclosed.html", "<html><body><p>" + prose("unclosed").replace("\n\n", "<p><div><b>")),
        "either",
    ),
    case(
        "html-huge-attribute",
        "HTML with a 5 MB attribute",
        write_lazy(
            "attr.html",
            lambda: (
                "<html><body><div data-x='"
                + "a" * 5_000_000
                + "'></div>"
                + html_of(prose("attr"))
                + "</body></html>"
            ),
        ),
        "either",
        seconds=60,
    ),
    case(
        "html-bad-date",
        "HTML with a meta date of 2020-13-45 and year 10000",
        write(
            "dates.html",
            html_of(prose("bad-date")).replace(
                "<head>",
                "<head><meta name='date' content='2020-13-45'><meta property='article:published_time' content='10000-01-01'>",
            ),
        ),
        "stored",
    ),
    case(
        "feed-xml-bomb",
        "an RSS feed with an entity expansion bomb",
        write_lazy("bomb.xml", _xml_bomb_feed),
        "either",
        seconds=30,
    ),
    case(
        "feed-external-entity",
        "an RSS feed with an external entity",
        write_lazy("leak.xml", _external_entity_feed),
        "either",
        commands=LISTINGS,
    ),
    case(
        "feed-10k-entries",
        "an RSS feed of 10,000 link-only entries",
        write_lazy("big.xml", _big_feed),
        "either",
        seconds=60,
    ),
    case(
        "feed-truncated",
        "an RSS feed cut off",
        write("cut.xml", '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>A'),
        "quarantined",
        "feed",
    ),
    case(
        "dot-files",
        "a folder of hidden files only",
        write(".hidden.txt", prose("hidden")),
        "quarantined",
        "hidden",
    ),
]
