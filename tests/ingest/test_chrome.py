"""Page layout: which lines of a scrape are the article, and why the others were removed."""

from storyline.ingest.chrome import find_template_lines, lay_out
from storyline.models import Document

SCRAPE = """\
Skip to content
The Lakeside Ledger
Home
Region
Search
Ferry service to Marrow Island suspended after hull damage
Operators expect the route to reopen within a fortnight, but islanders fear a longer wait
June 3, 2025
By Hal Brenner
The ferry Ostra at the Marrow pier on Monday.
Photo: Ida Sund / The Lakeside Ledger

The only ferry to Marrow Island was taken out of service on Monday after divers found a crack in its hull during a routine inspection.

About 600 people live on the island, which has no bridge to the mainland and a single shop.

Repairs and inspections

The operator said a replacement vessel would run a reduced timetable from Thursday, carrying foot passengers only.

"We will not take risks with a damaged hull," said the operator's director, Mia Holt.

Sign up for the Ledger Morning newsletter
Related stories
Marrow Island school to close in July
May 28, 2025
Share on Facebook
© 2025 The Lakeside Ledger. All rights reserved.
"""


def _document(text: str, source: str = "scrape.txt", group: str = "site") -> Document:
    return Document(source=source, format="text", raw=text.encode(), lines=text.split("\n"), group=group)


def _body(document: Document) -> list[str]:
    layout = lay_out(document)
    return [document.lines[i] for i in layout.body_lines]


def test_scrape_keeps_standfirst_paragraphs_and_subheading():
    body = _body(_document(SCRAPE))
    assert body[0].startswith("Operators expect the route")
    assert "Repairs and inspections" in body
    assert body[-1].startswith('"We will not take risks')
    assert len(body) == 6


def test_header_pieces_become_facts_not_text():
    document = _document(SCRAPE)
    layout = lay_out(document)
    assert layout.title == "Ferry service to Marrow Island suspended after hull damage"
    assert [n.role.value for n in layout.notes_with("date", "lead")] == [("2025-06-03", "day")]
    assert [n.role.value for n in layout.notes_with("byline", "lead")] == [["Hal Brenner"]]
    reasons = {r.text: r.reason for r in layout.removed}
    assert reasons["The ferry Ostra at the Marrow pier on Monday."] == "photo caption"
    assert reasons["Photo: Ida Sund / The Lakeside Ledger"] == "photo credit"
    assert reasons["Marrow Island school to close in July"].startswith("after the end")


def test_every_removed_line_is_kept_with_a_reason():
    document = _document(SCRAPE)
    layout = lay_out(document)
    shown = {document.lines[i] for i in layout.body_lines}
    non_blank = [line for line in document.lines if line.strip()]
    assert len(layout.removed) + len(shown) == len(non_blank)
    assert all(r.reason for r in layout.removed)
    assert all(document.lines[r.line - 1].strip() == r.text for r in layout.removed)


def test_body_resumes_after_a_related_box_inside_the_article():
    text = "\n".join(
        [
            "The harbour wall collapsed on Sunday night after a week of storms along the coast.",
            "Related stories",
            "Storm warnings issued for the coast",
            "Engineers said the wall had been weakened by years of erosion and needed a full rebuild.",
            "The council will meet on Thursday to decide how to pay for the work, officials said.",
            "Fishing boats have been moved to the neighbouring port until repairs are complete.",
        ]
    )
    body = _body(_document(text))
    assert len(body) == 4 and "Storm warnings issued for the coast" not in body


def test_lines_repeated_on_other_pages_of_a_site_are_template_but_copies_are_not():
    nav = ["Home", "World", "Climate", "Sport"]
    story_a = [
        "Rain closed three mountain passes on Tuesday, stranding hundreds of drivers overnight.",
        "Snow ploughs were sent from the capital, the transport ministry said on Wednesday.",
        "Drivers were given blankets and hot drinks by volunteers at two service stations.",
    ]
    story_b = [
        "The central bank left interest rates unchanged on Thursday for the fourth month running.",
        "Its governor said inflation had fallen but remained above the target of two percent.",
        "Economists had expected the decision after weak retail figures last week.",
    ]
    documents = [
        _document("\n".join(nav + story_a), "a.txt"),
        _document("\n".join(nav + story_b), "b.txt"),
        _document("\n".join(["Aggregator Home"] + story_a), "copy.txt"),  # a republished copy of a
    ]
    templates = find_template_lines(documents)
    assert sorted(templates[0]) == [0, 1, 2, 3]
    assert sorted(templates[1]) == [0, 1, 2, 3]
    assert templates[2] == {}  # its paragraphs are shared with a, but a is the original, not a template


def test_text_without_any_paragraph_is_kept_whole_rather_than_lost():
    layout = lay_out(_document("GRAPHIC: Jane Roe - The Ledger, May 2, 2024"))
    assert layout.whole_text and layout.body_lines == [0]


def test_markdown_roles_from_the_reader_are_respected():
    # The Markdown reader has already stripped the "#" marks and recorded what each line was.
    lines = [
        "---",
        "title: A",
        "---",
        "Heading one",
        "",
        "First paragraph of the post is long enough to count here.",
        "Part two",
        "Second paragraph of the post is also long enough to count.",
    ]
    document = Document(
        "p.md",
        "markdown",
        b"",
        lines,
        known_roles={0: "front_matter", 1: "front_matter", 2: "front_matter", 3: "h1", 6: "subheading"},
    )
    layout = lay_out(document)
    assert layout.title == "Heading one"
    assert [lines[i] for i in layout.body_lines] == [lines[5], "Part two", lines[7]]
