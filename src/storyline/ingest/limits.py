"""How much of an input Storyline reads, and how long it waits for one: defined once, used by the
readers, the fetcher, the CLI's defaults and the API."""

from __future__ import annotations

__all__ = ["EXPANSION_FACTOR", "FETCH_SECONDS", "MAX_ARCHIVE_DEPTH", "MAX_INPUT_BYTES"]

# The largest input (a file, a URL's body, an archive member), in bytes: `--max-size` in MB.
MAX_INPUT_BYTES = 20_000_000
# Seconds to wait for a URL: `--timeout`.
FETCH_SECONDS = 20.0
# An archive inside an archive inside ... is unpacked this deep, and no deeper.
MAX_ARCHIVE_DEPTH = 4
# An archive's members may expand to this many times the size cap in all.
EXPANSION_FACTOR = 5
