"""What a single line of a scraped page is, judged from its own text.

Each rule recognises a *kind* of page furniture by its shape and generic web vocabulary (skip
links, share buttons, photo credits, copyright notices, syndication notes, bylines), never by
the strings of a particular site. `judge_line` returns a `LineRole`, or None for lines that only
their position can explain (prose paragraphs, headlines, subheadings, bare navigation words);
`ingest/chrome.py` decides those.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from storyline.ingest.date_lines import byline_after_date, is_updated_line, parse_date_line

# Roles after which the article is over, whatever follows: sign-offs and notes about the article.
ENDING_ROLES = frozenset(
    {
        "signature",
        "signoff",
        "syndication",
        "contributors",
        "bio",
        "copyright",
        "tags",
        "edition_note",
        "disclaimer",
        "references",
    }
)
# Roles that usually end the article but sometimes sit inside it (a related-links box, a
# newsletter prompt, share buttons): the body may resume after them.
# A "Source:" line may close the article or sit under a table inside it.
BREAK_ROLES = frozenset({"related_heading", "share", "comments", "cta", "separator", "source_line"})


@dataclass(slots=True)
class LineRole:
    role: str
    reason: str
    value: Any = None  # what the line says about the article: a date, a name, agencies
    names: list[str] = field(default_factory=list)  # authors named on the same line ("... by Jo Roe")


def normalise(line: str) -> str:
    """The line as rules see it: list numbering, bullets and runs of spaces removed."""
    text = line.strip()
    if text[:1] in _LIST_MARK_STARTS:
        text = _LIST_MARK.sub("", text)
    if "  " in text or "\t" in text or "\xa0" in text:
        text = _SPACES.sub(" ", text)
    return text


_LIST_MARK_STARTS = frozenset("0123456789-*•·►▸|")


_LIST_MARK = re.compile(r"^(?:\d{1,2}[.)]\s+|[-*•·►▸|]\s+)")
_SPACES = re.compile(r"\s+")
_CLOSERS = "\"'”’)]"


def word_count(text: str) -> int:
    """Words in a normalised line (single spaces, stripped)."""
    return text.count(" ") + 1 if text else 0


def is_prose(text: str) -> bool:
    """A paragraph of running text rather than a label, headline or link."""
    words = word_count(text)
    if words >= 18:
        return True
    return words >= 7 and ends_like_sentence(text) and not text.endswith(":")


def ends_like_sentence(text: str) -> bool:
    """Ends in sentence punctuation, possibly inside closing quotes or brackets, or in a quote."""
    if text[-1:] in '"”’':
        return True
    return text.rstrip(_CLOSERS)[-1:] in ".!?…:;"


# --- generic web vocabulary ---------------------------------------------------------------------

_UI_LINE = re.compile(
    r"^(?:skip (?:to|next section|ad)\b.*"
    r"|(?:published|updated|posted|last updated)?:?\s*(?:about )?(?:an?|\d+)\s+(?:seconds?|minutes?|mins?|hours?|hrs?"
    r"|days?|weeks?)\s+ago"
    r"|published|updated|posted|last updated|now playing|watch live|listen live|breaking|trending:?"
    r"|load (?:more|earlier|older|newer)(?: updates| posts| stories| comments| articles)?"
    r"|show key events only|key events|reuse this content|purchase licensing rights|comments? \(\d+\)"
    r"|\d+ of \d+|-?\d+\s*°\s*[CF]?|[HL]:\s*-?\d+°.*|opens new tab"
    r"|(?:estimated )?reading time:?\s*\d+\s*min(?:ute)?s?"
    r"|\d[\d.,]*k?\s+(?:likes?|restacks?|reposts?|comments?|shares?|replies|views)(?:\s*·.*)?"
    r"|likes?|restacks?|discussions?|discussion about this post|write a comment\.*|for immediate release"
    r"|was this (?:article|page) helpful\??.*|[^\w\s]{1,3}|posted by @\w+"
    r"|[\w’'&. -]{1,25}(?:\s*[»›>]\s*[\w’'&. -]{1,25}){1,5}"  # breadcrumbs: Home » News » Council
    r"|(?:home|menu|search|subscribe|sign in|sign up|sign out|log ?in|log ?out|register|account"
    r"|my account|newsletters?|podcasts?|videos?|live|more|close|open|back to top|go to top"
    r"|go to homepage|print|email|e-mail|share|tweet|pin|copy link|copied|comments?"
    r"|view all results?|no results?|load more|see more|show more|read more|continue reading"
    r"|read the full (?:story|article)|advertisement|ad|sponsored|sponsored content|accept(?: all)?"
    r"(?: cookies)?|reject(?: all)?|manage (?:cookies|preferences|settings)|previous(?: post| article)?"
    r"|next(?: post| article)?|enter your (?:email|e-mail)(?: address)?|your email|submit|toggle"
    r"|navigation|main menu|edition|listen(?: to this article)?|watch|play|photos?|gallery"
    r"|image|follow|follow us|contact us|about us|about|contact|privacy(?: policy)?"
    r"|terms(?: of (?:use|service))?|cookie (?:policy|settings)|accessibility|sitemap|careers|jobs"
    r"|advertise(?: with us)?|help|faq|imprint|legal notice|all rights reserved|top|trending"
    r"|breaking(?: news)?|latest|latest news|news|opinion|most read|most popular"
    r"|(?:\d+ )?min(?:ute)?s? read|listen \d+ min))[.!]?$",
    re.IGNORECASE,
)
_SHARE = re.compile(
    r"^(?:share|post|send|pin|email|tweet)(?: this| it| article| story)? (?:on|to|via|with)\b.{0,40}$"
    r"|^(?:share this(?: article| story)?:?|follow us on .{0,40}|click to (?:share|email|print) .{0,60})$"
    r"|^(?:facebook|twitter|x|linkedin|whatsapp|reddit|telegram|email|print|pinterest|flipboard)"
    r"(?:[\s,|/]+(?:facebook|twitter|x|linkedin|whatsapp|reddit|telegram|email|print|pinterest|flipboard))*$",
    re.IGNORECASE,
)
_COMMENTS = re.compile(
    r"^(?:please (?:log ?in|sign in|login|register)\b.{0,60}|\d+ comments?|comments? \(\d+\)"
    r"|leave a (?:comment|reply)|join the (?:discussion|conversation)|show comments|view comments"
    r"|add a comment.{0,40}|comments are closed.{0,40}|(?:sign|log) in to comment|be the first to comment\.?)$",
    re.IGNORECASE,
)
_RELATED = re.compile(
    r"^(?:related(?: stories| posts| articles| topics| content| coverage| links| news| reading)?"
    r"|more (?:stories|news|articles|coverage|reading|videos)(?: (?:from|on|about|like this) .{1,40})?"
    r"|more (?:from|on) .{1,40}|explore more(?: on (?:these|this) topics?)?|read (?:next|also|more)|see also|also read"
    r"|recommended(?: for you| stories| reading)?|most (?:read|popular|viewed|shared)"
    r"|(?:[\w’'. -]{1,30}(?:'s|’s) )?top stor(?:y|ies)|trending(?: now| stories)?"
    r"|you (?:may|might) (?:also )?(?:like|be interested in)|latest (?:news|stories|articles)"
    r"|editor'?s? picks|in (?:other|case you missed) news|what to read next|up next"
    r"|previous post|next post|previous article|next article|popular (?:posts|stories)"
    r"|around the web|from (?:our|the) network|promoted stories|more in .{1,30})[:.]?$",
    re.IGNORECASE,
)
_CREDIT = re.compile(
    r"^(?:image|photo|photograph|picture|pic|credit|illustration|graphic|video|footage|foto|source image)"
    r"s?(?: credit)?\s*[:©]\s*\S.{0,120}$"
    # "Image source, Getty Images", "Image caption, Engineers inspect the gate"
    r"|^(?:image|photo|picture|video|media)\s+(?:source|caption|credit)s?\s*[,:]\s*\S.{0,200}$"
    # a credit on its own line: "Jane Roe / Staff", "Jane Roe/AFP via Getty Images"
    r"|^(?-i:[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3}\s*/\s*(?:[Ss]taff|[A-Z][\w&.-]*(?: [A-Z][\w&.-]*){0,3}))$",
    re.IGNORECASE,
)
# A caption that ends in its credit: "... the town [File: Jane Doe/Reuters]", "(Photo: AFP)".
_CREDIT_TAIL = re.compile(
    r"(?:\[(?:file|photo|image|pictured|reuters|ap|afp|getty|epa)\b[^\]]{0,80}\]"
    r"|\((?:photo|image|picture|credit|file)\s*[:/][^)]{0,80}\)"
    r"|(?:photo|image|picture|photograph|photography|illustration)s?\s*(?::|by)\s*[^.]{2,60}"
    r"|(?-i:\b[A-Z]{2,}(?: [A-Z]{2,})*\s*/\s*[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3}(?:/File Photo|/File|/Handout)?)"
    r"|(?-i:[.!?]\s*\([A-Z][A-Za-z0-9 ]{1,20}\))"  # "... on Thursday.(KVTR)"
    r"|/\s*(?:AFP|AP|Reuters|Getty Images|EPA(?:-EFE)?|dpa|picture[- ]alliance)[^.]{0,40})\s*$",
    re.IGNORECASE,
)
# A notice, not a sentence that mentions copyright: the sign, "(c) 2024", "Copyright 2024", the formula.
_COPYRIGHT = re.compile(
    r"©|^copyright\b|\(c\)\s*(?:19|20)\d\d|\bcopyright\s+(?:19|20)\d\d|\ball rights reserved\b", re.IGNORECASE
)
_COOKIE = re.compile(
    r"\b(?:cookies?|consent|our partners|personali[sz]ed (?:ads|content))\b.*"
    r"\b(?:use|accept|consent|agree|settings|policy|browsing|experience|store|access|process|preferences)\b"
    r"|^we (?:value|care about|respect) your privacy\.?$|^your privacy choices$",
    re.I,
)
_CTA = re.compile(
    r"\b(?:sign up|signup|subscribe|newsletter|in your inbox|to your inbox|enter your e-?mail"
    r"|download (?:our|the) app|get (?:our|the) app|support (?:our|independent) journalism"
    r"|become a (?:member|subscriber)|already a subscriber|free trial|turn on notifications"
    r"|follow (?:us|@)\w*|support (?:our|independent|local) (?:work|journalism)|donate (?:today|now)"
    r"|become a (?:member|supporter|patron)|write to (?:us|the editor)|email us|contact us"
    r"|(?:unlimited|digital) access|continue reading|by signing up|terms of service|already a (?:member|subscriber))\b"
    r"|[\w.+-]+@[\w-]+\.[\w.-]+",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"^(?:[-*_=~•·#]\s*){3,}$")
# "— The Kessel Courier", "-- The Editors": a dash sign-off closing a column or newsletter.
_SIGNOFF = re.compile(r"^[—–]\s*|^--\s*")
_SIGNOFF_NAME = re.compile(r"^(?:The )?[A-Z][\w&.’'-]*(?: (?:of |and |&)?[A-Z][\w&.’'-]*){0,4}$")
_SYNDICATION = re.compile(
    r"^(?:the post .+ appeared first on (?P<a>.+?)\.?"
    r"|(?:this (?:article|story|piece) )?(?:was )?(?:originally|first) (?:published|appeared)"
    r" (?:by|in|on|at) (?P<b>.+?)(?: on .+)?\.?"
    r"|(?:this (?:article|story) (?:is )?)?republished (?:with permission )?(?:from|by) (?P<c>.+?)\.?"
    r"|source\s*:\s*(?P<d>.+?) \(original (?:article|story)\)\.?)$",
    re.IGNORECASE,
)
_SOURCE_LINE = re.compile(r"^sources?\s*:\s*(?P<names>[^.]{2,80})\.?$", re.IGNORECASE)
_TAGS = re.compile(r"^(?:tags|tagged|topics|filed under|categories|keywords)\s*:\s*\S.*$", re.IGNORECASE)

_NAME = r"[A-Z][\w’'.-]+(?:\s+(?:de|van|von|der|da|del|al|bin|le|la|[A-Z][\w’'.-]+)){1,3}"
# Names keep their capitals even where the rest of a pattern ignores case ("By signing up" is not a byline).
_NAMES = rf"(?-i:{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*)"
_ROLE_PREFIX = r"(?:[A-Z][\w&.-]*\s+)?(?:(?:staff|senior|special|contributing|freelance)\s+)?(?:writers?|reporters?|correspondents?)\s+"
_BYLINE = re.compile(
    rf"^(?:by|written by|words by|story by|reporting by|von|par)\s+(?P<names>{_NAMES})"
    rf"(?:\s*(?:[,|·•–—-]|\bin\b)\s*.{{0,60}})?$",
    re.IGNORECASE,
)
_BYLINE_ORG = re.compile(r"^by\s+(?P<names>(?:the\s+)?[A-Z][\w’'&.-]*(?:\s+[A-Z][\w’'&.-]*){0,4})$")
# Editor initials with the agencies the copy drew on: "rs/msh (dpa, Reuters, AFP)", "jf/ng (AP)".
_SIGNATURE = re.compile(
    r"^(?P<initials>[a-z]{1,4}(?:\s*/\s*[a-z]{1,4})+)(?:\s*\((?P<agencies>[^)]{2,80})\))?\s*$"
)
_AGENCY_SIGNOFF = re.compile(r"^\((?P<agencies>(?:[A-Z][\w-]*(?:\s*(?:,|/|and|with)\s*)?){1,5})\)$")
_CONTRIBUTED = re.compile(
    rf"^(?:{_ROLE_PREFIX})?(?P<names>{_NAMES})(?:\s+in\s+[A-Z][\w .’'-]+?)? contributed (?:reporting|to this (?:report|article|story))\.?$"
    rf"|^additional reporting by (?P<names2>{_NAMES})\.?$"
    rf"|^(?P<org>(?:the )?[A-Z][\w&.-]*(?: [A-Z][\w&.-]*){{0,3}}) contributed to this (?:report|article|story)\.?$",
    re.IGNORECASE,
)
_BIO = re.compile(
    rf"^(?P<name>{_NAME}),? (?:is |was )?(?:a|an|the|our) [^.]{{0,80}}?\b(?:reporter|correspondent|editor"
    r"|writer|journalist|columnist|bureau chief|contributor|producer|critic|analyst for)\b"
    r"[^.]{0,80}?(?:\.|,)? ?(?:(?:she|he|they) )?(?:reports|covers|writes|is based|has (?:reported|covered|written)"
    r"|focuses|joined|specializes|specialises|was previously|leads)\b"
)
_DATELINE_AGENCY = re.compile(
    r"^[A-Z][A-Z .’'-]{1,40}(?:,\s*[\w .’'-]{2,40})?\s*\((?P<agency>[A-Z][\w .&-]{0,30})\)\s*[—–-]"
)
# "Jane Roe is a staff writer at The Post." / "Jane Roe covers business for The Post."
_BIO_SHORT = re.compile(
    rf"^(?P<name>{_NAME}) (?:is (?:a|an|the|our) (?:[\w-]+ ){{0,3}}(?:reporter|correspondent|editor|writer|journalist"
    r"|columnist|photographer|producer|critic|contributor)s? (?:at|for|with|based|who covers)\b|covers [^.]{3,80} for )"
)
_EDITION_NOTE = re.compile(
    r"^(?:this (?:article|story)|a version of this (?:article|story)) (?:appears|appeared|will appear)"
    r" (?:in|on) .{0,60}\b(?:print|edition|issue|page)\b",
    re.IGNORECASE,
)
_DEVELOPING = re.compile(
    r"^(?:this (?:is a )?(?:developing|breaking) (?:news )?story\b.{0,80}|(?:check back|refresh) for updates\.?)$",
    re.IGNORECASE,
)
_INLINE_LINK = re.compile(
    r"^(?:read more|read also|also read|see also|related|watch|listen|more|recommended)\s*:\s*\S", re.I
)
_DISCLAIMER = re.compile(
    r"^(?:(?:medical|legal|editorial|investment|financial)\s+)?disclaimer\s*:"
    r"|^the views (?:and opinions )?expressed (?:in this (?:article|column|piece|post) )?are\b"
    r"|^this (?:article|content) is for (?:general )?information(?:al)? purposes",
    re.IGNORECASE,
)
_URL_LINE = re.compile(
    r"^(?:(?:copy|share)?\s*link|url|permalink|short ?link)?\s*:?\s*(?P<url>https?://\S+)$", re.I
)
_REFERENCES = re.compile(r"^(?:sources|references|bibliography|further reading|footnotes|notes)\s*:?$", re.I)
_NUMBER_ONLY = re.compile(r"^[\d.,:/ ]{1,8}$")


_CREDIT_SEGMENT = re.compile(
    r"^\(?\s*(?P<kind>reporting|writing|additional reporting|editing|edited|compiled|produced)\s+by\s+(?P<names>.+?)\s*\)?\.?$",
    re.IGNORECASE,
)
_ROLE_WORDS = re.compile(
    r"^(?:(?:staff|senior|special|contributing|freelance)\s+)?(?:writers?|reporters?|correspondents?|photographers?)\s+",
    re.IGNORECASE,
)


def _reporting_credits(text: str) -> LineRole | None:
    """ "Reporting by A in X; Additional reporting by B; Editing by C" and "B contributed reporting." """
    segments = [segment for segment in text.strip("()").split(";") if segment.strip()]
    found = [_CREDIT_SEGMENT.match(segment.strip()) for segment in segments]
    if found and all(found):
        authors: list[str] = []
        contributors: list[str] = []
        for match in found:
            assert match is not None
            kind = match.group("kind").casefold()
            names = [_person(name) for name in split_names(match.group("names"))]
            if kind in ("reporting", "writing"):
                authors.extend(names)
            elif kind == "additional reporting":
                contributors.extend(names)
        if authors:
            return LineRole("contributors", "reporting credit", ("author", authors), contributors)
        return LineRole("contributors", "contributor credit", ("contributors", contributors))
    if match := _CONTRIBUTED.match(text.strip("()")):
        credited = match.group("names") or match.group("names2")
        if credited:
            people = [_person(name) for name in split_names(credited)]
            return LineRole("contributors", "contributor credit", ("contributors", people))
        return LineRole("contributors", "agency credit", ("agencies", [match.group("org").strip()]))
    return None


def _person(name: str) -> str:
    """A name as credited, without "in Lisbon" or "Staff writer" around it."""
    name = _ROLE_WORDS.sub("", name.strip())
    return re.sub(r"\s+in\s+[A-Z][\w .’'-]*$", "", name).strip()


def split_names(text: str) -> list[str]:
    parts = re.split(r"\s*(?:,|;|/|&|\band\b|\bwith\b)\s*", text)
    names = [part.strip(" .") for part in parts if part.strip(" .")]
    # "Kelsey Marrow, Court Reporter": the job title rides along, it is not a second author.
    return [name for name in names if not _JOB_TITLE.search(name)] or names


_JOB_TITLE = re.compile(
    r"\b(?:reporter|correspondent|editor|writer|journalist|columnist|staff|producer|contributor|chief)s?\b",
    re.I,
)


def judge_line(line: str) -> LineRole | None:
    """The role a line's own text gives it, or None when only its position can tell."""
    text = normalise(line)
    if not text:
        return None
    words = word_count(text)
    # Most lines of an article are long paragraphs that only a few rules can apply to; checking
    # those few first keeps ingest fast (Timeline17: ~50 lines an article, thousands of articles).
    role = _judge_credits_and_notes(text, words)
    if role or words > 12:
        return role or _judge_long(text, words)
    return _judge_short(text, words)


