"""A briefing on a story: Markdown with YAML front matter, built from the stored analysis.

Everything in it is extracted, not written: the summary is the story's most widely reported
entries in date order, the timeline is the timeline stage's, the figures are the claims with
their verdicts, the disagreements are the conflicting claims with each side's outlets, and who
said what comes from the quotes. Every statement carries a numbered citation to the article and
sentence it came from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import yaml

from storyline.claims.build import claims_of
from storyline.claims.quotes import speakers_of
from storyline.models import Article, Claim, Speaker, Timeline
from storyline.store import Store
from storyline.stories.material import StoryMaterial
from storyline.timelines import TimelineOptions, build_timeline

__all__ = ["brief_story"]

SUMMARY_ENTRIES = 3
TIMELINE_DATES = 15
KEY_FIGURES = 8
SPEAKERS = 8


@dataclass(slots=True)
class _Citations:
    """Numbered references to (article, sentence or character span), in order of first use."""

    articles: dict[str, Article]
    numbers: dict[tuple[str, int], int] = field(default_factory=dict)

    def cite(self, article: str, where: int) -> str:
        number = self.numbers.setdefault((article, where), len(self.numbers) + 1)
        return f"[{number}]"

    def lines(self) -> list[str]:
        out = []
        for (article_id, where), number in self.numbers.items():
            article = self.articles.get(article_id)
            outlet = (article.original_outlet or article.outlet) if article else None
            title = f" “{article.title}”" if article and article.title else ""
            day = f", {article.published[:10]}" if article and article.published else ""
            out.append(
                f"{number}. {outlet or 'unknown outlet'}{title}{day}, sentence {where + 1} (article `{article_id}`)"
            )
        return out


def brief_story(
    store: Store,
    story_id: str,
    *,
    summarise: Callable[[str], str] | None = None,
    claims: list[Claim] | None = None,
    speakers: list[Speaker] | None = None,
) -> str:
    """The Markdown briefing of a story. `summarise`, when given, rewrites the extracted summary
    paragraph (the `--llm` hook); everything else stays extracted. The story's `claims` and
    `speakers`, when the caller has them already, are used instead of being found again."""
    material = StoryMaterial.load(store, story_id)
    story, notes = material.story, material.annotations
    articles = {a.id: a for a in material.articles}
    timeline = build_timeline(
        material.articles,
        notes,
        material.copies,
        TimelineOptions(dates=TIMELINE_DATES, sentences=1),
        story=story.id,
    )
    claims = claims if claims is not None else claims_of(material)
    speakers = speakers if speakers is not None else speakers_of(material.articles, notes, material.copies)
    citations = _Citations(articles)

    def sentence_of(article: str, offset: int) -> int:
        annotated = notes.get(article)
        if annotated is None:
            return 0
        return annotated.sentence_at(offset) or 0

    outlets = sorted({name for a in articles.values() if (name := a.original_outlet or a.outlet)})
    front = {
        "story": story.id,
        "title": story.title,
        "dates": {"first": story.start, "last": story.end},
        "outlets": outlets,
        "articles": len(story.articles),
        "episodes": [{"id": e.id, "start": e.start, "end": e.end} for e in story.episodes],
    }
    parts = ["---", yaml.safe_dump(front, sort_keys=False, allow_unicode=True).rstrip(), "---", ""]
    parts += [f"# {story.title}", ""]

    summary = _summary(timeline, citations)
    if summarise is not None and summary:
        summary = summarise(summary)
    parts += ["## Summary", "", summary or "No dated events were found in these reports.", ""]

    parts += ["## Timeline", ""]
    for entry in timeline.entries:
        cites = "".join(dict.fromkeys(citations.cite(s.article, s.sentence) for s in entry.sources[:4]))
        mark = " *(background)*" if entry.kind == "background" else ""
        parts.append(f"- **{entry.date}**{mark} {entry.text} {cites}")
    parts.append("")

    parts += ["## Key figures", ""]
    for claim in [c for c in claims if c.kind == "figure"][:KEY_FIGURES]:
        parts.append(_claim_line(claim, citations, sentence_of))
    parts.append("")

    conflicts = [c for c in claims if c.verdict == "conflict"]
    parts += ["## Where outlets disagree", ""]
    if not conflicts:
        parts.append("No conflicting figures were found.")
    for claim in conflicts:
        sides = "; ".join(
            f"{v.outlet or v.article[:8]}: {v.text} {citations.cite(v.article, sentence_of(v.article, v.start))}"
            for v in claim.values
        )
        parts.append(f"- {claim.subject} ({claim.time or 'undated'}): {sides}")
    parts.append("")

    parts += ["## Who said what", ""]
    for speaker in speakers[:SPEAKERS]:
        parts.append(_speaker_line(speaker, citations, sentence_of))
    parts += ["", "## Sources", "", *citations.lines(), ""]
    return "\n".join(parts)


def _summary(timeline: Timeline, citations: _Citations) -> str:
    events = [e for e in timeline.entries if e.kind == "event"]
    widest = sorted(events, key=lambda e: (-e.independent_sources, e.date))[:SUMMARY_ENTRIES]
    sentences = []
    for entry in sorted(widest, key=lambda e: e.date):
        source = entry.sources[0]
        sentences.append(f"On {entry.date}: {entry.text} {citations.cite(source.article, source.sentence)}")
    return " ".join(sentences)


def _claim_line(claim: Claim, citations: _Citations, sentence_of: Callable[[str, int], int]) -> str:
    values = "; ".join(
        f"{v.outlet or v.article[:8]}: {v.text}"
        + (f" (per {v.attributed_to})" if v.attributed_to else "")
        + f" {citations.cite(v.article, sentence_of(v.article, v.start))}"
        for v in claim.values
    )
    sources = "source" if claim.independent_sources == 1 else "sources"
    return (
        f"- **{claim.subject}** ({claim.time or 'undated'}), {claim.verdict}, "
        f"{claim.independent_sources} independent {sources}: {values}"
    )


def _speaker_line(speaker: Speaker, citations: _Citations, sentence_of: Callable[[str, int], int]) -> str:
    statement = speaker.statements[0]
    said = f"“{statement.text}”" if statement.kind == "quote" else statement.text
    role = f", {speaker.role}" if speaker.role and speaker.role != speaker.name else ""
    cite = citations.cite(statement.article, sentence_of(statement.article, statement.start))
    return f"- **{speaker.name}**{role} (quoted by {', '.join(speaker.outlets)}): {said} {cite}"
