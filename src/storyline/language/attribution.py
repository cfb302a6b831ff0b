"""Who says what: direct quotes, reported speech and "according to", with the speaker resolved.

News attributes statements in a few fixed shapes, and this module reads them with rules over
sentences and the entity mentions found before it:

1. Quotes: every quoted stretch of three words or more, straight or curly, across sentences
   of one paragraph. Its speaker sits right after it (`," he said.`, `," said Gen. X, role.`) or
   right before it (`X said: "...`); a quote with neither continues the speaker of the sentence
   before it (`"...," she said. "More."`).
2. Reported speech: `X said (that) ...`, `... , X said.`, `X told AFP ...`: the speaker is the
   noun phrase before the verb (or after it, when inverted), and what was said is the clause on
   the other side.
3. `according to X`: the rest of the sentence is attributed to X.

Speakers are then resolved: a span that contains a person (or else an organisation) mention
takes its entity; "he"/"she" take the last person who spoke or was named; "the spokesman" takes
the earlier speaker with the same role. A speaker with no name and an indefinite article ("a NATO
official"), or one who "asked not to be named", is anonymous. The role comes from an appositive
("X, a NATO spokesperson,") or the words before the name ("Alliance spokesperson X").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from storyline.language.sentences import Token, TokenizedSentence
from storyline.models import Attribution, EntityMention

__all__ = ["find_attributions"]

SPEECH_VERBS = (
    "said|says|say|told|tells|added|adds|stated|states|announced|announces|explained|noted|wrote|writes|"
    "tweeted|posted|warned|warns|insisted|argued|claimed|claims|declared|confirmed|confirms|denied|"
    "acknowledged|recalled|replied|responded|urged|emphasised|emphasized|stressed|admitted|commented|"
    "remarked|suggested|predicted|reported|reports|cautioned|conceded|continued|concluded|went on"
)
# Speech acts whose object is what was said: "X thanked the allies", "X condemned the attack".
SPEECH_ACTS = (
    "thanked|praised|condemned|criticised|criticized|welcomed|vowed|pledged|promised|threatened|"
    "accused|blamed|apologised|apologized|called for|called on|appealed|demanded|rejected|dismissed"
)
# Verbs that attribute speech only right after a quote: "...," he continued.
AFTER_QUOTE_ONLY = frozenset({"continued", "concluded", "went on"})
_VERB = re.compile(rf"\b(?:{SPEECH_VERBS}|{SPEECH_ACTS})\b")
_SPEECH_ACT = re.compile(rf"(?:{SPEECH_ACTS})")
_ACCORDING_TO = re.compile(r"\baccording to\b", re.IGNORECASE)
# The verb "told" takes its listener: "told AFP", "told reporters", "told German news agency dpa".
_LISTENER = re.compile(
    r"\s+(?:the\s+|a\s+)?(?:(?:[A-Z][\w.&'’-]*|news|press|state|wire|agency\s+\w+|broadcaster|newspaper|"
    r"radio|television|reporters|journalists|lawmakers|parliament)(?:\s+|(?=[\s,.;:])))+"
)
_THAT = re.compile(r"\s*(?:,\s*)?(?:that\s+)?")
# Words that may sit between a speaker and a following verb or content: "said Friday", "said in a
# statement on Tuesday", "also said", "said separately".
_TIME_WORDS = (
    r"(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday|"
    r"this\s+week|last\s+week|earlier|later|separately|also|in\s+a\s+statement|in\s+a\s+letter|"
    r"in\s+an\s+interview|on\s+Twitter|on\s+X|at\s+a\s+(?:news|press)\s+conference)"
)
_AFTER_VERB_FILLER = re.compile(rf"(?:\s+{_TIME_WORDS}(?:\s+(?:morning|afternoon|evening|night))?)*")

PRONOUN_PERSON = frozenset({"he", "she", "i", "we"})
PRONOUN_GROUP = frozenset({"it", "they"})
ANONYMOUS_MARKS = re.compile(
    r"asked not to be (?:named|identified)|condition of anonymity|speaking anonymously|"
    r"declined to be (?:named|identified)|not authori[sz]ed to",
    re.IGNORECASE,
)
ANONYMOUS_HEADS = frozenset(
    {"source", "sources", "official", "officials", "diplomat", "diplomats", "person", "people", "insider"}
)
# Heads of nouns that name a body, not a person's role: "the alliance said" has no role.
GROUP_HEADS = frozenset(
    """
    alliance government ministry agency coalition authority authorities army military police company
    group bloc council headquarters utility union commission committee office department court
    parliament party organisation organization service services force forces outlets media
    newspapers agencies groups companies governments ministries reports report statement
    """.split()
)
# Tokens that end a backwards walk through a subject noun phrase: verbs, clause words, pronouns.
_NP_STOP_WORDS = frozenset(
    """
    has have had is was were are be been being will would could should can may might must do does did
    that which who whom whose when while because if and but or so as than then there here it they he she
    we i you this these those also not never just still already
    """.split()
)
_LEADING_NOT_SPEAKER = frozenset(
    """
    now then meanwhile later earlier today yesterday tonight also but and so however here there next
    in on at by after before since during last this
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday
    """.split()
)
_DETERMINERS = frozenset({"a", "an", "the", "another", "one", "two", "three", "several", "some", "many"})
_PUNCT_STOP = frozenset(',;:()[]{}"“”‘«»—–')
_QUOTE_OPEN = "“«"
_QUOTE_CLOSE = "”»"


@dataclass(slots=True)
class _Quote:
    start: int  # inside the marks
    end: int


@dataclass(slots=True)
class _Speaker:
    text: str
    start: int
    end: int
    role: str | None = None


def find_attributions(
    text: str, sentences: Sequence[TokenizedSentence], entities: Sequence[EntityMention] = ()
) -> list[Attribution]:
    """Quotes and reported statements of an article, with their speakers.

    >>> from storyline.language.sentences import tokenize_sentences
    >>> text = '"We are ready," said Jan Novak, the defence minister.'
    >>> [(a.kind, a.speaker, a.role) for a in find_attributions(text, tokenize_sentences(text))]
    [('quote', 'Jan Novak', 'defence minister')]
    """
    quotes = _find_quotes(text)
    found: list[Attribution] = []
    used_quotes: set[int] = set()
    for index, sentence in enumerate(sentences):
        sentence_quotes = [q for q in quotes if q.start < sentence.end and q.end > sentence.start]
        found.extend(_attribute_sentence(text, sentence, sentence_quotes, used_quotes))
        # A quote that nothing in its own sentences attributes continues the previous speaker.
        for quote in sentence_quotes:
            opens_sentence = quote.start - sentence.start <= 2
            if (
                id(quote) not in used_quotes
                and opens_sentence
                and quote.end <= sentence.end
                and found
                and index > 0
            ):
                previous = found[-1]
                if previous.start >= sentences[index - 1].start or previous.end >= sentences[index - 1].start:
                    used_quotes.add(id(quote))
                    found.append(
                        _attribution(quote.start, quote.end, "quote", "continues", _speaker_of(previous))
                    )
    _resolve_speakers(text, found, entities)
    found.sort(key=lambda a: (a.start, a.end))
    return found


def _find_quotes(text: str) -> list[_Quote]:
    quotes: list[_Quote] = []
    for paragraph in re.finditer(r"[^\n]+", text):
        offset, line = paragraph.start(), paragraph.group()
        open_at: int | None = None
        for position, char in enumerate(line):
            if char in _QUOTE_OPEN or (char == '"' and open_at is None):
                open_at = position + 1
            elif (char in _QUOTE_CLOSE or char == '"') and open_at is not None:
                _keep_quote(quotes, offset + open_at, offset + position, text)
                open_at = None
        if open_at is not None:  # a quote that runs on to the next paragraph
            _keep_quote(quotes, offset + open_at, offset + len(line), text)
    return quotes


def _keep_quote(quotes: list[_Quote], start: int, end: int, text: str) -> None:
    # Scare quotes around a word or two ("relocated") are not speech.
    if len(text[start:end].split()) >= 3:
        quotes.append(_Quote(start, end))


def _attribute_sentence(
    text: str, sentence: TokenizedSentence, quotes: list[_Quote], used_quotes: set[int]
) -> list[Attribution]:
    body = text[sentence.start : sentence.end]
    results: list[Attribution] = []
    quote_spans = [(q.start - sentence.start, q.end - sentence.start) for q in quotes]

    def inside_quote(position: int) -> bool:
        return any(start <= position < end for start, end in quote_spans)

    for match in _ACCORDING_TO.finditer(body):
        if inside_quote(match.start()):
            continue
        speaker = _noun_phrase_after(text, sentence, sentence.start + match.end())
        if speaker is None:
            continue
        if match.start() < 3:
            speaker.role = None  # "According to X, the works cost ...": what follows is the statement
        content_start, content_end = _content_around(body, match.start(), speaker.end - sentence.start)
        results.append(
            _attribution(
                sentence.start + content_start,
                sentence.start + content_end,
                "according_to",
                "according to",
                speaker,
            )
        )

    for match in _VERB.finditer(body):
        if inside_quote(match.start()) or _is_relative_clause_verb(body, match.start()):
            continue
        verb_start, verb_end = sentence.start + match.start(), sentence.start + match.end()
        if match.group() in AFTER_QUOTE_ONLY and not _follows_quote(text, quotes, verb_start):
            continue
        cue_end = verb_end
        listener = _LISTENER.match(text, verb_end) if match.group() in ("told", "tells") else None
        if listener:
            cue_end = listener.end()
        cue = text[verb_start:cue_end].rstrip(" .,")
        speaker = _noun_phrase_before(text, sentence, verb_start)
        inverted = False
        # Inversion ("said Gen. X") follows a quote or a comma: '..., said X.'
        if speaker is None and re.search(r"[,”\"’']\s*$", text[sentence.start : verb_start]):
            speaker = _noun_phrase_after(text, sentence, cue_end)
            inverted = speaker is not None
        if speaker is None:
            continue
        after = _AFTER_VERB_FILLER.match(text, speaker.end if inverted else cue_end)
        after_end = after.end() if after else cue_end
        # 1. A quote that ends just before the speaker: "...," he said.
        before_speaker = min(speaker.start, verb_start)
        closed_quote = False
        for quote in quotes:
            gap = text[quote.end : before_speaker]
            if (
                id(quote) not in used_quotes
                and quote.end <= before_speaker
                and re.fullmatch(r"[\s,.!?”\"’']*", gap)
            ):
                used_quotes.add(id(quote))
                closed_quote = True
                results.append(_attribution(quote.start, quote.end, "quote", cue, speaker))
        # 2. Quotes that follow the verb: X said: "...", or reported speech with quoted parts.
        that = _THAT.match(text, after_end)
        content_start = that.end() if that else after_end
        if _SPEECH_ACT.fullmatch(match.group()):
            content_start = verb_start  # "thanked the allies": the act is what is reported
        following = [q for q in quotes if q.start >= content_start and id(q) not in used_quotes]
        if following and re.fullmatch(r"[\s:,“\"«]*", text[content_start : following[0].start]):
            used_quotes.add(id(following[0]))
            results.append(_attribution(following[0].start, following[0].end, "quote", cue, speaker))
            if len(text[following[0].end : sentence.end].split()) < 3:
                continue  # X said: "..." -- the quote is all that was said
        if closed_quote:
            continue  # the verb closed a quote; the clause around it is not more speech
        # 3. Reported speech: the clause after the verb, or before it when the verb comes last.
        rest = text[content_start : sentence.end].rstrip(" .")
        if len(rest.split()) >= 3 and not inverted:
            results.append(_attribution(content_start, content_start + len(rest), "reported", cue, speaker))
            for quote in following:
                if quote.end <= sentence.end and id(quote) not in used_quotes:
                    used_quotes.add(id(quote))
                    results.append(_attribution(quote.start, quote.end, "quote", cue, speaker))
        else:
            clause = text[sentence.start : min(speaker.start, verb_start)].rstrip(" ,")
            if len(clause.split()) >= 3 and not _starts_inside_quote(clause):
                results.append(
                    _attribution(sentence.start, sentence.start + len(clause), "reported", cue, speaker)
                )
    return results


def _follows_quote(text: str, quotes: list[_Quote], position: int) -> bool:
    return any(
        re.fullmatch(r"[\s,.!?”\"’']*\w*\s*", text[q.end : position]) for q in quotes if q.end <= position
    )


def _starts_inside_quote(clause: str) -> bool:
    return clause[:1] in '"“'


def _is_relative_clause_verb(body: str, position: int) -> bool:
    # "an official who asked not to be named", "the report, which said": not an attribution.
    before = body[:position].rstrip().rsplit(" ", 1)[-1].lower()
    return before in ("who", "which", "that", "to", "be", "been", "being", "not", "never")


def _content_around(body: str, cue_start: int, cue_end: int) -> tuple[int, int]:
    before = body[:cue_start].rstrip(" ,")
    if len(before.split()) >= 3:
        return 0, len(before)
    after_start = cue_end + (len(body[cue_end:]) - len(body[cue_end:].lstrip(" ,")))
    return after_start, len(body.rstrip(" ."))


def _attribution(start: int, end: int, kind: str, cue: str, speaker: _Speaker) -> Attribution:
    return Attribution(
        start=start,
        end=end,
        kind=kind,
        cue=cue,
        speaker=speaker.text,
        speaker_start=speaker.start,
        speaker_end=speaker.end,
        role=speaker.role,
    )


def _speaker_of(attribution: Attribution) -> _Speaker:
    return _Speaker(
        attribution.speaker or "",
        attribution.speaker_start or 0,
        attribution.speaker_end or 0,
        attribution.role,
    )


# -- speakers -----------------------------------------------------------------------------------


def _tokens_between(sentence: TokenizedSentence, start: int, end: int) -> list[Token]:
    return [t for t in sentence.tokens if t.start >= start and t.end <= end]


def _noun_phrase_before(text: str, sentence: TokenizedSentence, verb_start: int) -> _Speaker | None:
    tokens = _tokens_between(sentence, sentence.start, verb_start)
    # Skip adverbs between subject and verb: "Romania also said", "NATO on Tuesday said".
    while tokens and (
        tokens[-1].text.lower() in ("also", "separately", "later", "earlier", "previously", "has", "had")
        or (tokens[-1].text.endswith("ly") and tokens[-1].text.islower())
    ):
        tokens.pop()
    appositive: str | None = None
    place_commas = _place_commas(tokens)
    if tokens and tokens[-1].text == "," and len(tokens) - 1 not in place_commas:
        # "Allison Hart, a NATO spokesperson, said": the role sits between two commas.
        commas = [i for i, t in enumerate(tokens[:-1]) if t.text == ","]
        if not commas:
            return None
        inner = tokens[commas[-1] + 1 : -1]
        appositive = _role_text(text, inner)
        tokens = tokens[: commas[-1]]
    phrase: list[Token] = []
    for position in range(len(tokens) - 1, -1, -1):
        token = tokens[position]
        word = token.text
        lower = word.lower()
        if position in place_commas:
            phrase.insert(0, token)
            continue
        if (
            word in _PUNCT_STOP
            or lower in _NP_STOP_WORDS
            and not (lower in PRONOUN_PERSON | PRONOUN_GROUP and not phrase)
        ):
            break
        if word[:1].isdigit():
            break
        phrase.insert(0, token)
        if lower in PRONOUN_PERSON | PRONOUN_GROUP:
            break
        if lower in _DETERMINERS:
            # "A spokesman for the alliance": a prepositional phrase inside the subject.
            if position == 0 or tokens[position - 1].text.lower() not in (
                "for",
                "of",
                "at",
                "in",
                "from",
                "near",
            ):
                break
        if len(phrase) > 14:
            return None
    while phrase and phrase[-1].text == ",":
        phrase.pop()
    # Capitalised only because they open the sentence: "Now ElBaradei said", "In April Obama said".
    while len(phrase) > 1 and phrase[0].text.lower() in _LEADING_NOT_SPEAKER:
        phrase.pop(0)
    if not phrase or phrase[0].text.lower() in ("of", "for", "'s", "’s"):
        return None
    if len(phrase) == 1 and phrase[0].text.lower().endswith("ing"):
        return None  # "Having promised ..." has no subject here
    # A subject starts with a determiner, a capital, or is a bare plural noun ("officials said").
    first = phrase[0].text
    if not (
        first[:1].isupper()
        or first.lower() in _DETERMINERS
        or first.lower() in PRONOUN_PERSON | PRONOUN_GROUP
    ):
        if not (
            len(phrase) == 1
            and first.lower() in ANONYMOUS_HEADS | {"police", "officials", "analysts", "experts"}
        ):
            return None
    start, end = phrase[0].start, phrase[-1].end
    name = _leading_name(appositive) if appositive else None
    if name and phrase[-1].text.islower():
        # "Dravin's mayor, Sara Holm, said": the name is the speaker, the phrase its role.
        name_start = text.index(name, end)
        return _Speaker(name, name_start, name_start + len(name), _strip_article(text[start:end]))
    return _Speaker(text[start:end], start, end, appositive)


def _leading_name(phrase: str) -> str | None:
    """The name an appositive starts with: "Gen. Ann Ray of the United States" -> "Gen. Ann Ray"."""
    words = phrase.split()
    name: list[str] = []
    for word in words:
        if not word[:1].isupper():
            break
        name.append(word)
    if not 2 <= len(name) <= 4 or (len(name) < len(words) and words[len(name)] not in ("of", "from")):
        return None
    return " ".join(name)


def _place_commas(tokens: list[Token]) -> set[int]:
    """Commas inside a place name: "headquarters in Mons, Belgium, said" sets off no role."""
    found: set[int] = set()
    for index, token in enumerate(tokens):
        if token.text != "," or index < 2:
            continue
        following = tokens[index + 1 : index + 3]
        is_place_after = (
            bool(following)
            and following[0].text[:1].isupper()
            and (len(following) == 1 or following[1].text == ",")
        )
        if is_place_after and tokens[index - 2].text.lower() in ("in", "at", "near", "from"):
            found.add(index)
            if len(following) == 2:
                found.add(index + 2)
    return found


def _noun_phrase_after(text: str, sentence: TokenizedSentence, position: int) -> _Speaker | None:
    filler = _AFTER_VERB_FILLER.match(text, position)
    tokens = _tokens_between(sentence, filler.end() if filler else position, sentence.end)
    phrase: list[Token] = []
    for token in tokens:
        if token.text in _PUNCT_STOP or token.text in (".", "!", "?"):
            break
        if token.text.lower() in _NP_STOP_WORDS and token.text.lower() not in PRONOUN_PERSON | PRONOUN_GROUP:
            break
        phrase.append(token)
        if token.text.lower() in PRONOUN_PERSON | PRONOUN_GROUP:
            break
    if not phrase or len(phrase) > 12:
        return None
    if not (phrase[0].text[:1].isupper() or phrase[0].text.lower() in _DETERMINERS):
        return None
    start, end = phrase[0].start, phrase[-1].end
    role = None
    rest = tokens[len(phrase) :]
    if rest and rest[0].text == ",":
        # "said Henrik Aas, the utility's operations director."
        appositive: list[Token] = []
        for token in rest[1:]:
            if token.text in (",", ".", ";", "!", "?") or token.text in _QUOTE_OPEN + _QUOTE_CLOSE + '"':
                break
            appositive.append(token)
        role = _role_text(text, appositive)
    return _Speaker(text[start:end], start, end, role)


def _role_text(text: str, tokens: Sequence[Token]) -> str | None:
    if not tokens or len(tokens) > 12:
        return None
    if tokens[0].text.lower() in ("who", "which", "whose"):
        return None
    if tokens[0].text.lower() in ("a", "an", "the"):
        tokens = tokens[1:]
    if not tokens or all(t.text[:1].isdigit() for t in tokens):
        return None  # "Hana Kral, 71, said": an age, not a role
    return text[tokens[0].start : tokens[-1].end]


def _resolve_speakers(text: str, attributions: list[Attribution], entities: Sequence[EntityMention]) -> None:
    people = sorted((e for e in entities if e.label == "PER"), key=lambda e: e.start)
    by_position = sorted(entities, key=lambda e: e.start)
    resolved: list[Attribution] = []
    genders: dict[str, str] = {}  # speaker -> "he"/"she", as pronouns referring to them reveal
    for attribution in sorted(attributions, key=lambda a: a.speaker_start or 0):
        start, end = attribution.speaker_start or 0, attribution.speaker_end or 0
        speaker = attribution.speaker or ""
        words = speaker.lower().split()
        head = _head_word(speaker)
        inside = [e for e in by_position if e.start >= start and e.end <= end]
        person = next((e for e in inside if e.label == "PER"), None)
        if person is not None:
            # 1. a name: "Alliance spokesperson Allison Hart", "Gen. X"
            attribution.entity = person.entity or person.text
            if attribution.role is None:
                attribution.role = _role_before_name(text[start : person.start])
        elif words and words[0] in PRONOUN_PERSON:
            # 2. "he said": the last speaker or person named before, of a fitting gender
            gender = words[0] if words[0] in ("he", "she") else None
            earlier = [a for a in resolved if (a.entity or a.role) and _gender_fits(a, gender, genders)]
            last_person = next((e for e in reversed(people) if e.end <= start), None)
            previous = earlier[-1] if earlier else None
            if previous is not None and (
                last_person is None or (previous.speaker_end or 0) >= last_person.start
            ):
                _inherit(attribution, previous)
            elif last_person is not None:
                attribution.entity = last_person.entity or last_person.text
        elif words == ["it"]:
            # 2b. "it said": the organisation that spoke last, else the last one named
            spoke = next(
                (a for a in reversed(resolved) if a.entity and _is_body(a.entity, by_position)), None
            )
            last_body = next((e for e in reversed(by_position) if e.label == "ORG" and e.end <= start), None)
            if spoke is not None and (last_body is None or (spoke.speaker_end or 0) >= last_body.start):
                _inherit(attribution, spoke)
            elif last_body is not None:
                attribution.entity = last_body.entity or last_body.text
        elif head.islower() and head not in GROUP_HEADS:
            # 3. an unnamed person by role: "a NATO official", later "the official"
            previous = None
            if words[0] == "the":
                previous = next((a for a in reversed(resolved) if a.speaker and _same_head(a, head)), None)
            if previous is not None:
                _inherit(attribution, previous)
            else:
                attribution.role = attribution.role or _strip_article(speaker)
                affiliated = next((e for e in inside if e.label in ("ORG", "LOC")), None)
                attribution.affiliation = (affiliated.entity or affiliated.text) if affiliated else None
                attribution.anonymous = words[0] in ("a", "an") or head.lower() in ANONYMOUS_HEADS
        elif inside:
            # 4. a body: "NATO", "The German government", "the alliance" (linked to NATO)
            attribution.entity = inside[0].entity or inside[0].text
            if attribution.role and _head_word(attribution.role).lower() in GROUP_HEADS:
                attribution.role = None
        if attribution.entity is not None and attribution.role is None:
            # "Benko added ...": the role given when the person was first quoted
            earlier_role = next((a.role for a in resolved if a.entity == attribution.entity and a.role), None)
            attribution.role = earlier_role
        if attribution.entity is None and not attribution.anonymous:
            attribution.anonymous = _says_anonymous(text, attribution)
        if words and words[0] in ("he", "she"):
            genders[attribution.entity or attribution.role or ""] = words[0]
        resolved.append(attribution)


def _is_body(entity: str, mentions: Sequence[EntityMention]) -> bool:
    return any(m.label == "ORG" and (m.entity or m.text) == entity for m in mentions)


def _role_before_name(phrase: str) -> str | None:
    """ "Alliance spokesperson" before a name is a role; "The" or "Gen." alone are not worth one."""
    role = _strip_article(phrase.strip(" ,"))
    return role if role and any(w[:1].islower() for w in role.split()) or len(role.split()) > 1 else None


def _gender_fits(attribution: Attribution, gender: str | None, genders: dict[str, str]) -> bool:
    known = genders.get(attribution.entity or attribution.role or "")
    return gender is None or known is None or known == gender


def _head_word(phrase: str) -> str:
    """The noun a phrase is about: the last word before a preposition ("headquarters in Mons")."""
    words = phrase.replace(",", " ").split()
    for index, word in enumerate(words):
        if index > 0 and word in ("of", "for", "in", "at", "from", "with"):
            return words[index - 1]
    return words[-1] if words else ""


def _says_anonymous(text: str, attribution: Attribution) -> bool:
    end = attribution.speaker_end or 0
    return bool(ANONYMOUS_MARKS.search(text, end, min(len(text), end + 80)))


def _same_head(attribution: Attribution, head: str) -> bool:
    head = head.lower()
    heads = {_head_word(attribution.speaker or "").lower(), _head_word(attribution.role or "").lower()}
    return head in heads


def _inherit(attribution: Attribution, previous: Attribution) -> None:
    attribution.entity = previous.entity
    attribution.role = attribution.role or previous.role
    attribution.affiliation = previous.affiliation
    attribution.anonymous = previous.anonymous


def _strip_article(phrase: str) -> str:
    words = phrase.split()
    if words and words[0].lower() in ("a", "an", "the"):
        words = words[1:]
    return " ".join(words)