def _judge_credits_and_notes(text: str, words: int) -> LineRole | None:
    """Rules for lines of any length: sign-offs, credits, syndication notes, bios."""
    first = text[:1]
    if first in "-—–*_=~•·#" and _SEPARATOR.match(text):
        return LineRole("separator", "separator rule")
    if first in "—–-" and _SIGNOFF.match(text) and _SIGNOFF_NAME.match(_SIGNOFF.sub("", text)):
        return LineRole("signoff", "sign-off", _SIGNOFF.sub("", text))
    if words <= 20 and _HAS_DIGIT(text) and (date := parse_date_line(text)):
        role = "updated" if is_updated_line(text) else "date"
        names = byline_after_date(text)
        return LineRole(role, "date line", date, split_names(names) if names else [])
    if words <= 4 and "http" in text and (match := _URL_LINE.match(text)):
        return LineRole("url_line", "link to the article", match.group("url"))
    lower = text[:40].casefold()
    # "By Jo Roe | Photographs by Al Poe": a byline first, whatever credit follows it.
    if words <= 14 and lower.startswith(_BYLINE_STARTS) and (match := _BYLINE.match(text)):
        return LineRole("byline", "byline", split_names(match.group("names")))
    if lower.startswith(_SYNDICATION_STARTS) and (match := _SYNDICATION.match(text)):
        original = next(name for name in match.groups() if name)
        original = re.split(r"\.\s|,\s+(?:a|an|the|which|who|and)\b", original)[0]
        return LineRole("syndication", "syndication note", original.strip(" .\"'“”"))
    if lower.startswith(_CREDIT_STARTS) or "contributed" in text[-45:]:
        if credits := _reporting_credits(text):
            return credits
    if (
        ("," in text[:40] or " is " in text[:50] or " covers " in text[:50])
        and _BIO_HINT(text)
        and (match := _BIO.match(text) or _BIO_SHORT.match(text))
    ):
        return LineRole("bio", "author biography", match.group("name"))
    if lower.startswith(("this article", "this story", "a version of this")) and _EDITION_NOTE.match(text):
        return LineRole("edition_note", "note about the print edition")
    if _DEVELOPING.match(text):
        return LineRole("note", "editor's note")
    if ":" in text[:14] and _INLINE_LINK.match(text):
        return LineRole("inline_link", "link to another story")
    if _DISCLAIMER.match(text):
        return LineRole("disclaimer", "disclaimer")
    if words <= 25 and _CREDIT.match(text):
        return LineRole("credit", "photo credit")
    if words <= 60 and _may_end_in_credit(text[-90:]):
        if _CREDIT_TAIL.search(_LICENSING.sub("", text[-160:])):
            return LineRole("credit", "photo caption with credit")
    return None


