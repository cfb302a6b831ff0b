"""Terminal views of stored records, for the CLI: an article's sentences with annotations marked,
a story with its episodes, outlets and copies, and Timeline17 scores.

Everything that comes from the data is printed through `shown`: a Rich `Text`, never read as
markup (a title `[/bold]` is text) and with its control characters written out (`\\x1b`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from storyline.models import Annotations, Article, Quantity, Story
from storyline.untrusted import for_terminal

if TYPE_CHECKING:
    from storyline.evaluate.t17 import T17Report

__all__ = ["line", "print_annotations", "print_story", "print_t17", "shown"]


def shown(data: object, style: str = "") -> Text:
    """Data as the terminal shows it: literally, control characters made visible."""
    return Text(for_terminal("" if data is None else str(data)), style=style)


def line(*parts: str | Text | tuple[str, str]) -> Text:
    """One line of parts: text (str, or (str, style)), none of it read as markup, all of it shown."""
    return Text.assemble(
        *(
            shown(part)
            if isinstance(part, str)
            else (for_terminal(part[0]), part[1])
            if isinstance(part, tuple)
            else part
            for part in parts
        )
    )


STYLES = {
    "TIME": "bold cyan",
    "PER": "bold green",
    "ORG": "bold yellow",
    "LOC": "bold blue",
    "QTY": "bold magenta",
    "SPEAKER": "underline",
    "QUOTE": "italic",
}


def print_annotations(console: Console, article: Article, annotations: Annotations) -> None:
    """Each sentence with its marks, then what each mark means: resolved dates, entities, figures, speakers."""
    text = article.text
    console.print(
        line(
            (article.title or "(no title)", "bold"),
            f"  {article.id}  published {article.published or 'unknown'}  "
            f"anchor {annotations.anchor or 'none'}  ({annotations.annotator})",
        )
    )
    console.print(Text("  ").join(Text(name, style) for name, style in STYLES.items()))
    for number, sentence in enumerate(annotations.sentences, start=1):
        start, end = sentence.start, sentence.end
        sentence_text, at = _shown_with_offsets(text[start:end])

        def inside(span_start: int, span_end: int) -> bool:
            return span_start < end and span_end > start  # noqa: B023 - used within this iteration

        def mark(span_start: int, span_end: int, style: str) -> None:
            first, last = max(span_start, start) - start, min(span_end, end) - start  # noqa: B023
            sentence_text.stylize(style, at(first), at(last))  # noqa: B023

        notes: list[str] = []
        for quote in annotations.attributions:
            if inside(quote.start, quote.end):
                mark(quote.start, quote.end, STYLES["QUOTE"])
            if quote.speaker_start is not None and quote.speaker_end is not None:
                if inside(quote.speaker_start, quote.speaker_end):
                    mark(quote.speaker_start, quote.speaker_end, STYLES["SPEAKER"])
            if start <= quote.start < end:
                who = quote.entity or quote.speaker or "?"
                extra = ", ".join(x for x in (quote.role, "anonymous" if quote.anonymous else None) if x)
                notes.append(f"{quote.kind} by {who}" + (f" ({extra})" if extra else "") + f" — {quote.cue}")
        for entity in annotations.entities:
            if inside(entity.start, entity.end):
                mark(entity.start, entity.end, STYLES[entity.label])
                if entity.entity and entity.entity != entity.text:
                    notes.append(f"{entity.label} {entity.text!r} = {entity.entity}")
        for time in annotations.times:
            if inside(time.start, time.end):
                mark(time.start, time.end, STYLES["TIME"])
                how = (
                    f"{time.relative} from {time.anchor_source} {time.anchor}"
                    if time.relative
                    else "absolute"
                )
                notes.append(f"{time.type} {time.text!r} = {time.value} ({how})")
        for quantity in annotations.quantities:
            if inside(quantity.start, quantity.end):
                mark(quantity.start, quantity.end, STYLES["QTY"])
                notes.append(f"figure {quantity.text!r} = {_figure(quantity)}")
        console.print(Text.assemble((f"{number:>3} ", "dim"), sentence_text))
        for note in notes:
            console.print(line("      ", (note, "dim")))


def _shown_with_offsets(text: str) -> tuple[Text, Callable[[int], int]]:
    """`text` shown, and where each of its offsets lands in what is shown (a control character
    takes four or six places there)."""
    visible = for_terminal(text)
    if len(visible) == len(text):
        return Text(visible), lambda offset: offset
    landing = [0]
    for character in text:
        landing.append(landing[-1] + len(for_terminal(character)))
    return Text(visible), landing.__getitem__


def _figure(quantity: Quantity) -> str:
    if quantity.value is not None:
        shown = f"{quantity.value:g}"
    else:
        low = "" if quantity.low is None else f"{quantity.low:g}"
        high = "" if quantity.high is None else f"{quantity.high:g}"
        shown = f"[{low}, {high}]"
    parts = [shown]
    if quantity.of is not None:
        parts.append(f"of {quantity.of:g}")
    if quantity.unit:
        parts.append(quantity.unit)
    if quantity.counted:
        parts.append(quantity.counted)
    if quantity.approximate:
        parts.append("(approx.)")
    return " ".join(parts)


def print_story(console: Console, story: Story, articles: dict[str, Article]) -> None:
    """A story: title and entities, then each episode's articles grouped by outlet, copies marked."""
    console.print(line((story.title, "bold"), f"  {story.id}"))
    dates = f"{story.start} to {story.end}" if story.start else "undated"
    console.print(
        line(
            f"{len(story.articles)} articles, {len(story.episodes)} episodes, {dates}; "
            f"entities: {', '.join(story.entities) or 'none'}"
        )
    )
    copies = {link.article: link for link in story.copies}
    for episode in story.episodes:
        span = (
            f"{episode.start} to {episode.end}"
            if episode.start != episode.end
            else episode.start or "undated"
        )
        console.print(
            line("\n", (f"episode {episode.id}", "bold"), f"  {span}  ({len(episode.articles)} articles)")
        )
        by_outlet: dict[str, list[str]] = {}
        for article_id in episode.articles:
            article = articles.get(article_id)
            outlet = (article.outlet if article else None) or "(outlet unknown)"
            by_outlet.setdefault(outlet, []).append(article_id)
        for outlet in sorted(by_outlet):
            console.print(line("  ", (outlet, "bold")))
            for article_id in by_outlet[outlet]:
                article = articles.get(article_id)
                published = article.published if article else None
                inferred = " (inferred)" if article and article.published_from == "inferred" else ""
                title = (article.title or article.text[:70]) if article else ""
                shown_line = line(f"    {article_id[:8]}  {published or 'undated'}{inferred}  {title}")
                link = copies.get(article_id)
                if link is not None:
                    source = link.copy_of[:8] if link.copy_of else link.original_outlet or "another outlet"
                    share = f", {link.similarity:.0%} shared" if link.similarity is not None else ""
                    shown_line.append_text(line((f"  {link.kind} copy of {source}{share}", "dim")))
                console.print(shown_line)


