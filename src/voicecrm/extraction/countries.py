"""Countries, nationalities and regions, which are never a client's town (nor, the first two, an employer or a
job).

"Dana Kemp, from Ireland" names no town and "il est belge" no post. Country names come from ISO 3166-1 through
``pycountry`` (its English names and their French translations, the gettext catalogue it ships); nationality
words ("français", "Swiss") are not in ISO 3166 nor in CLDR, so the common ones are listed here with their
French feminine and plural forms.
"""

from __future__ import annotations

import gettext
from functools import cache

from .fold import fold

# Countries that are also the name of their main town: a town named so is that town.
_CITY_STATES = {"luxembourg", "monaco", "singapore", "singapour", "djibouti", "kuwait", "koweit", "panama",
                "guatemala", "san marino", "saint-marin", "vatican"}

# Masculine singular forms; French feminine and plural ones are made by _french_forms.
_NATIONALITIES_FR = (
    "français anglais britannique écossais irlandais gallois allemand autrichien suisse belge luxembourgeois "
    "néerlandais hollandais italien espagnol portugais grec polonais tchèque slovaque hongrois roumain bulgare "
    "croate serbe slovène ukrainien russe suédois norvégien danois finlandais islandais estonien letton lituanien "
    "turc libanais syrien israélien égyptien marocain algérien tunisien libyen sénégalais ivoirien malien "
    "camerounais congolais gabonais béninois togolais burkinabé nigérian sud-africain américain canadien "
    "québécois mexicain brésilien argentin chilien colombien péruvien vénézuélien cubain haïtien chinois japonais "
    "coréen vietnamien thaïlandais indien pakistanais iranien irakien australien néo-zélandais européen africain "
    "asiatique maghrébin"
).split()
_NATIONALITIES_EN = (
    "french english british scottish irish welsh german austrian swiss belgian dutch italian spanish portuguese "
    "greek polish czech slovak hungarian romanian bulgarian croatian serbian ukrainian russian swedish norwegian "
    "danish finnish icelandic turkish lebanese syrian israeli egyptian moroccan algerian tunisian senegalese "
    "nigerian american canadian mexican brazilian argentinian argentine chilean colombian peruvian cuban haitian "
    "chinese japanese korean vietnamese thai indian pakistani iranian iraqi australian european african asian"
).split()


def _french_forms(masculine: str) -> set[str]:
    """"canadien" → canadien, canadienne, canadiens, canadiennes; "français" → française(s); "belge" → belges."""
    if masculine.endswith("e"):
        feminine = masculine
    elif masculine.endswith(("ien", "éen")):
        feminine = masculine + "ne"
    elif masculine == "turc":
        feminine = "turque"
    elif masculine == "grec":
        feminine = "grecque"
    else:
        feminine = masculine + "e"
    plural = masculine if masculine.endswith("s") else masculine + "s"
    return {masculine, feminine, plural, feminine + "s"}


@cache
def _nationalities() -> frozenset[str]:
    words = {fold(w) for w in _NATIONALITIES_EN}
    for masculine in _NATIONALITIES_FR:
        words |= {fold(form) for form in _french_forms(masculine)}
    return frozenset(words)


@cache
def _countries() -> frozenset[str]:
    import pycountry

    french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    names: set[str] = set()
    for country in pycountry.countries:
        for name in (country.name, getattr(country, "common_name", None), getattr(country, "official_name", None)):
            if name:
                names |= {fold(name), fold(french.gettext(name))}
    # Everyday names ISO does not use as such.
    names |= {fold(n) for n in ("USA", "US", "UK", "England", "Scotland", "Wales", "Angleterre", "Écosse",
                                "Pays de Galles", "Amérique", "America", "Holland", "Hollande", "Russia", "Russie")}
    return frozenset(names - _CITY_STATES)


# Subdivisions whose name is also a big town's: a town named so is that town.
_TOWNS_NAMED_LIKE_REGIONS = {"new york", "washington", "quebec", "québec", "victoria"}
# Regions people name that ISO 3166-2 lists under their newer or French names.
_OLD_REGIONS = ("Brittany", "Normandy", "Burgundy", "Provence", "Alsace", "Lorraine", "Corse", "Corsica", "Picardie",
                "Picardy", "Champagne", "Auvergne", "Limousin", "Aquitaine", "Midi-Pyrénées", "Languedoc",
                "Languedoc-Roussillon", "Poitou-Charentes", "Franche-Comté", "Savoie", "Savoy", "Grand Est")


def _region_key(name: str) -> str:
    return fold(name).replace("-", " ").replace("’", "'")


@cache
def _regions() -> frozenset[str]:
    import pycountry

    kinds = {"US": {"State", "District"}, "CA": {"Province", "Territory"}, "AU": {"State", "Territory"},
             "FR": {"Metropolitan region"}}
    names = {_region_key(sub.name) for code, types in kinds.items()
             for sub in pycountry.subdivisions.get(country_code=code) if sub.type in types}
    names |= {_region_key(name) for name in _OLD_REGIONS}
    return frozenset(names - {_region_key(town) for town in _TOWNS_NAMED_LIKE_REGIONS})


def is_region(name: str) -> bool:
    """Whether ``name`` is wholly a state, province or region, never a client's town: a US state, a Canadian
    province or territory, an Australian state (ISO 3166-2 through ``pycountry``), a French region, new or old
    ("Montana", "Ontario", "Bretagne", "Normandy"). Those named like their big town ("New York", "Québec") are
    not counted."""
    return _region_key(name.strip(" .,;:")) in _regions()


def is_country(name: str) -> bool:
    """Whether ``name`` is wholly a country's name, in English or French ("Ireland", "Allemagne", "États-Unis");
    countries named like their main town ("Luxembourg", "Singapore") are not counted."""
    return fold(name.strip(" .,;:")) in _countries()


def is_nationality(word: str) -> bool:
    """Whether ``word`` is wholly a nationality, in English or French ("Swiss", "belge", "canadiennes")."""
    return fold(word.strip(" .,;:")) in _nationalities()


__all__ = ["is_country", "is_nationality", "is_region"]
