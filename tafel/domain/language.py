"""The language a programme was held in: what its tables and canvases say, else what their notes
clearly are (Dutch and English function words), else Dutch."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from tafel.domain.canvas import Canvas
from tafel.domain.table import Table

_NL = frozenset("de het een en van is dat niet op te voor met zijn er ook wordt geen naar bij".split())  # noqa: SIM905
_EN = frozenset("the and of to is that not for with are be this it on by from there".split())  # noqa: SIM905
_FUNCTION_WORDS = _NL | _EN


def detect_language(texts: Sequence[str]) -> str | None:
    """nl or en when the function words clearly say so, else None (then the table's own says)."""
    # Each text counts a function word once, so fewer than 5 in all the texts together can tell
    # nothing: then one look at them all, not one per text.
    said = list(filter(_FUNCTION_WORDS.__contains__, " ".join(texts).casefold().split()))
    if sum(map(_NL.__contains__, said)) < 5 and sum(map(_EN.__contains__, said)) < 5:
        return None
    nl = en = 0
    for text in texts:
        words = text.casefold().split()
        nl += len(_NL.intersection(words))
        en += len(_EN.intersection(words))
        if nl + en >= 40:
            break  # enough to tell
    if nl >= 5 and nl > 2 * en:
        return "nl"
    if en >= 5 and en > 2 * nl:
        return "en"
    return None


def _leader(votes: Mapping[str, int], left: int) -> str | None:
    """The language that has the most votes whatever ``left`` more votes for nl or en bring."""
    for lang, count in votes.items():
        rivals = set(votes) | {"nl", "en"}
        rivals.discard(lang)
        if all(count > votes.get(x, 0) + (left if x in ("nl", "en") else 0) for x in rivals):
            return lang
    return None


def most_common(values: Sequence[str | None]) -> str | None:
    counted = Counter(v for v in values if v)
    return counted.most_common(1)[0][0] if counted else None


def programme_language(tables: Sequence[Table], used: Sequence[Canvas],
                         texts: Sequence[Sequence[str]] | None = None) -> str:
    """The language most tables were held in: the table's or its canvas's when either says other
    than nl (nl is also the default nobody chose), else what the notes clearly are, else nl.
    ``texts``: each table's conversation texts, where the caller has them already."""
    canvas_lang = {c.id: c.language for c in used}
    votes: Counter[str] = Counter()
    unsaid: list[int] = []  # tables whose notes tell
    for n, t in enumerate(tables):
        # "nl" is also what a table says when nobody chose: any other language said wins, then the notes.
        said = [lang for lang in (t.language, canvas_lang.get(t.canvas)) if lang and lang != "nl"]
        if said:
            votes[said[0]] += 1
        else:
            unsaid.append(n)
    for done, n in enumerate(unsaid):
        # Each table left adds one vote, for nl or en: once a language leads by more than that, the
        # rest cannot change the outcome (reading every table's notes was a fifth of the counting).
        left = len(unsaid) - done
        if max(votes.values(), default=0) > left and _leader(votes, left) is not None:
            break
        t = tables[n]
        notes = [i.text for i in t.items if i.kind != "value"] if texts is None else texts[n]
        votes[detect_language(notes) or "nl"] += 1
    found = most_common(sorted(votes.elements()))
    return found if found in ("nl", "en") else "nl"