def print_t17(console: Console, report: T17Report) -> None:
    """Per-timeline and mean AR1, AR2, Date-F1, beside the published rows."""
    table = Table(box=None, header_style="bold")
    for column in ("topic", "timeline", "articles", "AR1", "AR2", "Date-F1"):
        table.add_column(column, justify="left" if column in ("topic", "timeline") else "right")
    for result in report.timelines:
        table.add_row(
            shown(result.topic),
            shown(result.name),
            str(result.articles),
            f"{result.ar1:.3f}",
            f"{result.ar2:.3f}",
            f"{result.date_f1:.3f}",
        )
    table.add_row("", "", "", "", "", "")
    table.add_row("mean", "Storyline", "", *(f"{report.mean[k]:.3f}" for k in ("ar1", "ar2", "date_f1")))
    for name, scores in PUBLISHED_T17.items():
        table.add_row("", name, "", *(f"{v:.3f}" for v in scores))
    console.print(table)
    console.print(
        line(f"{report.seconds:.0f} s, peak memory {report.peak_memory_mb} MB, scored with {report.scorer}")
    )


# Published means on Timeline17 (AR1, AR2, Date-F1), as listed in ../shared/data/README.md.
PUBLISHED_T17 = {
    "DATEWISE (Ghalandari & Ifrim 2020)": (0.120, 0.035, 0.544),
    "MARTSCHAT2018": (0.105, 0.030, 0.544),
    "CLUST": (0.082, 0.020, 0.407),
    "LLM-TLS, Llama-2-13B": (0.118, 0.036, 0.528),
    "SUnSET, Qwen2.5-72B": (0.136, 0.044, 0.576),
}
