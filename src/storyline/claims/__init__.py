"""Claims: what a story's reports assert (figures first), grouped across outlets, with verdicts."""

from storyline.claims.build import claims_of_story

__all__ = ["claims_of_story"]