def _judge_long(text: str, words: int) -> LineRole | None:
    lower = text.casefold()
    if not text.endswith(_TEASER_ENDS) and not lower.startswith(_TAG_STARTS) and not _LONG_HINT(lower):
        return None  # one scan rules out copyright, consent, prompts and tags for most paragraphs
    if words <= 30 and (lower.startswith(("©", "copyright", "(c)")) or "all rights reserved" in lower):
        return LineRole("copyright", "copyright notice", copyright_holder(text))
    if words <= 60 and _CONSENT_HINT(lower) and _COOKIE.search(text):
        return LineRole("cookie", "cookie notice")
    if words <= 40 and _CTA_HINT(lower) and _CTA.search(text) and (words <= 12 or _TO_THE_READER(text)):
        return LineRole("cta", "newsletter or subscription prompt")
    if words <= 30 and lower.startswith(_TAG_STARTS) and _TAGS.match(text):
        return LineRole("tags", "tag list")
    if words >= 5 and text.endswith(_TEASER_ENDS):
        return LineRole("teaser", "truncated teaser of another story")
    return None


def _judge_short(text: str, words: int) -> LineRole | None:
    if match := _SIGNATURE.match(text):
        agencies = split_names(match.group("agencies") or "")
        return LineRole("signature", "editor initials and agency credit", (match.group("initials"), agencies))
    if match := _AGENCY_SIGNOFF.match(text):
        return LineRole("signature", "agency credit", (None, split_names(match.group("agencies"))))
    if match := _SOURCE_LINE.match(text):
        return LineRole("source_line", "source line", split_names(match.group("names")))
    if _TAGS.match(text):
        return LineRole("tags", "tag list")
    if _COPYRIGHT.search(text):
        return LineRole("copyright", "copyright notice", copyright_holder(text))
    if match := _BYLINE.match(text):
        return LineRole("byline", "byline", split_names(match.group("names")))
    if words <= 6 and (match := _BYLINE_ORG.match(text)):
        return LineRole("byline", "byline", [match.group("names")])
    if _RELATED.match(text):
        return LineRole("related_heading", "related-stories heading")
    if _REFERENCES.match(text):
        return LineRole("references", "list of sources or references")
    # "News | Sport | Contact" is a menu; "Dunhallow | £865 | +21%" is a table row.
    if text.count(" | ") >= 2 and not _HAS_DIGIT(text) and all(word_count(p) <= 4 for p in text.split(" | ")):
        return LineRole("ui", "navigation or interface text")
    if _COMMENTS.match(text):
        return LineRole("comments", "comments prompt")
    if _SHARE.match(text):
        return LineRole("share", "share buttons")
    if _UI_LINE.match(text):
        return LineRole("ui", "navigation or interface text")
    if _NUMBER_ONLY.match(text):
        return LineRole("ui", "counter or page number")
    return _judge_long(text, words)


