"""Timeline scores worked out by hand, the one-run Perl counting checked against tilse's own, and the fallback."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import pytest

from storyline.evaluate import timeline_scores
from storyline.evaluate.timeline_scores import (
    PERL_ROUGE,
    REIMPLEMENTED_ROUGE,
    PrecisionRecall,
    RougeChoice,
    ScorerUnavailable,
    TimelineScores,
    mean_scores,
    score_timeline,
    scorer_name,
)

# Words that are neither SMART stop words nor changed differently by the two stemmers, so both
# ROUGEs count 4 content words on the first day and 3 on the second.
GOLD = {
    date(2010, 4, 20): ["Storm floods coastal town ."],
    date(2010, 5, 10): ["Parliament approves budget ."],
}


@pytest.fixture
def tilse_installed() -> None:
    pytest.importorskip(
        "tilse.evaluation.rouge",
        reason="tilse (with nltk and scipy) is not importable: ./scripts/setup t17, or pip install --no-deps tilse==0.2.1 nltk scipy",
    )


@pytest.fixture(params=["reimplementation", "perl"])
def rouge(request: pytest.FixtureRequest, tilse_installed: None) -> RougeChoice:
    """Each ROUGE in turn; Perl's is skipped where it does not run."""
    if request.param == "perl" and scorer_name() != PERL_ROUGE:
        pytest.skip("Perl ROUGE-1.5.5 does not run here (needs perl and libxml-parser-perl)")
    return request.param


@pytest.fixture
def perl_rouge(tilse_installed: None) -> None:
    if scorer_name() != PERL_ROUGE:
        pytest.skip("Perl ROUGE-1.5.5 does not run here (needs perl and libxml-parser-perl)")


@pytest.fixture
def forget_perl_trial() -> Iterator[None]:
    timeline_scores._perl_rouge_problem.cache_clear()
    yield
    timeline_scores._perl_rouge_problem.cache_clear()


def test_identical_timeline_scores_one_everywhere(rouge: RougeChoice) -> None:
    scores = score_timeline(GOLD, GOLD, rouge=rouge)
    for figure in (scores.ar1, scores.ar2, scores.date):
        assert (figure.precision, figure.recall, figure.f1) == (1.0, 1.0, 1.0)
    assert scores.rouge == (PERL_ROUGE if rouge == "perl" else REIMPLEMENTED_ROUGE)


def test_shifted_dates_keep_part_of_the_rouge_and_none_of_the_dates(rouge: RougeChoice) -> None:
    # Same text, the first day one day late (weight 1/2), the second two days early (weight 1/3).
    shifted = {
        date(2010, 4, 21): GOLD[date(2010, 4, 20)],
        date(2010, 5, 8): GOLD[date(2010, 5, 10)],
    }
    scores = score_timeline(shifted, GOLD, rouge=rouge)

    assert scores.date == PrecisionRecall(0.0, 0.0)
    # Unigrams: (4 * 1/2 + 3 * 1/3) / (4 + 3) = 3/7; bigrams: (3 * 1/2 + 2 * 1/3) / (3 + 2) = 13/30.
    assert scores.ar1.precision == pytest.approx(3 / 7)
    assert scores.ar1.recall == pytest.approx(3 / 7)
    assert scores.ar1.f1 == pytest.approx(3 / 7)
    assert scores.ar2.f1 == pytest.approx(13 / 30)


def test_partial_timeline_scores_dates_by_set_overlap(tilse_installed: None) -> None:
    # One date right (and its text), one extra date with text found nowhere in the gold.
    predicted = {
        date(2010, 4, 20): GOLD[date(2010, 4, 20)],
        date(2010, 6, 1): ["Volcano erupts ."],
    }
    scores = score_timeline(predicted, GOLD, rouge="reimplementation")

    assert scores.date == PrecisionRecall(precision=1 / 2, recall=1 / 2)
    # Precision: 4 of the 4 + 2 predicted words match; recall: 4 of the 4 + 3 gold words.
    assert scores.ar1.precision == pytest.approx(4 / 6)
    assert scores.ar1.recall == pytest.approx(4 / 7)


def test_empty_prediction_scores_zero(tilse_installed: None) -> None:
    scores = score_timeline({}, GOLD)
    assert scores.ar1 == scores.ar2 == scores.date == PrecisionRecall(0.0, 0.0)
    assert scores.date.f1 == 0.0
    assert scores.rouge == scorer_name()


def test_bad_timelines_are_refused(tilse_installed: None) -> None:
    with pytest.raises(ValueError, match="reference timeline has no dates"):
        score_timeline(GOLD, {})
    with pytest.raises(TypeError, match="not a datetime.date"):
        score_timeline({datetime(2010, 4, 20): ["Storm ."]}, GOLD)
    with pytest.raises(TypeError, match="give a list of sentences"):
        score_timeline({date(2010, 4, 20): "Storm floods coastal town ."}, GOLD)  # type: ignore[dict-item]
    with pytest.raises(ValueError, match="expected 'auto'"):
        scorer_name("fast")  # type: ignore[arg-type]


