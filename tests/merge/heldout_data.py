"""A held-out programme: the same eleven themes as ``realistic_data``, other moderators, other words.

Not used to tune anything: a topic finder that only fits the first programme's words scores
badly here. Other examples, other abbreviations and other typos; ten tables.
"""

from __future__ import annotations

from tests.merge.realistic_data import THEMES as _BASE

THEMES: dict[str, tuple[str, ...]] = {
    **_BASE,
    "verbinding": (*_BASE["verbinding"], "kloof", "vervreemd", "nabij", "dichtbij", "menselijkheid", "relatie"),
    "voorbeelden": (*_BASE["voorbeelden"], "zorgcoöperatie", "zorgcooperatie", "dorpsraad", "wijkraad",
                    "buurtbudget", "voedselbos", "deelauto", "burgerpanel", "burgertop"),
    "complexiteit": (*_BASE["complexiteit"], "bureaucratie", "doolhof", "ingewikkeld", "formulier"),
    "vertrouwen": (*_BASE["vertrouwen"], "kinderopvangtoeslag", "achterdocht", "teleurgesteld", "afhaken"),
    "sturing": (*_BASE["sturing"], "targets", "cijfers", "meetbaar", "dashboard", "planning", "pdca"),
    "ruimte": (*_BASE["ruimte"], "hardheidsclausule", "hardheid", "afwegingsruimte", "bevoegdheid"),
    "patronen": (*_BASE["patronen"], "silo", "eilandjes", "kennis", "reflex", "projectitis", "angstcultuur"),
    "opener": (*_BASE["opener"], "transparant", "covid", "pandemie", "wendbaar", "tempo", "lef"),
    "system in the room": (*_BASE["system in the room"], "praktijk", "werkvloer", "frontlijn", "ketenpartners",
                           "uitvoeringspraktijk"),
    "rechtsstaat": (*_BASE["rechtsstaat"], "grondwet", "rechtszekerheid", "rechtsbescherming", "rechtsgelijkheid"),
}

NOTES: dict[str, list[str]] = {
    "verbinding": [
        "c|kloof tussen Den Haag en de wijk",
        "n|Ambtenaren komen te weinig buiten, het contact met bewoners ontbreekt.",
        "c|menselijkheid ipv procedure",
        "c|relatie voor inhoud: eerst verbinden",
        "n|burgers vervreemden van de overheid",
        "c|de kloof wordt groter, vooral in de regio",
        "c|nabijheid: overheid dichtbij mensen",
        "n|De menselijke maat raakt zoek in de systemen.",
    ],
    "voorbeelden": [
        "e|zorgcoöperatie in Friesland: dorp regelt eigen zorg",
        "e|Zorgcooperatie liep tegen de zorgverzekeraar aan",
        "e|buurtbudget dat de wijkraad zelf verdeelt",
        "e|voedselbos op gemeentegrond, bewoners beheren het",
        "e|burgerpanel bij de provincie over windmolens",
        "e|dorpsraad die met de gemeente samen plant",
        "e|Burgerpanels werken als je er echt iets mee doet.",
        "e|zorgcoop breidt uit naar 3 dorpen",
    ],
    "complexiteit": [
        "c|bureaucratie en formulieren",
        "n|Voor een simpele aanvraag moet je door een doolhof van regels.",
        "c|te ingewikkeld: regelingen stapelen op elkaar",
        "c|bureacratie (!) remt alles",
        "e|mantelzorger met 5 formulieren bij 4 instanties",
        "c|ingewikkelde regelingen, niemand snapt het",
        "n|Het overzicht van alle regels is allang zoek.",
    ],
    "vertrouwen": [
        "c|achterdocht bij burgers",
        "e|kinderopvangtoeslag: ouders voelen zich in de steek gelaten",
        "n|Mensen zijn teleurgesteld omdat beloofde hulp nooit kwam.",
        "c|vertrouwen herwinnen kost tijd",
        "c|teleurgestelde burgers haken af",
        "c|achterdocht is wederzijds",
        "e|kinderopvangtoeslagaffaire als breuk in vertrouwen",
    ],
    "publieke waarden": [
        "c|integer handelen",
        "c|inclusieve dienstverlening",
        "n|Respect voor iedereen, ook voor wie lastig is.",
        "c|publieke waarden centraal ipv bedrijfsmatig denken",
        "c|eerlijke behandeling",
        "c|integriteit onder druk",
    ],
    "sturing": [
        "c|targets en cijfers domineren",
        "c|dashboard-sturing",
        "n|Alles moet meetbaar zijn, dus doen we wat meetbaar is.",
        "c|verantwoording via planning- en controlcyclus",
        "c|meetbare targets ipv doelen",
        "e|subsidie aanvragen kost meer dan het oplevert",
        "c|cijfers boven mensen",
    ],
    "ruimte": [
        "c|hardheidsclausule vaker gebruiken",
        "n|Professionals hebben afwegingsruimte, maar durven die niet te nemen.",
        "c|afwegingsruimte voor de uitvoering",
        "c|hardheidsclausules in elke wet",
        "c|maatwerk boven standaard",
        "c|bevoegdheid om af te wijken",
        "n|In de geest van de wet handelen.",
    ],
    "patronen": [
        "c|silo's in Den Haag",
        "c|eilandjes binnen het ministerie",
        "n|Iedere directie werkt op haar eigen eilandje.",
        "c|silodenken",
        "c|kennis lekt weg naar adviesbureaus",
        "c|reflex: nieuwe wet bij elk probleem",
        "c|angstcultuur, niemand steekt zijn nek uit",
        "c|projectitis",
    ],
    "opener": [
        "e|tijdens covid kon alles ineens snel",
        "c|transparant over wat niet lukt",
        "c|meer lef en tempo",
        "n|In de pandemie werkten departementen wel samen.",
        "c|transparantie over keuzes",
        "c|wendbaar werken",
    ],
    "system in the room": [
        "c|werkvloer mee laten praten",
        "n|De praktijk moet aan tafel zitten als beleid gemaakt wordt.",
        "c|frontlijn-signalen naar boven",
        "c|ketenpartners samen aan tafel",
        "e|werkvloer zag de problemen lang voordat de politiek ze zag",
        "c|uitvoeringspraktijk als toets",
        "c|signalen v/d frontlijn",
    ],
    "rechtsstaat": [
        "c|grondrechten en rechtsbescherming",
        "c|rechtszekerheid voor iedereen",
        "n|De grondwet is er voor de burger, niet voor het systeem.",
        "c|rechtsbescherming van de zwakkeren",
        "c|rechtsgelijkheid",
        "c|democratische rechtsstaat versterken",
    ],
}