_HAS_DIGIT = re.compile(r"\d").search
_CREDIT_WORDS = re.compile(r"/|photo|image|picture|credit|illustration", re.IGNORECASE).search


def _may_end_in_credit(tail: str) -> bool:
    return tail.endswith((")", "]")) or bool(_CREDIT_WORDS(tail))


_LICENSING = re.compile(r"\s*(?:purchase licensing rights|,? opens new tab)\s*$", re.IGNORECASE)
_LONG_HINT = re.compile(
    r"©|copyright|\(c\)|rights reserved|cookie|consent|privacy|partners|personali|sign|subscri|newsletter"
    r"|inbox|mail|download|journalism|member|trial|notification|follow|support|donate|patron|write to"
    r"|contact|@|access"  # plain words only: anchors would stop the engine skipping ahead
).search
_CONSENT_HINT = re.compile(r"cookie|consent|privacy|partners|personali").search
_BYLINE_STARTS = ("by ", "written by", "words by", "story by", "reporting by", "von ", "par ")
_CREDIT_STARTS = ("(", "reporting", "writing", "additional")
_BIO_HINT = re.compile(
    r"reporter|correspondent|editor|writer|journalist|columnist|bureau chief|contributor|producer|critic|analyst"
    r"|photographer| covers "
).search
_SYNDICATION_STARTS = ("the post ", "this ", "originally", "first ", "republished", "source")
_TAG_STARTS = ("tags", "tagged", "topics", "filed under", "categories", "keywords")
_TEASER_ENDS = ("...", "…", "[...]", "[…]")
# Cheap words one of which every prompt contains; the full pattern runs only on those lines.
# A long line is only a prompt when it addresses the reader: "Residents were advised to sign up
# for flood alerts" is news, "Sign up to get it in your inbox" is not.
_TO_THE_READER = re.compile(
    r"\b(?:you|your|we|our|us)\b|^(?:sign|subscribe|get|join|download|follow|support|donate|enter|read|write"
    r"|thanks for reading)\b",
    re.IGNORECASE,
).search
_CTA_HINT = re.compile(
    r"sign ?-?up|signing|subscri|newsletter|inbox|e-?mail|download|journalism|member|trial|notification|access"
    r"|follow|support|donate|patron|write to|contact|@"
).search