def test_one_perl_run_gives_exactly_what_tilse_gives(perl_rouge: None) -> None:
    from tilse.data.timelines import GroundTruth, Timeline
    from tilse.evaluation.rouge import TimelineRougeEvaluator

    gold = {
        date(2011, 1, 25): [
            "Thousands of protesters fill Tahrir Square in Cairo , demanding an end to emergency rule .",
            "Police fire tear gas and water cannon .",
        ],
        date(2011, 1, 28): [
            "The army is deployed in Cairo after a `` Day of Rage '' ; a curfew is imposed ."
        ],
        date(2011, 2, 11): ["Mubarak resigns and hands power to the army ."],
    }
    predicted = {
        date(2011, 1, 25): ["Protesters in Cairo demand the end of emergency rule and clash with police ."],
        date(2011, 1, 29): ["A curfew is imposed as the army is deployed in Cairo ."],
        date(2011, 2, 1): ["Mubarak says he will not run again ; Al-Jazeera 's office is closed ."],
        date(2011, 2, 10): ["Mubarak hands powers to his vice-president but does not resign ."],
    }
    ours = score_timeline(predicted, gold, rouge="perl")
    tilse_own = TimelineRougeEvaluator(
        measures=["rouge_1", "rouge_2"]
    ).evaluate_align_date_content_costs_many_to_one(Timeline(predicted), GroundTruth([Timeline(gold)]))

    assert 0 < ours.ar1.f1 < 1
    for figure, measure in ((ours.ar1, "rouge_1"), (ours.ar2, "rouge_2")):
        assert figure.precision == tilse_own[measure]["precision"]
        assert figure.recall == tilse_own[measure]["recall"]
        assert figure.f1 == pytest.approx(tilse_own[measure]["f_score"])


def test_without_perl_auto_falls_back_and_perl_is_refused(
    tilse_installed: None, forget_perl_trial: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")

    assert scorer_name() == REIMPLEMENTED_ROUGE
    assert score_timeline(GOLD, GOLD).rouge == REIMPLEMENTED_ROUGE
    with pytest.raises(ScorerUnavailable, match="perl is not on PATH"):
        score_timeline(GOLD, GOLD, rouge="perl")


def test_missing_tilse_is_reported_with_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_tilse(name: str) -> object:
        raise ImportError(f"No module named {name!r}")

    monkeypatch.setattr(timeline_scores.importlib, "import_module", no_tilse)
    with pytest.raises(ScorerUnavailable, match=r"pip install --no-deps tilse==0\.2\.1"):
        score_timeline(GOLD, GOLD)


def test_mean_is_f1_of_averaged_precision_and_recall() -> None:
    first = TimelineScores(
        ar1=PrecisionRecall(1.0, 0.5),
        ar2=PrecisionRecall(0.5, 0.25),
        date=PrecisionRecall(0.8, 0.4),
        rouge=PERL_ROUGE,
    )
    second = TimelineScores(
        ar1=PrecisionRecall(0.0, 0.5),
        ar2=PrecisionRecall(0.1, 0.05),
        date=PrecisionRecall(0.2, 0.6),
        rouge=PERL_ROUGE,
    )
    mean = mean_scores([first, second])

    # AR1: P = (1 + 0) / 2 = 0.5, R = 0.5, F1 = 0.5 (the mean of the two F1s would be 1/3).
    assert mean.ar1 == PrecisionRecall(0.5, 0.5)
    assert mean.ar1.f1 == pytest.approx(0.5)
    # AR2: P = 0.3, R = 0.15, F1 = 2 * 0.3 * 0.15 / 0.45 = 0.2.
    assert mean.ar2.precision == pytest.approx(0.3)
    assert mean.ar2.recall == pytest.approx(0.15)
    assert mean.ar2.f1 == pytest.approx(0.2)
    # Date: P = 0.5, R = 0.5, F1 = 0.5.
    assert mean.date.f1 == pytest.approx(0.5)
    assert mean.rouge == PERL_ROUGE


def test_mean_refuses_nothing_and_mixed_rouges() -> None:
    perl = TimelineScores(*[PrecisionRecall(0.5, 0.5)] * 3, rouge=PERL_ROUGE)
    reimplemented = TimelineScores(*[PrecisionRecall(0.5, 0.5)] * 3, rouge=REIMPLEMENTED_ROUGE)
    with pytest.raises(ValueError, match="no timeline scores"):
        mean_scores([])
    with pytest.raises(ValueError, match="different ROUGEs"):
        mean_scores([perl, reimplemented])
