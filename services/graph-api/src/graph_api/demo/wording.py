"""How the demo vocabulary reads once generated: slugs, handles, mid-sentence phrases, cut text."""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_NON_HANDLE = re.compile(r"[^a-z0-9-]+")
_NON_DECOMPOSING = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe"})
_PROPER_WORDS = frozenset({
    "Japanese", "Italian", "Linux", "Go", "Python", "Java", "Rust",
    "Kotlin", "Swift", "Kubernetes", "Docker", "Terraform", "Excel",
    "Figma", "Kafka", "Spanish", "German", "French", "Mandarin", "Arabic",
    "Portuguese", "Tableau", "Looker", "Airflow", "Django", "FastAPI",
    "Azure", "Google", "Cloud", "Apache", "Spark", "Power", "Ruby", "Rails",
    "React", "TypeScript", "JavaScript", "PostgreSQL", "GraphQL",
    "Node.js", "Scrum", "MATLAB", "R",
})


def slugify(text: str) -> str:
    """Lower-case ``text``, collapse non-alphanumeric runs to ``-`` and trim them."""
    return _NON_ALNUM.sub("-", text.lower()).strip("-")


def handle_part(name: str) -> str:
    """ASCII, lower-case handle fragment of a name (``"O'Brien"`` -> ``"obrien"``)."""
    folded = unicodedata.normalize("NFKD", name.translate(_NON_DECOMPOSING))
    ascii_name = folded.encode("ascii", "ignore").decode()
    return _NON_HANDLE.sub("", ascii_name.lower().replace(" ", "")).strip("-")


def phrase(name: str) -> str:
    """``name`` as it reads mid-sentence: lower-cased except acronyms and proper nouns."""
    words: list[str] = []
    for word in name.split(" "):
        upper = sum(1 for ch in word if ch.isupper())
        if upper >= 2 or (upper and any(ch.isdigit() for ch in word)) or word in _PROPER_WORDS:
            words.append(word)
        else:
            words.append(word.lower())
    return " ".join(words)


def fit(text: str, limit: int) -> str:
    """``text`` cut at a word boundary so it is at most ``limit`` characters."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;·")
    return cut + "…"