def copyright_holder(text: str) -> str | None:
    """The name in a copyright notice: 'DNYUZ © 2026' and '© 2024 The Post. All rights reserved.'."""
    cleaned = re.sub(r"\ball rights reserved\b\.?|\bcopyright\b|©|\(c\)", " ", text, flags=re.I)
    cleaned = re.sub(r"\b(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)?\d\d)?\b", " ", cleaned)
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" .,|-–—")
    # Only the first sentence names the holder ("FBC. The FBC is not responsible for ...").
    cleaned = re.split(r"(?<=[a-z]{2}|[A-Z]{2})\. ", cleaned, maxsplit=1)[0].strip(" .,")
    if re.fullmatch(r"(?:www\.)?[\w-]+(?:\.[\w-]+)+", cleaned):
        return cleaned  # a domain: metadata turns it into a name
    previous = None
    while previous != cleaned:
        previous = cleaned
        cleaned = _CORPORATE.sub("", cleaned).strip(" .,")
    if not cleaned or word_count(cleaned) > 6 or not cleaned[0].isupper():
        return None
    return cleaned


# The company behind a site, not its name: "X Media Group Limited or its affiliated companies".
_CORPORATE = re.compile(
    r"(?:,?\s+(?:a division of|a subsidiary of|part of|or its affiliated companies|and its affiliates)\b.*"
    r"|\s+(?:media group|media|group|newspapers?|publishing|publications|holdings|communications|ltd\.?"
    r"|limited|inc\.?|llc|plc|gmbh|co\.?|corporation|corp\.?))$",
    re.IGNORECASE,
)


# Words that make a name a publication rather than a person ("— The Kessel Courier", "Home News").
_PUBLICATION_WORDS = re.compile(
    r"\b(?:courier|times|post|news|daily|herald|gazette|journal|tribune|press|radio|review|weekly"
    r"|chronicle|observer|watch|today|media|tv|magazine|editors|desk|team|staff|newsroom|bulletin)\b",
    re.IGNORECASE,
)


def looks_like_outlet(name: str) -> bool:
    return name.startswith("The ") or bool(_PUBLICATION_WORDS.search(name))


def dateline_agency(first_body_line: str) -> str | None:
    """The agency in a wire dateline: 'KESSEL, Valdoria (Northwire) — ...' gives Northwire."""
    match = _DATELINE_AGENCY.match(first_body_line.strip())
    return match.group("agency").strip() if match else None
