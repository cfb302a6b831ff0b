"""Every error Storyline raises on purpose, in one hierarchy, named after its cause."""


class StorylineError(Exception):
    """Base class: the CLI turns these into a one-line message instead of a traceback."""


class UnreadableInput(StorylineError):
    """An input could not be read or parsed; the message names the reason."""


class UnsupportedFormat(UnreadableInput):
    """The input's content is not one of the formats the readers understand."""


class InputTooLarge(UnreadableInput):
    """The input is larger than the configured size cap."""


class FetchRefused(UnreadableInput):
    """A URL was not fetched: a private address, a bad scheme, a timeout or an HTTP error."""


class StoreError(StorylineError):
    """The store URL is wrong or the database cannot be opened."""


class NoSuchStore(StoreError):
    """A command that only reads (or works on what is stored) was given a store that is not there."""


class UnwritableOutput(StorylineError):
    """An output file or folder could not be written: the message names it and the reason."""


class StoreBusy(StoreError):
    """Another process kept the store locked for longer than a writer waits."""


class NoSuchArticle(StorylineError):
    """No article has that id (or id prefix), or the prefix fits more than one (`ambiguous`)."""

    def __init__(self, article_id: str, *, ambiguous: bool = False) -> None:
        self.article_id = article_id
        self.ambiguous = ambiguous
        super().__init__(
            f"id prefix {_quoted(article_id)} matches more than one article"
            if ambiguous
            else f"no article with id {_quoted(article_id)}"
        )


class NoSuchStory(StorylineError):
    """No story has that id (or id prefix), or the prefix fits more than one (`ambiguous`)."""

    def __init__(self, story_id: str, *, ambiguous: bool = False) -> None:
        self.story_id = story_id
        self.ambiguous = ambiguous
        super().__init__(
            f"id prefix {_quoted(story_id)} matches more than one story"
            if ambiguous
            else f"no story with id {_quoted(story_id)}"
        )


def _quoted(value: str) -> str:
    # An id in a message: quoted, with a huge one cut short.
    return repr(value if len(value) <= 80 else value[:77] + "...")


class QueryTooLong(StorylineError):
    """A search asks for more different words than a search takes."""


class UnknownPipeline(StorylineError):
    """The --nlp option names a pipeline that cannot be loaded."""


class ScorerUnavailable(StorylineError):
    """The timeline scorer cannot run: tilse is not installed, or Perl ROUGE was required and cannot run."""


class OverBudget(StorylineError):
    """A piece of work ran past its time budget (storyline.language.budget)."""
