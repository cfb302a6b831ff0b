"""Score a predicted timeline against a gold one the way published Timeline17 results are scored.

Three figures, each as precision, recall and F1, computed as the news-tls evaluation of Ghalandari
& Ifrim (2020) computes them with the `tilse` package (Martschat & Markert 2017):

- AR1 and AR2: alignment-based ROUGE-1 and ROUGE-2 ("align+ m:1"). Each predicted date is matched to
  the gold date nearest to it in time and content (and, for recall, each gold date to a predicted
  one); the n-gram overlap of a matched pair counts 1/(days apart + 1).
- Date: the set of predicted dates against the set of gold dates.

Over several timelines, `mean_scores` averages precision and recall and takes F1 of the averages.

The n-grams are counted by the Perl ROUGE-1.5.5 that ships inside tilse's wheel (lower-cased, words
of more than three letters Porter-stemmed, SMART stop words and punctuation left out) when Perl and
its XML::Parser module run here, and otherwise by tilse's pure-Python reimplementation, which gives
close but not identical figures. Every result names the one used.

Sentences are compared as tilse compares them: split on whitespace. The alignment's content cost is
case-sensitive and keeps punctuation stuck to words, so text tokenised like the gold timelines
(`Cairo ,` rather than `Cairo,`) aligns as it did in the published runs.

tilse is optional: `pip install --no-deps tilse==0.2.1` plus nltk, scipy and numpy
(`./scripts/setup t17` does both).
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
import logging
import re
import shutil
import subprocess
import tempfile
import textwrap
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from statistics import fmean
from typing import Any, Literal
from xml.sax.saxutils import escape

from storyline.errors import ScorerUnavailable

__all__ = [
    "PERL_ROUGE",
    "REIMPLEMENTED_ROUGE",
    "DatedSentences",
    "PrecisionRecall",
    "RougeChoice",
    "ScorerUnavailable",
    "TimelineScores",
    "mean_scores",
    "score_timeline",
    "scorer_name",
]

PERL_ROUGE = "rouge-1.5.5 (perl)"
REIMPLEMENTED_ROUGE = "tilse reimplementation"
INSTALL_HINT = "pip install --no-deps tilse==0.2.1 && pip install nltk scipy numpy (or ./scripts/setup t17)"
PERL_HINT = "Perl ROUGE-1.5.5 needs perl and XML::Parser (Debian: apt-get install libxml-parser-perl)"

RougeChoice = Literal["auto", "perl", "reimplementation"]
DatedSentences = Mapping[dt.date, Sequence[str]]  # a timeline: sentences (whitespace-tokenised) by day

_MEASURES = ["rouge_1", "rouge_2"]
_PER_EVALUATION_COUNTS = re.compile(
    r"^\S+ ROUGE-(?P<n>[12]) Eval (?P<number>\d+)(?:\.\d+)? R:(?P<m>\d+) P:(?P<p>\d+) F:(?P<h>\d+)\s*$",
    re.MULTILINE,
)

log = logging.getLogger(__name__)


@dataclass(slots=True, frozen=True)
class PrecisionRecall:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


@dataclass(slots=True, frozen=True)
class TimelineScores:
    ar1: PrecisionRecall
    ar2: PrecisionRecall
    date: PrecisionRecall
    rouge: str  # PERL_ROUGE or REIMPLEMENTED_ROUGE: what counted the n-grams of ar1 and ar2


def score_timeline(
    predicted: DatedSentences, reference: DatedSentences, *, rouge: RougeChoice = "auto"
) -> TimelineScores:
    """AR1, AR2 and Date precision/recall/F1 of one predicted timeline against one gold timeline.

    `rouge="auto"` uses Perl ROUGE-1.5.5 when it runs here and tilse's reimplementation otherwise;
    "perl" raises `ScorerUnavailable` instead of falling back. An empty prediction scores 0 on all.

    >>> gold = {dt.date(2011, 2, 11): ["Mubarak resigns as president ."]}
    >>> scores = score_timeline({dt.date(2011, 2, 12): ["Mubarak resigns ."]}, gold)
    >>> round(scores.ar1.recall, 3), scores.date.f1, scores.rouge
    (0.333, 0.0, 'rouge-1.5.5 (perl)')
    """
    _check_timeline(predicted, "predicted")
    _check_timeline(reference, "reference")
    if not reference:
        raise ValueError("the reference timeline has no dates: there is nothing to score against")
    rouge_used = scorer_name(rouge)
    if not predicted:
        # tilse cannot align an empty timeline (and news-tls divides by its zero dates).
        nothing = PrecisionRecall(0.0, 0.0)
        return TimelineScores(ar1=nothing, ar2=nothing, date=nothing, rouge=rouge_used)

    tilse_rouge, tilse_timelines = _import_tilse()
    predicted_timeline = tilse_timelines.Timeline({day: list(s) for day, s in predicted.items()})
    gold = tilse_timelines.GroundTruth(
        [tilse_timelines.Timeline({day: list(s) for day, s in reference.items()})]
    )
    if rouge_used == PERL_ROUGE:
        by_measure = _align_with_one_perl_run(tilse_rouge, predicted_timeline, gold)
    else:
        evaluator = tilse_rouge.TimelineRougeEvaluator(measures=_MEASURES, rouge_computation="reimpl")
        by_measure = evaluator.evaluate_align_date_content_costs_many_to_one(predicted_timeline, gold)

    shared_dates = len(predicted.keys() & reference.keys())
    return TimelineScores(
        ar1=_precision_recall(by_measure["rouge_1"]),
        ar2=_precision_recall(by_measure["rouge_2"]),
        date=PrecisionRecall(shared_dates / len(predicted), shared_dates / len(reference)),
        rouge=rouge_used,
    )


def mean_scores(scores: Sequence[TimelineScores]) -> TimelineScores:
    """Average over timelines as news-tls does: mean precision, mean recall, F1 of those two means.

    >>> one = TimelineScores(*[PrecisionRecall(1.0, 0.5)] * 3, rouge=PERL_ROUGE)
    >>> other = TimelineScores(*[PrecisionRecall(0.0, 0.5)] * 3, rouge=PERL_ROUGE)
    >>> mean_scores([one, other]).ar1.f1
    0.5
    """
    if not scores:
        raise ValueError("no timeline scores to average")
    counted_by = {score.rouge for score in scores}
    if len(counted_by) > 1:
        raise ValueError(
            f"the scores were counted by different ROUGEs ({sorted(counted_by)}); rescore with one"
        )

    def averaged(figure: Callable[[TimelineScores], PrecisionRecall]) -> PrecisionRecall:
        return PrecisionRecall(
            precision=fmean(figure(score).precision for score in scores),
            recall=fmean(figure(score).recall for score in scores),
        )

    return TimelineScores(
        ar1=averaged(attrgetter("ar1")),
        ar2=averaged(attrgetter("ar2")),
        date=averaged(attrgetter("date")),
        rouge=counted_by.pop(),
    )


def scorer_name(rouge: RougeChoice = "auto") -> str:
    """Which ROUGE `score_timeline(..., rouge=rouge)` would use here: PERL_ROUGE or REIMPLEMENTED_ROUGE."""
    if rouge not in ("auto", "perl", "reimplementation"):
        raise ValueError(f"rouge={rouge!r}: expected 'auto', 'perl' or 'reimplementation'")
    _import_tilse()
    if rouge == "reimplementation":
        return REIMPLEMENTED_ROUGE
    problem = _perl_rouge_problem()
    if problem is None:
        return PERL_ROUGE
    if rouge == "perl":
        raise ScorerUnavailable(f"Perl ROUGE-1.5.5 cannot run here: {problem.rstrip('.')}. {PERL_HINT}")
    return REIMPLEMENTED_ROUGE


def _check_timeline(timeline: DatedSentences, role: str) -> None:
    for day, sentences in timeline.items():
        # A datetime is a date to Python, but never equal to one: Date-F1 would silently be 0.
        if isinstance(day, dt.datetime) or not isinstance(day, dt.date):
            raise TypeError(f"{role} timeline: key {day!r} is not a datetime.date")
        if isinstance(sentences, str):
            raise TypeError(f"{role} timeline: {day} maps to a string; give a list of sentences")


def _precision_recall(tilse_scores: Mapping[str, float]) -> PrecisionRecall:
    return PrecisionRecall(float(tilse_scores["precision"]), float(tilse_scores["recall"]))


def _import_tilse() -> tuple[Any, Any]:
    try:
        return (
            importlib.import_module("tilse.evaluation.rouge"),
            importlib.import_module("tilse.data.timelines"),
        )
    except ImportError as error:
        raise ScorerUnavailable(
            f"timeline scores need the tilse package, which cannot be imported ({error}). Install: {INSTALL_HINT}"
        ) from error


# tilse runs Perl ROUGE once for every date it scores, two processes a date at about 0.12 s each.
# The alignment does not depend on those counts (its costs come from tilse's own ROUGE-1
# approximation), so a first pass records which summaries tilse asks about, a single Perl run counts
# them all, and a second pass replays tilse's own arithmetic on those counts. This is exactly what
# `evaluate_align_date_content_costs_many_to_one` does, with the costs computed once for both passes.
def _align_with_one_perl_run(tilse_rouge: Any, predicted_timeline: Any, gold: Any) -> Any:
    evaluator_class = tilse_rouge.TimelineRougeEvaluator
    evaluator = evaluator_class(measures=_MEASURES, rouge_computation="reimpl")
    content_costs = _remember_results(evaluator_class._get_date_content_costs)
    recorder = _RecordingRouge()
    evaluator.rouge = recorder
    evaluator._evaluate_per_day_mapping_micro(
        predicted_timeline, gold, content_costs, evaluator_class._assign_to_min_cost
    )
    evaluator.rouge = _AnsweringRouge(_count_with_perl(recorder.requests))
    return evaluator._evaluate_per_day_mapping_micro(
        predicted_timeline, gold, content_costs, evaluator_class._assign_to_min_cost
    )


def _remember_results(compute_costs: Callable[..., Any]) -> Callable[..., Any]:
    remembered: dict[int, Any] = {}

    def costs(*args: Any, axis: int = 0) -> Any:
        if axis not in remembered:
            remembered[axis] = compute_costs(*args, axis=axis)
        return remembered[axis]

    return costs


# A summary as tilse hands it to ROUGE: sentences as lists of tokens; references by name.
Summary = list[list[str]]
RougeRequest = tuple[Summary, dict[str, Summary]]


def _request_key(summary: Summary, references: dict[str, Summary]) -> Hashable:
    return (
        tuple(tuple(sentence) for sentence in summary),
        tuple((name, tuple(tuple(sentence) for sentence in ref)) for name, ref in sorted(references.items())),
    )


class _RecordingRouge:
    """Stands in for tilse's ROUGE on the first pass: notes each request and answers zero counts."""

    def __init__(self) -> None:
        self.requests: dict[Hashable, RougeRequest] = {}

    def score_summary(self, summary: Summary, references: dict[str, Summary]) -> dict[str, int]:
        self.requests.setdefault(_request_key(summary, references), (summary, references))
        return {
            f"{measure}_{count}": 0 for measure in _MEASURES for count in ("h_count", "p_count", "m_count")
        }


