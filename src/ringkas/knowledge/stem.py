"""How search compares words: folded, stemmed, queried and marked in snippets.

Search matches a word by its stem (Sastrawi's Nazief-Adriani stemmer), so `miskin` finds
`kemiskinan` and `penanggulangan` finds `menanggulangi`. Case and accents never matter: every
word is NFKD-folded to lower-case letters without combining marks before it is stemmed.

The same `words()` splits text for the index, for the query and for the snippet, so a word is
cut the same way wherever it is compared. English passes through mostly unchanged: Sastrawi only
strips an affix when what is left is an Indonesian dictionary word.

`parse_query` turns what a user types (words, "phrases", OR, AND, NOT, parentheses, prefix*) into
an FTS5 expression over stems, and `snippet` marks the words a query wants in the original text.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ringkas.contract.problems import MessageError

#: A word: letters and digits (any script); `_`, hyphens and punctuation separate words, as in
#: SQLite FTS5's unicode61 tokenizer.
WORD = re.compile(r"[^\W_]+")
#: Words Sastrawi can take apart; others (numbers, codes like "2023-Q2", other scripts) stay.
STEMMABLE = re.compile(r"[a-z]+")
#: How a snippet marks a match in plain text and in HTML.
TEXT_MARKS = ("«", "»")
HTML_MARKS = ("<mark>", "</mark>")
#: FTS5 operators, passed through as written (upper case only: "or" is a word).
OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})


def fold(text: str) -> str:
    """Lower-case `text` and drop accents: "Pelayanan PÚBLIK" -> "pelayanan publik"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


class _Dictionary:
    """Sastrawi's root words in a set: its own ArrayDictionary keeps them in a list, and the
    linear look-up makes stemming one new word take some 70 ms (30 s for five short visits)."""

    def __init__(self, words: list[str]) -> None:
        self.words = frozenset(w.strip() for w in words if w.strip())

    def contains(self, word: str) -> bool:
        return word in self.words


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    # Made on first use, not at import: it reads Sastrawi's dictionary of ~30,000 root words.
    from Sastrawi.Stemmer.Stemmer import Stemmer
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return Stemmer(_Dictionary(StemmerFactory().get_words()))


@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """The stem of one folded word, each word stemmed once per process."""
    if not STEMMABLE.fullmatch(word) or len(word) < 4:
        return word
    return _stemmer().stem_word(word) or word


def words(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, folded word) for each word in `text`, positions in the original text."""
    for match in WORD.finditer(text):
        # Folding may split a character into letters and marks ("ﬁ" -> "fi", "½" -> "1⁄2").
        for part in WORD.findall(fold(match.group())):
            yield match.start(), match.end(), part


def stems(text: str) -> list[str]:
    """Every word's stem, in order."""
    return [stem(word) for _, _, word in words(text)]


def stemmed(text: str) -> str:
    """`text` as the index holds it: stems separated by spaces."""
    return " ".join(stems(text))


def folded(text: str) -> str:
    """`text`'s words as written, folded, separated by spaces."""
    return " ".join(word for _, _, word in words(text))


# --- the query ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Term:
    """A word the query looks for, as a stem or as written (folded); a prefix term matches
    every word that starts with it."""

    text: str
    prefix: bool = False

    def wants(self, word: str, word_stem: str) -> bool:
        if self.prefix:
            return word_stem.startswith(self.text) or word.startswith(self.text)
        return self.text in (word_stem, word)


#: A run of terms a snippet marks: one word, or a phrase whose words must follow each other.
Phrase = tuple[Term, ...]


