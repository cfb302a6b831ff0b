"""Terminal views of stored records, for the CLI: an article's sentences with annotations marked."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.text import Text

from storyline.models import Annotations, Article, Quantity

__all__ = ["print_annotations"]

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
        f"[bold]{escape(article.title or '(no title)')}[/bold]  {article.id}  published "
        f"{article.published or 'unknown'}  anchor {annotations.anchor or 'none'}  ({annotations.annotator})",
        highlight=False,
        emoji=False,
    )
    legend = "  ".join(f"[{style}]{name}[/{style}]" for name, style in STYLES.items())
    console.print(legend)
    for number, sentence in enumerate(annotations.sentences, start=1):
        start, end = sentence.start, sentence.end
        line = Text(text[start:end])

        def inside(span_start: int, span_end: int) -> bool:
            return span_start < end and span_end > start  # noqa: B023 - used within this iteration

        def mark(span_start: int, span_end: int, style: str) -> None:
            line.stylize(style, max(span_start, start) - start, min(span_end, end) - start)  # noqa: B023

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
        console.print(Text(f"{number:>3} ", style="dim") + line)
        for note in notes:
            console.print(f"      [dim]{escape(note)}[/dim]", highlight=False, emoji=False)


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
