"""Reading words off a drawn screen: a sentence wrapped over lines, a prompt's last sentence, Dutch words."""

from __future__ import annotations

import re

# Words that are Dutch and not English: any of them on an English screen is a string left untranslated.
DUTCH = {
    "het", "een", "van", "naar", "voor", "niet", "wat", "wie", "ronde", "tafel", "tafels", "deelnemer",
    "deelnemers", "kies", "typ", "notitie", "notities", "bewaren", "vorige", "volgende", "hulp",
    "ongedaan", "afsluiting", "exporteren", "gedeeld", "delen", "adres", "nog", "wordt", "kaart",
    "gekozen", "motivatie", "verwijst", "waarom", "samen", "organisatie", "stap", "werkt", "acties",
    "spanningen", "bijsturen", "initiatieven", "vertrouwen", "meer", "vraag", "hele", "opdrachten",
    "zonder", "toestemming", "bijv", "bv", "uw", "regel", "nieuwe", "terug", "geen", "alles",
}


def dutch_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-zà-ÿ]+", text.lower()) if w in DUTCH}


def flat(text: str) -> str:
    """The screen's words in one line: a sentence wrapped over lines is found whole."""
    for border in "│█▌▐▊▎":
        text = text.replace(border, " ")
    return " ".join(" ".join(line.split()) for line in text.splitlines())


def last_sentence(prompt: str) -> str:
    sentences = [s.strip() for s in prompt.replace("?", "?|").replace(".", ".|").split("|") if s.strip()]
    return sentences[-1]
