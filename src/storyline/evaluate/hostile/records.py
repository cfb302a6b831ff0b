"""Hostile JSON, JSON Lines and Markdown front matter."""

from __future__ import annotations

import json

from storyline.evaluate.hostile.corpus import (
    LISTINGS,
    HostileCase,
    case,
    prose,
    write,
    write_lazy,
)

# -- JSON ------------------------------------------------------------------------------------------


def _json_record(**fields: object) -> bytes:
    record: dict[str, object] = {"title": "Bridge toll in Marrowby is lifted", "text": prose("json-fields")}
    record.update(fields)
    return json.dumps(record).encode()


def _deep_json() -> bytes:
    return b'{"title": "deep", "text": "x", "nested": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"


def _deep_jsonl() -> bytes:
    good = json.dumps({"title": "Ferry fares in Quillan fall", "text": prose("Quillan")}).encode()
    return good + b"\n" + b"[" * 100_000 + b"]" * 100_000 + b"\n"


def _big_int_json() -> bytes:
    return (
        b'{"title": "Census count in Osterfell", "views": '
        + b"7" * 5000
        + b', "text": '
        + json.dumps(prose("big-int")).encode()
        + b"}"
    )


def _big_float_json() -> bytes:
    return json.dumps({"title": "Float", "text": prose("float"), "published": 1e308}).encode()


# -- Markdown front matter -------------------------------------------------------------------------


def _front_matter(header: str, seed: str) -> bytes:
    return f"---\n{header}\n---\n\n{prose(seed)}".encode()


_BILLION_LAUGHS = "\n".join(
    [
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        *(
            f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},"
            f"*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]"
            for i in range(8)
        ),
        "title: *i",
    ]
)


def _many_records() -> str:
    return "\n".join(json.dumps({"title": f"Note {n}", "text": f"Note {n}."}) for n in range(50_000))


