"""What search text means: the words a user typed, never query syntax.

Letters and digits only, at most 16 words, every word must match and the last one as a
prefix (search as you type). Each engine then joins the words in its own syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from graph_api.errors import BadInputError

MAX_WORDS: Final = 16
_WORD: Final = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class SearchWords:
    """The words to match, lower-case; `prefix` when the last one matches as a prefix."""

    words: tuple[str, ...]
    prefix: bool


def words_of(text: str) -> list[str]:
    """Every word of the text, lower-case (for comparing names with what was typed)."""
    return [word.lower() for word in _WORD.findall(text)]


def search_words(text: str) -> SearchWords:
    words = words_of(text)[:MAX_WORDS]
    if not words:
        raise BadInputError("search text needs at least one letter or digit", field="text")
    # One letter as a prefix would match half the index: it must then match whole.
    return SearchWords(tuple(words), prefix=len(words[-1]) >= 2)


# Ranking members, passions and skills together -----------------------------------


def relative_scores(scores: dict[str, float]) -> dict[str, float]:
    """Id -> score divided by the index's best, so every index ranks on 0..1.

    An index that scores every hit 0 (FalkorDB can, right after many deletions) still found
    them all: they then score 1.
    """
    top = max(scores.values(), default=0.0)
    return {key: score / top if top > 0 else 1.0 for key, score in scores.items()}


def name_bonus(name: str, words: list[str]) -> float:
    """Prefix matches all score alike: 1 when the name is exactly the words typed, 0.5 when
    it starts with them."""
    named = _WORD.findall(name.lower())
    if named == words:
        return 1.0
    return 0.5 if " ".join(named).startswith(" ".join(words)) else 0.0
