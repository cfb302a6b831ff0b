"""The hostile corpus: each case writes one awkward input, built in seconds at run time.

A case says what a careful tool does with its input: store it as an article, quarantine it with a
reason that names the trouble, or either of the two. Whatever it is, the four good files ingested
beside it are stored, nothing crashes, nothing hangs and nothing reaches the terminal raw.
All texts are fictional and written for these cases.
"""

from __future__ import annotations

from storyline.evaluate.hostile.archives import FILE_CASES, WARC_CASES
from storyline.evaluate.hostile.corpus import GOOD_FILES, HostileCase, prose, write_good_files
from storyline.evaluate.hostile.records import RECORD_CASES
from storyline.evaluate.hostile.texts import TEXT_CASES

__all__ = ["CASES", "GOOD_FILES", "HostileCase", "prose", "write_good_files"]

CASES: list[HostileCase] = [*WARC_CASES, *RECORD_CASES, *FILE_CASES, *TEXT_CASES]
