"""Hostile and awkward inputs, each ingested beside good files, and what a careful tool does with them.

storyline evaluate hostile            # every case, each in its own `storyline ingest` process
"""

from storyline.evaluate.hostile.cases import CASES, GOOD_FILES, HostileCase, write_good_files
from storyline.evaluate.hostile.run import CaseResult, HostileReport, evaluate_hostile, run_case

__all__ = [
    "CASES",
    "GOOD_FILES",
    "CaseResult",
    "HostileCase",
    "HostileReport",
    "evaluate_hostile",
    "run_case",
    "write_good_files",
]