RECORD_CASES: list[HostileCase] = [
    # JSON and JSON Lines
    case("json-deep", "JSON nested 100,000 deep", write_lazy("deep.json", _deep_json), "quarantined", "JSON"),
    case(
        "jsonl-deep-line",
        "a JSONL line nested 100,000 deep",
        write_lazy("deep.jsonl", _deep_jsonl),
        "stored+quarantined",
        "JSON",
    ),
    case("json-big-int", "an integer of 5,000 digits", write_lazy("big-int.json", _big_int_json), "either"),
    case("json-huge-float", "a published date of 1e308", write_lazy("float.json", _big_float_json), "stored"),
    case(
        "json-title-int", "a JSON title of 1984", write("title-int.json", _json_record(title=1984)), "stored"
    ),
    case(
        "json-title-list",
        "a JSON title that is a list",
        write("title-list.json", _json_record(title=["A", "B"])),
        "stored",
    ),
    case(
        "json-title-object",
        "a JSON title that is an object",
        write("title-obj.json", _json_record(title={"$date": 5})),
        "stored",
    ),
    case("json-url-int", "a JSON url of 5", write("url-int.json", _json_record(url=5)), "stored"),
    case(
        "json-outlet-true",
        "a JSON outlet of true",
        write("outlet-true.json", _json_record(outlet=True)),
        "stored",
    ),
    case(
        "json-published-int",
        "a JSON published of 20250101",
        write("pub-int.json", _json_record(published=20250101)),
        "stored",
    ),
    case(
        "json-published-list",
        "a JSON published that is a list",
        write("pub-list.json", _json_record(published=["2025-01-01", 3])),
        "stored",
    ),
    case(
        "json-author-objects",
        "JSON authors as a list of objects",
        write("authors.json", _json_record(author=[{"name": "Ada"}, {"x": 1}])),
        "stored",
    ),
    case(
        "json-tags-int",
        "JSON tags of 7",
        write("tags.json", _json_record(tags=7, categories={"a": 1})),
        "stored",
    ),
    case(
        "json-language-int", "a JSON language of 12", write("lang.json", _json_record(language=12)), "stored"
    ),
    case(
        "json-text-list",
        "a JSON text that is a list of paragraphs",
        write("text-list.json", _json_record(text=prose("list").split("\n\n"))),
        "either",
    ),
    case("json-scalar", "a JSON file holding only 42", write("scalar.json", b"42"), "quarantined", "JSON"),
    case("json-null", "a JSON file holding null", write("null.json", b"null"), "quarantined", "JSON"),
    case(
        "json-broken",
        "a JSON file with a syntax error",
        write("broken.json", b'{"title": "x", "text": '),
        "quarantined",
        "JSON",
    ),
    case(
        "json-many-records",
        "JSON Lines of 50,000 tiny records",
        write_lazy("many.jsonl", _many_records),
        "either",
        seconds=60,
    ),
    case(
        "json-nan",
        "JSON with NaN and Infinity",
        write(
            "nan.json",
            b'{"title": NaN, "text": "'
            + prose("nan").replace("\n", "\\n").encode()
            + b'", "outlet": Infinity}',
        ),
        "stored",
    ),
    case(
        "json-markup-title",
        "a JSON title and outlet holding Rich markup",
        write("markup.json", _json_record(title="[/bold] closed [red]", outlet="[link=x]Gazette[/]")),
        "stored",
        commands=(*LISTINGS, ("show", "@bad")),
    ),
    case(
        "json-escape-title",
        "a JSON title holding terminal escapes",
        write("escape.json", _json_record(title="\x1b[2J\x1b[31mRed\x07 alert", outlet="\x9b31m")),
        "stored",
        commands=(*LISTINGS, ("show", "@bad")),
    ),
    # Markdown front matter
    case(
        "fm-title-int",
        "front matter title: 1984",
        write("t.md", _front_matter("title: 1984", "fm-int")),
        "stored",
    ),
    case(
        "fm-title-list",
        "front matter title: [a, b]",
        write("t.md", _front_matter("title: [a, b]", "fm-list")),
        "stored",
    ),
    case(
        "fm-title-date",
        "front matter title: 2020-01-07",
        write("t.md", _front_matter("title: 2020-01-07", "fm-date")),
        "stored",
    ),
    case(
        "fm-outlet-true",
        "front matter outlet: true",
        write("t.md", _front_matter("outlet: true", "fm-true")),
        "stored",
    ),
    case(
        "fm-outlet-yes",
        "front matter outlet: yes",
        write("t.md", _front_matter("outlet: yes", "fm-yes")),
        "stored",
    ),
    case("fm-url-int", "front matter url: 5", write("t.md", _front_matter("url: 5", "fm-url")), "stored"),
    case(
        "fm-date-int",
        "front matter date: 1999",
        write("t.md", _front_matter("date: 1999", "fm-year")),
        "stored",
    ),
    case(
        "fm-author-map",
        "front matter author as a mapping",
        write("t.md", _front_matter("author: {name: Ada, x: [1]}", "fm-map")),
        "stored",
    ),
    case(
        "fm-billion-laughs",
        "a YAML billion-laughs in front matter",
        write("laughs.md", f"---\n{_BILLION_LAUGHS}\n---\n\n{prose('laughs')}"),
        "either",
    ),
    case(
        "fm-not-closed",
        "front matter that is never closed",
        write("open.md", "---\ntitle: x\n\n" + prose("open-fm")),
        "either",
    ),
    case(
        "fm-is-list",
        "front matter that is a list",
        write("list.md", _front_matter("- a\n- b", "fm-is-list")),
        "stored",
    ),
    case(
        "fm-toml-broken",
        "broken TOML front matter",
        write("toml.md", "+++\ntitle = \n+++\n\n" + prose("toml")),
        "quarantined",
        "front matter",
    ),
    case(
        "fm-yaml-tags",
        "front matter with Python object tags",
        write("tags.md", _front_matter("title: !!python/object/apply:os.system ['true']", "fm-tag")),
        "either",
    ),
]
