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
    """No article has that id (or id prefix)."""


class NoSuchStory(StorylineError):
    """No story has that id (or id prefix)."""


class QueryTooLong(StorylineError):
    """A search asks for more different words than a search takes."""


class UnknownPipeline(StorylineError):
    """The --nlp option names a pipeline that cannot be loaded."""


class ScorerUnavailable(StorylineError):
    """The timeline scorer cannot run: tilse is not installed, or Perl ROUGE was required and cannot run."""


class OverBudget(StorylineError):
    """A piece of work ran past its time budget (storyline.language.budget)."""