class _AnsweringRouge:
    """Stands in for tilse's ROUGE on the second pass, answering from the counts of the Perl run."""

    def __init__(self, counts: dict[Hashable, dict[str, int]]) -> None:
        self.counts = counts

    def score_summary(self, summary: Summary, references: dict[str, Summary]) -> dict[str, int]:
        return self.counts[_request_key(summary, references)]


@functools.cache
def _perl_rouge_problem() -> str | None:
    """None when Perl ROUGE-1.5.5 runs here, else why not; tried once per process."""
    try:
        _count_with_perl({"trial": ([["storms", "hit", "the", "coast"]], {"0": [["a", "storm", "hits"]]})})
    except ScorerUnavailable as error:
        log.warning("timeline scores fall back to tilse's ROUGE reimplementation: %s", error)
        return str(error)
    return None


def _count_with_perl(requests: Mapping[Hashable, RougeRequest]) -> dict[Hashable, dict[str, int]]:
    """ROUGE-1 and ROUGE-2 counts for every request, in one run of the Perl script.

    Each request is one evaluation of the settings file; the script's per-evaluation lines (-d) give
    the same model, peer and hit counts that tilse's one-request runs read from its totals.
    """
    perl = shutil.which("perl")
    if perl is None:
        raise ScorerUnavailable("perl is not on PATH")
    rouge_base = importlib.import_module("pyrouge.base")
    see_page: Callable[[str, Summary], str] = importlib.import_module("pyrouge.rouge").rouge_summary_content
    rouge_home = Path(rouge_base.ROUGE_EVAL_HOME)
    keys = list(requests)

    with tempfile.TemporaryDirectory(prefix="storyline-rouge-") as folder:
        peers, models = Path(folder, "peers"), Path(folder, "models")
        peers.mkdir()
        models.mkdir()
        evaluations = []
        for number, key in enumerate(keys):
            summary, references = requests[key]
            # tilse's own page writer, so the text reaches the script exactly as tilse sends it.
            (peers / f"{number}.html").write_text(see_page(str(number), summary), encoding="utf-8")
            model_entries = []
            for index, (name, sentences) in enumerate(sorted(references.items())):
                (models / f"{number}-{index}.html").write_text(see_page(name, sentences), encoding="utf-8")
                model_entries.append(f'<M ID="{chr(65 + index)}">{number}-{index}.html</M>')
            evaluations.append(
                f'<EVAL ID="{number}"><PEER-ROOT>{escape(str(peers))}</PEER-ROOT>'
                f"<MODEL-ROOT>{escape(str(models))}</MODEL-ROOT>"
                f'<INPUT-FORMAT TYPE="SEE"></INPUT-FORMAT><PEERS><P ID="0">{number}.html</P></PEERS>'
                f"<MODELS>{''.join(model_entries)}</MODELS></EVAL>"
            )
        settings = Path(folder, "settings.xml")
        settings.write_text(
            f'<ROUGE_EVAL version="1.55">{"".join(evaluations)}</ROUGE_EVAL>', encoding="utf-8"
        )
        # tilse's options: up to bigrams (-n 2), no ROUGE-L (-x), Porter stemming (-m), stop words
        # removed (-s), raw counts (-t 2); then every peer (-a) and one line per evaluation (-d).
        command = [perl, str(rouge_home / "ROUGE-1.5.5.pl"), "-e", str(rouge_home / "data")]
        command += ["-a", "-n", "2", "-x", "-f", "A", "-m", "-s", "-t", "2", "-d", str(settings)]
        try:
            run = subprocess.run(command, capture_output=True, text=True, check=False)
        except OSError as error:
            raise ScorerUnavailable(f"perl could not be started ({error})") from error
    if run.returncode != 0:
        # Perl's first line names the cause (a missing module lists all of @INC after it).
        first_line = next(iter(run.stderr.strip().splitlines()), f"exit status {run.returncode}")
        raise ScorerUnavailable(f"ROUGE-1.5.5.pl failed: {textwrap.shorten(first_line, 160)}")

    counts: dict[int, dict[str, int]] = {number: {} for number in range(len(keys))}
    for line in _PER_EVALUATION_COUNTS.finditer(run.stdout):
        found = counts.get(int(line["number"]))
        if found is not None:
            measure = f"rouge_{line['n']}"
            found.update({f"{measure}_m_count": int(line["m"]), f"{measure}_p_count": int(line["p"])})
            found[f"{measure}_h_count"] = int(line["h"])
    incomplete = [number for number, found in counts.items() if len(found) != 6]
    if incomplete:
        raise ScorerUnavailable(
            f"ROUGE-1.5.5.pl printed no counts for {len(incomplete)} of {len(keys)} summaries"
        )
    return {key: counts[number] for number, key in enumerate(keys)}
