"""URLs as inputs state them: anything a page or a feed wrote, so malformed ones are expected."""

from __future__ import annotations

from urllib.parse import urlsplit

__all__ = ["host_of"]


def host_of(url: str) -> str | None:
    """The host name of `url` in lower case; None when it has none or is malformed ("https://[x/").

    >>> host_of("https://www.Gazette.example/a"), host_of("https://[gazette/")
    ('www.gazette.example', None)
    """
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None