TENSIONS: list[tuple[tuple[str, str], str, list[int]]] = [
    (("regels", "maatwerk"), "ruimte", [0, 3, 7]),
    (("Regel", "maatwerk"), "ruimte", [5]),
    (("tempo", "zorgvuldigheid"), "opener", [2, 8]),
    (("meetbaarheid", "menselijkheid"), "sturing", [1, 6, 9]),
]
TEXT_TENSIONS: list[tuple[str, str, list[int]]] = [
    ("silo vs samenwerking", "patronen", [4, 9]),
]
TAGS = [(0, "verbinding"), (3, "silo's")]

DIRECTIONS: list[tuple[str, str]] = [
    ("Dichter bij mensen, met oog voor menselijkheid.", "verbinding"),
    ("minder bureaucratie", "complexiteit"),
    ("De werkvloer aan tafel bij elk besluit.", "system in the room"),
    ("vertrouwen herwinnen", "vertrouwen"),
    ("Afwegingsruimte voor professionals.", "ruimte"),
    ("Weg met de silo's.", "patronen"),
    ("Bewonersinitiatieven als partner zien.", "voorbeelden"),
    ("transparant en wendbaar", "opener"),
    ("integer en inclusief", "publieke waarden"),
    ("Bescherm de rechtsstaat.", "rechtsstaat"),
]

ADVICE: list[list[tuple[str, str]]] = [
    [("Ga naar buiten, de wijk in.", "verbinding"), ("Vereenvoudig formulieren.", "complexiteit"),
     ("Werk over silo's heen.", "patronen")],
    [("Gebruik de hardheidsclausule.", "ruimte"), ("Stuur minder op targets.", "sturing"),
     ("Geef zorgcoöperaties ruimte.", "voorbeelden")],
    [("Laat de werkvloer meebeslissen.", "system in the room"), ("Wees transparant.", "opener"),
     ("herstel het vertrouwen van gedupeerden", "vertrouwen")],
    [("Investeer in eigen kennis.", "patronen"), ("minder bureaucratie", "complexiteit"),
     ("Respecteer de rechtsbescherming.", "rechtsstaat")],
    [("Maak burgerpanels structureel.", "voorbeelden"), ("integriteit voorop", "publieke waarden"),
     ("Durf af te wijken.", "ruimte")],
    [("Neem de kloof met de regio serieus.", "verbinding"), ("Minder dashboards.", "sturing"),
     ("Leer van covid: samenwerken kan.", "opener")],
    [("Ketenpartners eerder aan tafel.", "system in the room"), ("Doorbreek de angstcultuur.", "patronen"),
     ("Bescherm grondrechten.", "rechtsstaat")],
    [("Geef buurtbudgetten aan wijkraden.", "voorbeelden"), ("inclusieve dienstverlening", "publieke waarden"),
     ("Beloof niets wat je niet kunt waarmaken.", "vertrouwen")],
    [("Maatwerk boven standaard.", "ruimte"), ("Signalen van de frontlijn naar de top.", "system in the room"),
     ("Minder ingewikkelde regelingen.", "complexiteit")],
    [("Nabijheid: wees er voor mensen.", "verbinding"), ("Meer lef.", "opener"),
     ("Stop met projectitis.", "patronen")],
]

MOTIVATIONS = [
    "Mensen moeten op de overheid kunnen rekenen.",
    "Ik zie als ondernemer hoe regels mensen tegenhouden.",
    "De overheid moet eerlijk zijn tegen mensen.",
    "In mijn werk zie ik mensen die de weg kwijt zijn.",
    "Als burger wil ik dat de overheid naar mensen luistert.",
]
