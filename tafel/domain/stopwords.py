"""Words that carry no theme: Dutch function words and the filler of notes taken at a table.

Compared after lower-casing and lemmatising, so only base forms are listed (``zijn`` covers
``is``/``was``/``waren``); a few common inflected forms are listed too, for words the lemmatiser
leaves alone.
"""

from __future__ import annotations

DUTCH = frozenset(
    """
    aan af al alle alleen alles als altijd ander andere anders at bij bijna binnen boven dan dat de
    deze die dit doch doen door dus een eigen eigenlijk en enig enige enkel er erg ergens even
    geen gaan geven hebben heel hem hen het hier hij hoe hoeveel hun ieder iedere iemand iets ik in
    is ja je jij jullie kan komen kunnen laat laten liggen maar maken me meer men met mij mijn mogen
    moeten na naar natuurlijk nee net niet niets nog nooit nu of ofwel om omdat ons onze ook op over
    te tegen toch toe tot u uit uw van veel vaak voor vooral waar waarom wat we wel welk welke wie
    wij wil willen worden wordt zal zeer zelf zich zij zijn zo zoals zonder zou zullen zeggen
    daar daarom daarbij daarin daarmee daarvan daardoor dezelfde hetzelfde elk elke wanneer terwijl
    hebt heeft had hadden ben bent was waren werd werden geweest gaat ging gingen kon konden moet
    moest mocht zal zult zullen zouden wilt wilde staan staat stond echt gewoon soms steeds weer
    wellicht misschien mee meest minder weinig beetje erg heel vrij wat welk sommige sommig beide
    via per dankzij vanuit tussen onder achter naast rond rondom sinds tijdens zodat zodra totdat
    ongeveer nogal best zit zitten lijken lijkt komt kwam gedaan gemaakt krijgen krijgt kreeg
    hun hen haar hem zij ze wij we jou jouw uzelf onszelf zichzelf elkaar iedereen niemand
    spreken praten vinden denken zien vragen noemen
    echter ineens allang elk iets ooit daarna eerst eerder later nodig mogelijk moeilijk lastig hele
    vanaf binnenkort jaar jaren week weken dag dagen wees
    ding dingen keer manier zaak zaken soort deel kant heel geheel goed beter best nieuw groot klein
    """.split()  # noqa: SIM905 (a word list reads better as prose)
)

ENGLISH = frozenset(
    """
    a about above after again all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has
    have having he her here hers him his how i if in into is it its itself just more most my no nor
    not now of off on once only or other our ours out over own same she should so some such than
    that the their theirs them then there these they this those through to too under until up very
    was we were what when where which while who whom why will with would you your yours get make
    thing things way lot need needs cannot can't don't doesn't isn't aren't won't also even still much
    many often really always never every yet however across within
    """.split()  # noqa: SIM905 (a word list reads better as prose)
)


# Verbs an advice starts with ("Investeer in…", "Zet de burger centraal"): the advice's subject is
# what follows them. Base forms; the lemmatiser turns "investeer" into "investeren".
ADVICE_VERBS = {
    "nl": frozenset(
        """
        investeren zetten maken zorgen werken geven stellen nemen brengen houden gebruiken organiseren
        ontwikkelen verminderen verkleinen versterken stoppen beginnen benutten richten creëren kijken
        zoeken bieden leggen halen helpen starten regelen inzetten aanpakken verbeteren vergroten
        bevorderen stimuleren blijven proberen lukken snappen merken weten durven gaan komen zien
        """.split()  # noqa: SIM905
    ),
    "en": frozenset(
        """
        invest make ensure put give take use build create work develop keep bring start stop improve
        increase reduce let help look find go come see know try
        """.split()  # noqa: SIM905
    ),
}

# Words every table of a programme uses about its own process and its canvas's subject: they say
# little about what a table talked about. The canvas's own texts add more (see merge).
PROCESS_WORDS = {
    "nl": tuple(
        """
        tafel gesprek gesprekstafel deelnemer moderator advies richting notitie voorbeeld begrip spanning
        ronde kaart waardekaart canvas vraag punt idee thema onderwerp overheid rijksoverheid burger mens
        samenleving casus
        """.split()  # noqa: SIM905
    ),
    "en": tuple(
        """
        table conversation participant moderator advice direction note example concept tension round card
        canvas question point idea theme topic government citizen people society
        """.split()  # noqa: SIM905
    ),
}


def stop_words(language: str) -> frozenset[str]:
    return ENGLISH if language == "en" else DUTCH


def all_stop_words() -> frozenset[str]:
    """Both languages' function words: an English phrase in Dutch notes ("put the system in the
    room") or a Dutch one in English notes should not make "the" or "het" a topic."""
    return DUTCH | ENGLISH
