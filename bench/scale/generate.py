"""Synthetic news for the scale benchmark: N articles of fictional stories as JSON Lines.

    .venv/bin/python bench/scale/generate.py 100000 /tmp/scale/100k [--seed 7]

Stories come and go over two years, each with its own place, people, organisation and kind of
event, reported by a few to many of 300 outlets for days to months; every article is written from
the story's facts in varied sentences with dates ("on Tuesday", "on 12 March"), figures that move
as the story goes on, quotes and attributions. About one article in twelve is a wire re-run or a
copy of an earlier report of the same story by another outlet. The articles come out in
publication order, 1,000 to a file, so that a run can ingest them as a feed would arrive.

All names are made up from syllables: nothing refers to real people or places.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

PER_FILE = 1000
SPAN_DAYS = 730
FIRST_DAY = date(2024, 1, 1)
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]  # fmt: skip

SYLLABLES = ["ka", "lo", "mir", "ven", "dra", "tes", "or", "bal", "nu", "sen", "the", "ri", "gan", "pol",
             "ush", "mar", "el", "dov", "in", "ta", "quor", "bel", "sa", "fen", "iv", "rok", "al", "zem"]  # fmt: skip
ROLES = ["mayor", "minister of transport", "police spokesperson", "union leader", "chief engineer",
         "regional governor", "health director", "company spokesperson", "fire chief", "central bank governor"]  # fmt: skip
EVENTS = {
    "flood": ("floods", "homes were flooded", "residents", "evacuated", "the river"),
    "strike": ("a strike", "workers walked out", "workers", "on strike", "the port"),
    "fire": ("a factory fire", "the fire spread", "firefighters", "deployed", "the industrial zone"),
    "election": ("the election", "votes were counted", "voters", "registered", "the capital"),
    "bridge": ("a bridge collapse", "the bridge gave way", "people", "injured", "the highway"),
    "outbreak": ("an outbreak of fever", "cases were confirmed", "patients", "treated", "the hospital"),
    "talks": ("trade talks", "negotiators met", "delegates", "attending", "the summit"),
    "quake": ("an earthquake", "buildings were damaged", "people", "displaced", "the valley"),
}
AMOUNTS = ["about", "more than", "nearly", "at least", "some", "up to"]
# Things a story's reports come back to (a real story has its own details: the barge that hit the
# bridge, the pension rule the strikers oppose); each story picks a few, so that two floods share
# the words of floods but not their details.
DETAILS = """
ambulance archive avalanche bakery ballot barge barracks battery bishop blockade boiler border
brewery budget bulldozer cable canal cargo cathedral cement chemical clinic coastline coffee
convoy copper cotton courthouse crane curfew dairy debt diesel dike dock drone embassy emergency
ferry fertiliser fishermen fleet forest freight fuel generator glacier grain granary harbour
helicopter highway hospital hostel hotel icebreaker insurance irrigation island jetty judge
kindergarten lagoon landslide lease levee library lighthouse livestock lorry marina meadow
monastery mosque motorway museum nurses orchard orphanage parliament pasture pension pharmacy
pier pipeline plantation pylon quarry railway refinery refugees reservoir rice
rooftops sawmill school seaport sewage shipyard silo smelter stadium steelworks subway sugar
tanker tariff teachers telescope textile timber tobacco tractor trawler tram turbine university
vaccine vineyard warehouse wetland wheat wharf windmill
""".split()


def _name(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


@dataclass
class _Story:
    kind: str
    place: str
    country: str
    person: str
    role: str
    organisation: str
    start: int  # day number from FIRST_DAY
    length: int
    outlets: list[str]
    base: int  # the story's main figure at its start
    villages: list[str]  # places nearby that its reports name again and again
    landmark: str  # what the story is about: "the Venmar dam", "the Kalo line"
    details: list[str]  # things its reports come back to
    number: int = 0  # the gold story, written with each article as `gold_story`
    reports: list[dict[str, str]] = field(default_factory=list)

    def figure(self, day: int, rng: random.Random) -> int:
        grown = self.base * (1 + (day - self.start) / max(1, self.length))
        return int(round(grown * rng.uniform(0.9, 1.1), -1)) or 10


def _when(day: int, published: int) -> str:
    """A date as a report writes it: a weekday within the week, else the day and month."""
    when = FIRST_DAY + timedelta(days=day)
    if 0 <= published - day < 6:
        return "on " + WEEKDAYS[when.weekday()]
    return f"on {when.day} {MONTHS[when.month - 1]}"


WITNESSES = ["A shopkeeper", "One volunteer", "A retired teacher", "Two students", "A nurse", "A bus driver",
             "The village priest", "A farmer", "A young mother", "An engineer", "A taxi driver", "A pensioner"]  # fmt: skip
SAW = ["described", "recalled", "complained about", "praised", "photographed", "worried about", "asked about",
       "walked past", "queued outside", "wrote to the council about"]  # fmt: skip
AFTER = ["before dawn", "after the rain stopped", "for hours", "all afternoon", "with neighbours",
         "in tears", "twice", "late at night", "while the sirens sounded", "without any help"]  # fmt: skip


def _witness(story: _Story, day: int, rng: random.Random) -> str:
    """A sentence one report alone has: someone on the spot and what they saw."""
    thing = rng.choice([*story.details, rng.choice(DETAILS)])
    where = rng.choice([story.place, *story.villages, story.landmark])
    return (
        f"{rng.choice(WITNESSES)} in {where} {rng.choice(SAW)} the {thing} {rng.choice(AFTER)} "
        f"{_when(max(story.start, day - rng.randint(0, 3)), day)}."
    )


def _article(story: _Story, day: int, outlet: str, rng: random.Random) -> dict[str, str]:
    event, happened, group, verb, site = EVENTS[story.kind]
    published = FIRST_DAY + timedelta(days=day)
    event_day = max(story.start, day - rng.randint(0, 2))
    figure = story.figure(day, rng)
    amount = rng.choice(AMOUNTS)
    cost = rng.randint(2, 90) / 10
    sentences = [
        f"{story.place}, {story.country} — {happened.capitalize()} in {story.place} {_when(event_day, day)}, "
        f"and {amount} {figure:,} {group} were {verb}, officials said.",
        f"The {story.role} of {story.place}, {story.person}, said the {story.organisation} was working "
        f"through the night near {site}.",
        f'"We have never seen anything like this in {story.place}," {story.person} told reporters.',
        f"According to the {story.organisation}, the cost of {event} could reach {cost} million dollars.",
        f"It began {_when(story.start, day)}, when the first reports came from {site}.",
        f"Another {rng.randint(2, 40)} {group} were expected to be {verb} by the end of the week.",
        f"Residents of {story.villages[0]} and {story.villages[1]} said they had been warned "
        f"{_when(max(story.start, event_day - 1), day)}.",
        f"Roads to {story.villages[2]} near {story.landmark} stayed closed, the {story.organisation} said.",
        f"Engineers inspected {story.landmark} {_when(event_day, day)} and found it damaged.",
        f"The {story.organisation} will meet again {_when(day + rng.randint(1, 5), day)}, a spokesperson said.",
        f"Critics said the response to {event} had been slow, and called for an inquiry.",
        f"The {story.details[0]} and the {story.details[1]} near {story.landmark} were among the worst hit.",
        f"Questions remain about the {story.details[2]}, which the {story.organisation} had inspected last year.",
        f"In {story.villages[1]}, the {story.details[3]} was closed and the {story.details[4]} was running "
        f"short of {story.details[5]}.",
        f"{story.person} is expected to visit {story.landmark} and {site} later this month.",
    ]
    # The lead first, then some of the rest in any order, and what this report alone heard: two
    # reports of one story share facts, not every sentence (else each would be a near copy).
    rest = rng.sample(sentences[1:], k=rng.randint(4, 9))
    rest += [_witness(story, day, rng) for _ in range(rng.randint(2, 4))]
    rng.shuffle(rest)
    text = "\n\n".join([sentences[0], *rest])
    title = f"{event.capitalize()} in {story.place} near {story.landmark[4:]}: {figure:,} {group} {verb}"
    return {
        "title": title,
        "text": text,
        "outlet": outlet,
        "published": published.isoformat(),
        "url": f"https://{outlet.lower().replace(' ', '')}.example/{published.isoformat()}/{rng.getrandbits(48):012x}",
        "gold_story": f"s{story.number:06d}",
    }


def generate(count: int, folder: Path, seed: int = 7) -> int:
    rng = random.Random(seed)
    outlets = [f"The {_name(rng, 2)} {rng.choice(['Times', 'Post', 'Herald', 'Daily', 'Courier', 'Wire', 'Gazette'])}"
               for _ in range(300)]  # fmt: skip
    wires = outlets[:5]
    per_day = count / SPAN_DAYS
    stories: list[_Story] = []
    numbers = itertools.count(1)  # the gold stories' numbers
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    batch: list[dict[str, str]] = []
    day = 0
    while written < count:
        # Stories come and go: a few new ones each day, each lasting days to months.
        for _ in range(max(1, int(rng.expovariate(1 / max(1.0, per_day / 25))))):
            stories.append(
                _Story(
                    kind=rng.choice(list(EVENTS)),
                    place=_name(rng, rng.randint(2, 3)),
                    country=_name(rng, 2) + "ia",
                    person=f"{_name(rng, 2)} {_name(rng, 3)}",
                    role=rng.choice(ROLES),
                    organisation=f"{_name(rng, 2)} {rng.choice(['Authority', 'Agency', 'Council', 'Ministry', 'Institute'])}",
                    start=day,
                    number=next(numbers),
                    length=int(rng.lognormvariate(2.5, 1.0)) + 1,
                    outlets=rng.sample(outlets, k=rng.randint(2, 40)),
                    base=rng.choice([20, 50, 120, 400, 1500, 8000]),
                    villages=[_name(rng, rng.randint(2, 3)) for _ in range(3)],
                    details=rng.sample(DETAILS, k=6),
                    landmark=f"the {_name(rng, 2)} {rng.choice(['dam', 'bridge', 'plant', 'market', 'line', 'tunnel', 'mine'])}",
                )
            )
        stories = [s for s in stories if day < s.start + s.length]
        todays = max(1, int(rng.gauss(per_day, per_day**0.5)))
        for _ in range(min(todays, count - written)):
            story = rng.choice(stories)
            if story.reports and rng.random() < 1 / 12:
                # A re-run of an earlier report by another outlet: a wire story or a copy.
                original = rng.choice(story.reports[-20:])
                record = dict(original, outlet=rng.choice(story.outlets),
                              published=(FIRST_DAY + timedelta(days=day)).isoformat(),
                              url=f"https://copy.example/{rng.getrandbits(48):012x}")  # fmt: skip
                if original["outlet"] in wires:
                    record["original_outlet"] = original["outlet"]
            else:
                record = _article(story, day, rng.choice(story.outlets), rng)
                story.reports.append(record)
                del story.reports[:-40]
            batch.append(record)
            written += 1
            if len(batch) == PER_FILE:
                _flush(folder, written, batch)
        day += 1
    _flush(folder, written, batch)
    return written


def _flush(folder: Path, written: int, batch: list[dict[str, str]]) -> None:
    if batch:
        path = folder / f"news-{(written - 1) // PER_FILE:05d}.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in batch), encoding="utf-8")
        batch.clear()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(f"wrote {generate(args.count, args.folder, args.seed):,} articles to {args.folder}")


if __name__ == "__main__":
    main()
