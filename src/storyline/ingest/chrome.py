"""Separate an article from the page around it, line by line, by rules and by batch statistics.

A scraped page reads top to bottom as: header (navigation, section labels, headline, date,
byline, photo), body (standfirst, paragraphs, subheadings, the odd caption or prompt), and tail
(sign-off, credits, author bio, syndication note, related stories, footer). `lay_out` finds
those three zones:

1. every line is judged on its own text (`line_rules.judge_line`);
2. a line just above a photo credit is its caption, a short one above a newsletter prompt its box;
3. lines that recur on other pages of the same site are template (`find_template_lines`);
4. the body starts at the first paragraph of running text;
5. the headline is chosen among the header lines (bylines without "By" found first), and a longer
   line right below it is the standfirst;
6. the body ends at the first sign-off after its second paragraph, or at a break (related links,
   newsletter box, "Source:" line) that fewer than three paragraphs follow;
7. between the standfirst and the first paragraph, names and labels are header, and a quote that
   repeats a paragraph is a pull quote.

Nothing is thrown away: every line left out of the text is kept with its reason.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from storyline.ingest.line_rules import (
    BREAK_ROLES,
    ENDING_ROLES,
    LineRole,
    ends_like_sentence,
    is_prose,
    judge_line,
    looks_like_outlet,
    normalise,
    word_count,
)
from storyline.models import Document, RemovedLine

# Roles a line may have inside the body and still be taken out of the text.
_REMOVED_IN_BODY = frozenset(
    {
        "date",
        "updated",
        "byline",
        "credit",
        "caption",
        "ui",
        "share",
        "cookie",
        "cta",
        "template",
        "repeated",
        "comments",
        "related_heading",
        "title",
        "front_matter",
        "separator",
        "box_link",
        *ENDING_ROLES,
        "source_line",
        "inline_link",
        "lead_label",
        "pull_quote",
        "note",
        "url_line",
        "role_line",
    }
)
# A break is only the end when fewer paragraphs than this follow it before the sign-off.
_PARAGRAPHS_TO_RESUME = 3


@dataclass(slots=True)
class Note:
    """A line that says something about the article (its date, its author, its source)."""

    line: int  # 0-based index into Document.lines
    zone: str  # "header", "lead" (header or before the second paragraph), "body" or "tail"
    role: LineRole


@dataclass(slots=True)
class Layout:
    body_lines: list[int] = field(default_factory=list)
    title: str | None = None
    title_lines: list[int] = field(default_factory=list)
    removed: list[RemovedLine] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    whole_text: bool = False  # no article body was recognised, so every line was kept

    def text(self, document: Document) -> str:
        return "\n\n".join(_collapse(document.lines[i]) for i in self.body_lines)

    def notes_with(self, role: str, *zones: str) -> list[Note]:
        return [n for n in self.notes if n.role.role == role and (not zones or n.zone in zones)]


def _collapse(line: str) -> str:
    return " ".join(line.split())


def line_key(text: str) -> str:
    """How normalised lines are compared across pages: case, punctuation and spacing do not matter.

    Paragraphs only need case folding: a copied paragraph is copied with its punctuation.
    """
    if text.count(" ") >= 12:
        return text.casefold()
    return _NON_WORD.sub(" ", text.casefold()).strip()


_NON_WORD = re.compile(r"[\W_]+")


# --- statistics over a batch ---------------------------------------------------------------------


def find_template_lines(
    documents: list[Document], texts_by_doc: list[list[str]] | None = None
) -> list[dict[int, int]]:
    """For each document, its lines that recur on other pages of the same group: line -> pages.

    A line shared by two pages is template only when the pages are not copies of each other: a
    republished article shares its whole body with the original, and that is not site chrome.
    Short lines need two independent pages; full paragraphs need three.
    """
    keys_by_doc: list[dict[str, list[int]]] = []  # key -> the document's line numbers with it
    prose_by_doc: list[set[str]] = []
    if texts_by_doc is None:
        texts_by_doc = [[normalise(line) for line in document.lines] for document in documents]
    for document, texts in zip(documents, texts_by_doc, strict=True):
        keys: dict[str, list[int]] = defaultdict(list)
        prose: set[str] = set()
        for number, text in enumerate(texts):
            if not text or number in document.known_roles:
                continue
            key = line_key(text)
            if key:
                keys[key].append(number)
                if is_prose(text):
                    prose.add(key)
        keys_by_doc.append(keys)
        prose_by_doc.append(prose)

    by_group: dict[str, list[int]] = defaultdict(list)
    for index, document in enumerate(documents):
        by_group[document.group].append(index)

    templates: list[dict[int, int]] = [{} for _ in documents]
    for members in by_group.values():
        if len(members) < 2:
            continue
        holders: dict[str, list[int]] = defaultdict(list)
        for index in members:
            for key in keys_by_doc[index]:
                holders[key].append(index)
        copies = _copy_pairs(holders, prose_by_doc)
        for key, docs in holders.items():
            if len(docs) < 2:
                continue
            independent = _independent_count(docs, copies)
            needed = 3 if any(key in prose_by_doc[d] for d in docs) else 2
            if independent >= needed:
                for index in docs:
                    for number in keys_by_doc[index][key]:
                        templates[index][number] = independent
    return templates


def _copy_pairs(holders: dict[str, list[int]], prose_by_doc: list[set[str]]) -> set[tuple[int, int]]:
    shared: Counter[tuple[int, int]] = Counter()
    for key, docs in holders.items():
        if 2 <= len(docs) <= 50:
            prose_docs = [d for d in docs if key in prose_by_doc[d]]
            for pair in combinations(sorted(prose_docs), 2):
                shared[pair] += 1
    copies = set()
    for (a, b), count in shared.items():
        smaller = min(len(prose_by_doc[a]), len(prose_by_doc[b])) or 1
        if count >= 3 and count >= 0.3 * smaller:
            copies.add((a, b))
    return copies


def _independent_count(docs: list[int], copies: set[tuple[int, int]]) -> int:
    chosen: list[int] = []
    for doc in sorted(docs):
        if all((min(doc, other), max(doc, other)) not in copies for other in chosen):
            chosen.append(doc)
    return len(chosen)


# --- one document --------------------------------------------------------------------------------


def lay_out(
    document: Document, template_lines: dict[int, int] | None = None, texts: list[str] | None = None
) -> Layout:
    """Find the headline, the body lines and the removed lines of one document."""
    lines = document.lines
    texts = texts if texts is not None else [normalise(line) for line in lines]
    roles: dict[int, LineRole] = {}
    kept_structure: set[int] = set()  # Markdown subheadings: part of the text, never the start

    # 1. Markup the reader understood, then each line's own text.
    for number, text in enumerate(texts):
        known = document.known_roles.get(number)
        if known == "front_matter":
            roles[number] = LineRole("front_matter", "front matter (metadata, not text)")
        elif known == "subheading":
            kept_structure.add(number)
        elif known in ("h1", "markup"):
            continue
        elif text and (role := judge_line(text)):
            roles[number] = role

    # 2. The line right above a photo credit is its caption (or the image's alt text), and a short
    #    line right above a newsletter prompt is the title of its box.
    for number, role in list(roles.items()):
        above = number - 1
        if above < 0 or not texts[above] or above in roles or document.known_roles.get(above) is not None:
            continue
        # A caption that carries its own credit may have the image's alt text above it, never a paragraph.
        if role.role == "credit" and (role.reason == "photo credit" or not is_prose(texts[above])):
            roles[above] = LineRole("caption", "photo caption")
        elif role.role == "cta" and word_count(texts[above]) <= 8 and not is_prose(texts[above]):
            roles[above] = LineRole("cta", "newsletter or subscription prompt")

    # 3. Lines this site prints on other pages too.
    for number, pages in (template_lines or {}).items():
        if number not in roles:
            roles[number] = LineRole("template", f"repeated on {pages} pages of this site")

    # 4. The body starts at the first paragraph of running text.
    prose = [bool(t) and is_prose(t) for t in texts]
    unassigned = [
        i for i, t in enumerate(texts) if t and i not in roles and document.known_roles.get(i) != "h1"
    ]
    start = next((i for i in unassigned if i not in kept_structure and prose[i]), None)
    if start is None:
        start = next((i for i in unassigned if word_count(texts[i]) >= 4), None)

    layout = Layout()
    if start is None:
        return _whole_text(document, texts, roles)

    # 5. The headline, once bylines without "By" are known not to be one.
    _find_bylines(texts, roles, 0, start, document.known_roles)
    layout.title_lines = _title_lines(document, texts, roles, start)
    if layout.title_lines:
        layout.title = texts[layout.title_lines[0]].strip()
        for number in layout.title_lines:
            roles[number] = LineRole("title", "headline")
        # A longer line right below the headline, still in the header, is the standfirst: body text.
        below = _next_line(texts, layout.title_lines[-1])
        if (
            below is not None
            and below < start
            and below not in roles
            and (word_count(texts[below]) >= 10 or word_count(texts[below]) > word_count(layout.title))
        ):
            start = below
    short_keys = {i: line_key(texts[i]) for i in unassigned if not prose[i]}
    counts = Counter(short_keys.values())
    for number, key in short_keys.items():
        if number not in roles and counts[key] >= 2 and number not in kept_structure:
            roles[number] = LineRole("repeated", "repeated on the page (navigation or teaser)")

    # 6. The end of the body; a box the body resumes after takes its link lines with it.
    end = _body_end(texts, prose, roles, start)
    for number in range(start, end):
        role = roles.get(number)
        if role is not None and role.role in BREAK_ROLES:
            # The box's links follow it directly; a blank line ends the box (a subheading may come next).
            following = number + 1
            while following < end and texts[following] and not prose[following]:
                if following not in roles:
                    roles[following] = LineRole("box_link", "link in a box inside the article")
                following += 1

    # 7. Between the top of the body and its first real paragraph: bylines without "By" and labels.
    paragraphs = [i for i in range(start, end) if i not in roles and prose[i]]
    lead_until = paragraphs[1] if len(paragraphs) > 1 else end
    _find_bylines(texts, roles, start, lead_until, document.known_roles)
    for number in range(start + 1, lead_until):
        text = texts[number]
        if text and number not in roles and not prose[number] and number not in kept_structure:
            if not ends_like_sentence(text):  # "Each will get $2m." is a short paragraph, not a label
                roles[number] = LineRole("lead_label", "page header (byline, labels)")
    _find_pull_quotes(texts, roles, [i for i in range(start, end) if texts[i] and i not in roles])

    for number, line in enumerate(lines):
        text = texts[number]
        role = roles.get(number)
        zone = "header" if number < start else "tail" if number >= end else "body"
        if role and role.value is not None:
            note_zone = "lead" if zone != "tail" and number < lead_until else zone
            layout.notes.append(Note(number, note_zone, role))
        if not text:
            continue
        if zone == "body" and (role is None or role.role not in _REMOVED_IN_BODY):
            layout.body_lines.append(number)
            continue
        if role:
            reason = role.reason
        elif zone == "header":
            reason = "page header (navigation, section labels)"
        else:
            reason = "after the end of the article (related stories, footer)"
        layout.removed.append(RemovedLine(number + 1, line.strip(), reason))
    return layout


# A person's name on a line of its own: "Hannah Okafor", "Inês Carvalho in Valmira".
_PERSON = re.compile(
    r"^(?P<name>[A-Z][\w’'.-]+(?: (?:de |van |von |da |del )?[A-Z][\w’'.-]+){1,3})(?: in [A-Z][\w .’'-]{1,30})?$"
)
_JOB = re.compile(
    r"\b(?:correspondent|reporter|editor|writer|journalist|columnist|staff|producer|contributor)s?\b"
    r"|^reporting from\b",
    re.IGNORECASE,
)


def _find_bylines(
    texts: list[str], roles: dict[int, LineRole], first: int, until: int, known: dict[int, str]
) -> None:
    """Bylines without "By": a name next to the date line or above a job title, or "Name in Place"."""
    for number in range(first, until):
        text = texts[number]
        if not text or number in roles or number in known or word_count(text) > 7:
            continue
        if not (match := _PERSON.match(text)) or looks_like_outlet(text):
            continue
        below = _next_line(texts, number)
        # "Jo Roe / The Valley Times / March 11, 2025": the outlet's name may sit between.
        below_that = (
            _next_line(texts, below) if below is not None and looks_like_outlet(texts[below]) else None
        )
        neighbours = [i for i in (_previous_line(texts, number), below, below_that) if i is not None]
        beside_date = any(
            roles.get(i) is not None and roles[i].role in ("date", "updated") for i in neighbours
        )
        above_job = below is not None and word_count(texts[below]) <= 6 and bool(_JOB.search(texts[below]))
        if " in " in text or beside_date or above_job:
            roles[number] = LineRole("byline", "byline", [match.group("name")])
            if above_job and below is not None and below not in roles:
                roles[below] = LineRole("role_line", "author's job title")


def _find_pull_quotes(texts: list[str], roles: dict[int, LineRole], body: list[int]) -> None:
    """A quote set apart from the text and repeating words of a paragraph is a pull quote."""
    joined = "\n".join(texts[i].casefold() for i in body)
    for number in body:
        text = texts[number]
        if word_count(text) > 30 or not (text[:1] in "“\"‘'" or not ends_like_sentence(text)):
            continue
        quote = text.strip("“”\"'‘’ ").casefold()
        # Once in its own line, at least once more inside a paragraph.
        if len(quote) >= 20 and joined.count(quote) >= 2:
            roles[number] = LineRole("pull_quote", "pull quote (repeats the text)")


# The site's own furniture, which says nothing about any article (unlike a credit or a byline).
SITE_FURNITURE = frozenset({"cookie", "cta", "ui", "share", "template", "repeated", "comments", "separator"})
_KEPT = LineRole("", "")


def _whole_text(document: Document, texts: list[str], roles: dict[int, LineRole]) -> Layout:
    """No running text anywhere (a caption, a list of links): keep every line rather than lose it.
    Unless every line is furniture (a paywall's "Register to continue reading", a cookie notice):
    that page has no article, and two such pages are not copies of each other."""
    layout = Layout(whole_text=True)
    if all(roles.get(number, _KEPT).role in SITE_FURNITURE for number, text in enumerate(texts) if text):
        return layout
    for number, text in enumerate(texts):
        if not text:
            continue
        if document.known_roles.get(number) == "front_matter":
            layout.removed.append(RemovedLine(number + 1, document.lines[number].strip(), "front matter"))
        else:
            layout.body_lines.append(number)
    return layout


def _title_key(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


def _title_lines(document: Document, texts: list[str], roles: dict[int, LineRole], start: int) -> list[int]:
    h1 = [i for i, role in document.known_roles.items() if role == "h1" and texts[i]]
    if h1:
        key = _title_key(texts[min(h1)])
        return [i for i in sorted(h1) if _title_key(texts[i]) == key]

    # A headline the container already named (feed, front matter, meta tags) is found by equality,
    # within the header and the first lines of the body where extractors tend to leave it.
    hint = document.hints.get("title")
    if hint and isinstance(hint[0], str) and _title_key(hint[0]):
        key = _title_key(hint[0])
        near = [i for i in range(min(len(texts), start + 4)) if i not in roles or roles[i].role == "template"]
        found = [i for i in near if texts[i] and _title_key(texts[i]) == key]
        if found:
            return found

    # A headline may be "template": sibling pages list it among their related stories.
    candidates = [
        i
        for i in range(start)
        if texts[i]
        and (i not in roles or roles[i].role == "template")
        and 2 <= word_count(texts[i]) <= 30
        and not texts[i].endswith(":")
    ]
    if not candidates:
        return []
    counts = Counter(_title_key(texts[i]) for i in candidates)
    repeated = [i for i in candidates if counts[_title_key(texts[i])] >= 2 and word_count(texts[i]) >= 3]
    if repeated:
        key = _title_key(texts[repeated[-1]])
        return [i for i in repeated if _title_key(texts[i]) == key]
    long_enough = [i for i in candidates if word_count(texts[i]) >= 4 or _next_to_date_or_byline(i, roles)]
    if not long_enough:
        return []
    # The headline sits just above its date or byline; later candidates are captions or teasers.
    dated = [i for i in long_enough if word_count(texts[i]) >= 5 and _date_or_byline_follows(texts, roles, i)]
    if dated:
        long_enough = long_enough[: long_enough.index(dated[-1]) + 1]
    # Headline then standfirst: of two such lines in a row, the shorter first one is the headline.
    last = long_enough[-1]
    above = _previous_line(texts, last)
    if above in long_enough and 4 <= word_count(texts[above]) < word_count(texts[last]):
        return [above]
    return [last]


def _previous_line(texts: list[str], number: int) -> int | None:
    return next((i for i in range(number - 1, -1, -1) if texts[i]), None)


def _next_line(texts: list[str], number: int) -> int | None:
    return next((i for i in range(number + 1, len(texts)) if texts[i]), None)


def _date_or_byline_follows(texts: list[str], roles: dict[int, LineRole], number: int) -> bool:
    following = [i for i in range(number + 1, min(len(texts), number + 12)) if texts[i]][:4]
    return any(roles.get(i) is not None and roles[i].role in ("date", "updated", "byline") for i in following)


def _next_to_date_or_byline(number: int, roles: dict[int, LineRole]) -> bool:
    return any(
        roles.get(other) is not None and roles[other].role in ("date", "byline")
        for other in (number + 1, number + 2)
    )


def _body_end(texts: list[str], prose: list[bool], roles: dict[int, LineRole], start: int) -> int:
    paragraphs_so_far = 0
    total_paragraphs = sum(1 for i in range(start, len(texts)) if i not in roles and prose[i])
    for number in range(start, len(texts)):
        role = roles.get(number)
        if role is None:
            paragraphs_so_far += prose[number]
            continue
        if role.role == "bio" and paragraphs_so_far < total_paragraphs / 2:
            continue  # "Jane Doe, a reporter who covers ..." early on is a sentence about her
        if role.role in ENDING_ROLES and paragraphs_so_far >= 2:
            return number  # above the second paragraph, a note ("originally published by") is not an end
        if role.role in BREAK_ROLES and not _body_resumes(texts, prose, roles, number + 1):
            return number
    return len(texts)


def _body_resumes(texts: list[str], prose: list[bool], roles: dict[int, LineRole], after: int) -> bool:
    paragraphs = 0
    for number in range(after, len(texts)):
        role = roles.get(number)
        if role and role.role in ENDING_ROLES:
            break
        # Only finished sentences count: teasers and link titles in a related box are not body.
        if role is None and prose[number] and ends_like_sentence(texts[number]):
            paragraphs += 1
    return paragraphs >= _PARAGRAPHS_TO_RESUME
