"""Episodes at quiet spells, and publication dates inferred from an episode."""

from __future__ import annotations

from datetime import date

from storyline.language.timex import tag_times
from storyline.stories.episodes import EpisodeMember, split_episodes
from storyline.stories.inferred_dates import infer_publication_date


def d(iso: str) -> int:
    return date.fromisoformat(iso).toordinal()


def test_a_daily_story_is_not_split_by_a_weekend_but_is_by_a_month_of_silence() -> None:
    days = ["2024-03-01", "2024-03-02", "2024-03-04", "2024-03-05", "2024-03-08", "2024-04-20", "2024-04-21"]
    members = [EpisodeMember(f"a{i}", d(x), {}) for i, x in enumerate(days)]
    episodes = split_episodes("s", members)
    assert [e.articles for e in episodes] == [["a0", "a1", "a2", "a3", "a4"], ["a5", "a6"]]
    assert (episodes[1].id, episodes[1].start, episodes[1].end) == ("s/2", "2024-04-20", "2024-04-21")


def test_the_quiet_spell_scales_with_the_story() -> None:
    # Reported about monthly: a six-week gap is business as usual, not a new episode.
    monthly = ["2024-01-05", "2024-02-03", "2024-03-04", "2024-04-15", "2024-05-14"]
    assert len(split_episodes("m", [EpisodeMember(str(i), d(x), {}) for i, x in enumerate(monthly)])) == 1


def _daily_reports(start: str, words: list[dict[str, float]]) -> list[EpisodeMember]:
    first = d(start)
    return [EpisodeMember(f"r{i:02}", first + i, terms) for i, terms in enumerate(words)]


def test_a_busy_run_splits_where_the_reporting_turns_to_something_else() -> None:
    # Thirty days without a quiet spell: a fortnight on an uprising, then on a neighbour's war,
    # each report wording it a little differently.
    uprising = [{"@cairo": 0.7, "protest": 0.6, f"detail{i}": 0.4} for i in range(15)]
    war = [{"@tripoli": 0.7, "rebel": 0.6, f"detail{i}": 0.4} for i in range(15, 30)]
    episodes = split_episodes("s", _daily_reports("2011-01-25", uprising + war))
    assert [len(e.articles) for e in episodes] == [15, 15]
    assert episodes[1].start == "2011-02-09"


def test_a_story_that_keeps_its_subject_stays_one_episode() -> None:
    # The same thirty days with each report's own details, but one subject throughout.
    reports = [{"@cairo": 0.7, "protest": 0.6, f"detail{i}": 0.4, f"name{i % 4}": 0.3} for i in range(30)]
    assert len(split_episodes("s", _daily_reports("2011-01-25", reports))) == 1


def test_undated_reports_join_the_episode_they_resemble() -> None:
    members = [
        EpisodeMember("old", d("2020-01-07"), {"suspend": 1.0}),
        EpisodeMember("new", d("2026-03-20"), {"relocate": 1.0}),
        EpisodeMember("undated", None, {"relocate": 0.8, "europe": 0.6}),
    ]
    episodes = split_episodes("s", members)
    assert [e.articles for e in episodes] == [["old"], ["new", "undated"]]


def test_a_date_is_inferred_where_the_weekdays_agree_with_the_episode() -> None:
    times = tag_times("A NATO official said on Tuesday the mission was paused after Friday's strike.")
    known = {date(2020, 1, 3), date(2020, 1, 7)}
    inferred = infer_publication_date(times, known, date(2020, 1, 3), date(2020, 1, 7))
    assert inferred is not None and inferred.day == date(2020, 1, 7) and inferred.agreeing == 2
    assert "'Friday' = 2020-01-03" in inferred.evidence


def test_no_agreement_no_date() -> None:
    times = tag_times("The minister spoke on Wednesday.")
    assert infer_publication_date(times, {date(2020, 1, 3)}, date(2020, 1, 3), date(2020, 1, 3)) is None
    assert (
        infer_publication_date(
            tag_times("No dates here."), {date(2020, 1, 3)}, date(2020, 1, 3), date(2020, 1, 3)
        )
        is None
    )
