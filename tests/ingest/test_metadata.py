"""Metadata: each field from the best place that states it, and null where nothing does."""

from storyline.ingest import clean_documents
from storyline.ingest.metadata import brand_in_chrome, house_style_outlet, outlet_from_domain
from storyline.models import Article, Document


def _article(text: str, hints: dict | None = None, source: str = "page.txt") -> Article:
    document = Document(source, "text", text.encode(), text.split("\n"), hints=hints or {})
    (result,) = clean_documents([document])
    assert isinstance(result, Article)
    return result


BODY = (
    "Two bridges over the Sella river were closed on Monday after inspectors found corroded cables.\n\n"
    "The regional transport office said the closures would last at least a month, and ferries would run instead.\n\n"
    "The bridges were built in 1974 and last repaired in 2009, according to council records."
)


def test_a_year_in_the_body_is_never_a_publication_date():
    article = _article(BODY)
    assert (
        article.published is None and article.published_precision is None and article.published_from is None
    )


def test_container_metadata_beats_what_the_page_prints_and_provenance_says_so():
    text = "Bridges closed on the Sella\nMay 5, 2024\n\n" + BODY
    article = _article(
        text, hints={"published": ("2024-05-06", "front_matter"), "title": ("Bridges shut", "feed")}
    )
    assert (article.published, article.published_from, article.provenance["published"]) == (
        "2024-05-06",
        "metadata",
        "front_matter",
    )
    assert article.title == "Bridges shut" and article.provenance["title"] == "feed"


def test_dateline_gives_day_precision_and_month_only_lines_give_month():
    assert _article("Bridges closed on the Sella\nMay 5, 2024\n\n" + BODY).published == "2024-05-05"
    article = _article("Bridges closed on the Sella\nMay 2024\n\n" + BODY)
    assert (article.published, article.published_precision, article.published_from) == (
        "2024-05",
        "month",
        "dateline",
    )


def test_path_date_folder_is_used_when_nothing_else_dates_the_article():
    article = _article(BODY, hints={"published": ("2011-01-25", "path")})
    assert (article.published, article.published_from, article.provenance["published"]) == (
        "2011-01-25",
        "metadata",
        "path",
    )


def test_syndication_original_outlet_and_own_feed_note():
    text = BODY + "\n\nThe post Bridges closed appeared first on River Daily.\n\nAggro News © 2024"
    article = _article(text)
    assert (article.outlet, article.original_outlet) == ("Aggro News", "River Daily")
    # A site's own feed footer names the site itself: that is not syndication.
    own = _article(
        BODY + "\n\nThe post Bridges closed appeared first on River Daily.",
        hints={"outlet": ("River Daily", "feed")},
    )
    assert own.original_outlet is None


def test_authors_contributors_and_agencies():
    text = (
        "Bridges closed on the Sella\nBy Ana Petrov and Luis Marr\n\n"
        + BODY
        + "\n\nKim Osei contributed reporting.\n\nab/cd (AFP, dpa)"
    )
    article = _article(text)
    assert article.author == "Ana Petrov, Luis Marr"
    assert article.contributors == ["Kim Osei"]
    assert article.agencies == ["AFP", "dpa"]


def test_empty_author_in_front_matter_is_null():
    assert _article(BODY, hints={"author": ("", "front_matter")}).author is None


def test_outlet_from_domain_prefers_names_the_article_uses():
    assert outlet_from_domain("https://www.riverdaily.com/a/b") == "River Daily"
    assert outlet_from_domain("https://sellaobserver.example/x", "The Sella river rose.") == "Sella Observer"
    assert outlet_from_domain("http://127.0.0.1/x") is None


def test_brand_needs_three_chrome_lines_and_a_clear_lead():
    assert brand_in_chrome(["Skip to more RTX sites", "RTX's Top Story", "More stories from RTX"]) == "RTX"
    assert brand_in_chrome(["Home", "World", "Sport"]) is None


def test_house_style_needs_its_signatures():
    assert (
        house_style_outlet(["Source: News Agencies", "Crowds in the square [File: Jane Roe/AFP]"])
        == "Al Jazeera"
    )
    assert house_style_outlet(["Source: News Agencies"]) is None


def test_language_is_detected_from_the_clean_text():
    assert _article(BODY).language == "en"
    german = (
        "Zwei Brücken über die Sella wurden am Montag gesperrt, nachdem Prüfer verrostete Seile fanden.\n\n"
        "Das Verkehrsamt teilte mit, die Sperrung werde mindestens einen Monat dauern."
    )
    assert _article(german).language == "de"