@dataclass(frozen=True)
class Query:
    """A parsed query: the FTS5 expression, and the terms a snippet marks."""

    text: str  # as the user wrote it
    match: str  # the FTS5 expression over stems
    terms: tuple[Term, ...]  # every term the query looks for (not the words after NOT)
    #: What snippets mark: each single word wherever it is, each phrase only where its words
    #: stand side by side ("studi tiru", not "meniru" alone).
    phrases: tuple[Phrase, ...] = ()

    def wants(self, word: str, word_stem: str) -> bool:
        """Whether one word is a term of the query, phrases aside (any word of one counts)."""
        return any(term.wants(word, word_stem) for term in self.terms)

    def marks(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, what) of each stretch of `text` a snippet marks, in order, a phrase as
        one stretch; `what` names the term or phrase, so a snippet can count different ones."""
        tokens = [(start, end, word, stem(word)) for start, end, word in words(text)]
        found: list[tuple[int, int, str]] = []
        for phrase in self.phrases or tuple((term,) for term in self.terms):
            size = len(phrase)
            for first in range(len(tokens) - size + 1):
                run = tokens[first:first + size]
                if all(term.wants(word, root) for term, (_, _, word, root) in
                       zip(phrase, run, strict=True)):
                    what = run[0][3] if size == 1 else " ".join(t.text for t in phrase)
                    found.append((run[0][0], run[-1][1], what))
        merged: list[tuple[int, int, str]] = []
        for start, end, what in sorted(found, key=lambda m: (m[0], -m[1])):
            if merged and start < merged[-1][1]:  # overlapping or the same word: one mark
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]), merged[-1][2])
            else:
                merged.append((start, end, what))
        return merged


TOKEN = re.compile(r'"(?P<phrase>[^"]*)"|(?P<quote>")|(?P<distance>,\s*\d+(?=\s*\)))'
                   r'|(?P<paren>[()])|(?P<comma>,)|(?P<chunk>[^\s"(),]+)')


def _phrase(text: str, prefix: bool) -> tuple[str, list[Phrase]]:
    """The FTS5 phrase of `text`'s stems (with the folded prefix too, when it differs), and
    the runs of terms a snippet marks for it."""
    written = [word for _, _, word in words(text)]
    if not written:
        return "", []
    roots = [stem(word) for word in written]
    star = " *" if prefix else ""
    expression = f'"{" ".join(roots)}"{star}'
    phrases = [(*(Term(root) for root in roots[:-1]), Term(roots[-1], prefix))]
    if prefix and written[-1] != roots[-1]:
        # "kemiskin*" stems to "miskin*"; the words as written find "kemiskinan" too.
        expression = f'({expression} OR "{" ".join(written)}"{star})'
        phrases.append((*(Term(root) for root in roots[:-1]), Term(written[-1], True)))
    return expression, phrases


def _translate(text: str) -> Iterator[tuple[str, list[Phrase]]]:
    """(FTS5 piece, the runs of terms it looks for) for each token of the query."""
    tokens = list(TOKEN.finditer(text))
    for index, token in enumerate(tokens):
        kind, value = token.lastgroup, token.group()
        if kind == "quote":
            raise MessageError("search.unbalanced_quote", query=text)
        if kind == "phrase":
            following = tokens[index + 1].group() if index + 1 < len(tokens) else ""
            yield _phrase(token.group("phrase"), following == "*")
        elif kind in ("paren", "distance") or (kind == "chunk" and value in OPERATORS):
            yield value, []
        elif kind == "chunk":
            yield _phrase(value, value.endswith("*"))


def _ends_operand(piece: str) -> bool:
    return piece not in OPERATORS and piece != "(" and not piece.startswith(",")


def _starts_operand(piece: str) -> bool:
    return piece not in ("AND", "OR", "NOT", ")") and not piece.startswith(",")


def _needs_and(before: str, piece: str) -> bool:
    """Whether an AND goes between two pieces: FTS5 joins adjacent phrases with an implicit AND,
    but not a parenthesis ("(gizi OR stunting) posyandu" is its syntax error), so the AND a
    user means there is written out (a prefix whose stem differs is one, "(miskin* OR
    kemiskin*)"). Between phrases, and before NEAR, FTS5's own implicit AND stays, with its
    precedence; inside NEAR(...) no parenthesis follows a phrase."""
    return (_ends_operand(before) and _starts_operand(piece)
            and (before.endswith(")") or piece.startswith("(")))


def parse_query(text: str) -> Query:
    """The query as FTS5 sees it; MessageError for an unclosed quote or nothing to look for."""
    pieces: list[str] = []
    phrases: list[Phrase] = []
    negated_depth: int | None = None  # inside the operand of a NOT, and at which depth
    depth = 0
    for piece, found in _translate(text):
        if not piece:
            continue
        depth += piece == "("
        depth -= piece == ")"
        if negated_depth is None and pieces and pieces[-1] == "NOT":
            negated_depth = depth - (piece == "(")
        if negated_depth is None:
            phrases.extend(found)
        elif depth <= negated_depth:
            negated_depth = None
        if pieces and _needs_and(pieces[-1], piece):
            pieces.append("AND")
        pieces.append(piece)
    if not pieces:
        raise MessageError("search.empty_query")
    terms = tuple(dict.fromkeys(term for phrase in phrases for term in phrase))
    return Query(text, " ".join(pieces), terms, tuple(dict.fromkeys(phrases)))


# --- snippets -----------------------------------------------------------------------------

#: Whether a word is wanted, given the word (folded) and its stem.
Matcher = Callable[[str, str], bool]


def _matches(text: str, wanted: Matcher | Query) -> tuple[list[tuple[int, int]], list[str]]:
    """Spans of the words whose stem `wanted` accepts (of a query: its words and phrases), and
    what each span matched."""
    if isinstance(wanted, Query):
        marks = wanted.marks(text)
        return [(start, end) for start, end, _ in marks], [what for _, _, what in marks]
    spans: list[tuple[int, int]] = []
    found: list[str] = []
    for start, end, word in words(text):
        if wanted(word, stem(word)) and (not spans or spans[-1] != (start, end)):
            spans.append((start, end))
            found.append(stem(word))
    return spans, found


def _window(text: str, spans: list[tuple[int, int]], found: list[str],
            size: int) -> tuple[int, int]:
    """The stretch of about `size` words holding the most different matches, as text offsets."""
    bounds = [(s, e) for s, e, _ in words(text)]
    if not bounds:
        return 0, len(text)
    starts = [s for s, _ in bounds]
    best, best_count = 0, -1
    for span in spans or [bounds[0]]:
        # A little context before the match; a window at the end of the text is kept full.
        first = max(0, min(starts.index(span[0]) - size // 4, len(bounds) - size))
        last = min(len(bounds), first + size) - 1
        count = len({f for (s, _), f in zip(spans, found, strict=True) if bounds[first][0] <= s
                     and s < bounds[last][1]})
        if count > best_count:
            best, best_count = first, count
    last = min(len(bounds), best + size) - 1
    return (0 if best == 0 else bounds[best][0],
            len(text) if last == len(bounds) - 1 else bounds[last][1])


def snippet(text: str, wanted: Matcher | Query, *, size: int = 24, markup: str = "text") -> str:
    """A stretch of `text` around its matches, each matched word (or phrase, given a `Query`)
    marked; a plain `Matcher` marks every word it accepts.

    Marks are «» in plain text (`markup="text"`) and <mark> in HTML (`markup="html"`, where the
    text is escaped). Whitespace (newlines of tables and lists) shrinks to one space.
    """
    spans, found = _matches(text, wanted)
    start, end = _window(text, spans, found, size)
    opening, closing = HTML_MARKS if markup == "html" else TEXT_MARKS
    escape = html.escape if markup == "html" else (lambda s: s)
    pieces, at = [], start
    for span_start, span_end in spans:
        if start <= span_start and span_end <= end:
            pieces += [escape(text[at:span_start]), opening,
                       escape(text[span_start:span_end]), closing]
            at = span_end
    pieces.append(escape(text[at:end]))
    body = re.sub(r"\s+", " ", "".join(pieces)).strip()
    return ("…" if start > 0 else "") + body + ("…" if end < len(text) else "")
