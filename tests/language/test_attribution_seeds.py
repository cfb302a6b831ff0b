"""Every quote in the seeds' gold comes out with the right speaker (named, with a role, or unnamed)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from storyline.ingest import ingest
from storyline.language.annotator import Annotator
from storyline.models import Attribution


@pytest.fixture
def seed_attributions(seeds_dir: Path, store) -> dict[str, list[Attribution]]:
    ingest([str(seeds_dir)], store)
    annotator = Annotator()
    return {
        Path(article.source).name[:3]: annotator.annotate(article).attributions
        for article in store.iter_articles()
    }


def _role_words(role: str) -> set[str]:
    words = role.replace("’s", "").replace("'s", "").lower().split()
    return set(words) - {"of", "the", "a", "an", "nato", "alliance"}


def test_every_gold_quote_has_its_speaker(seeds_dir: Path, seed_attributions) -> None:
    gold = yaml.safe_load((seeds_dir / "gold.yaml").read_text(encoding="utf-8"))
    checked = 0
    for quote in gold["quotes"]:
        speaker: str = quote["speaker"]
        for source in quote["sources"]:
            found = seed_attributions[source]
            if "(unnamed)" in speaker:
                # "NATO spokesman / official (unnamed)": an anonymous speaker of that body in that role
                body, *roles = speaker.replace("(unnamed)", "").replace("/", " ").split()
                matches = [
                    a
                    for a in found
                    if a.anonymous
                    and any(r in (a.role or "").lower() for r in roles)
                    and (body in f"{a.role} {a.affiliation}" or "alliance" in (a.role or ""))
                ]
            else:
                matches = [a for a in found if a.entity == speaker]
                if "role" in quote and matches:
                    # Outlets word a role differently ("NATO's top commander"): a shared word will do.
                    ours = set().union(*(_role_words(a.role) for a in matches if a.role))
                    assert _role_words(quote["role"]) & ours, (source, speaker, ours)
            assert matches, (
                f"seed {source}: no attribution to {speaker}: {[(a.speaker, a.entity, a.role) for a in found]}"
            )
            checked += 1
    assert checked == sum(len(q["sources"]) for q in gold["quotes"])
