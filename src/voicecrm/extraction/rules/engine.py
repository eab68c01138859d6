"""The language-independent part of the rules: reading names, places, employers and job titles
that a language's cue announces, and choosing the best candidate for each field."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..countries import is_country, is_nationality, is_region
from ..dates import is_calendar_name
from ..fold import fold
from ..normalize import AMOUNT, Found, amount_value, clean_job_title, find_emails, find_phones
from ..towns import is_town
from .lexicon import Lexicon

_TOKEN = re.compile(r"\w[\w'-]*|[^\w\s]")
_UPPER = "A-ZÀ-ÖØ-Þ"
_LETTER = "A-Za-zÀ-ÖØ-öø-ÿ"
_CAP_WORD = re.compile(rf"[{_UPPER}][{_LETTER}'-]*")
_ELIDED_CAP = re.compile(rf"[dDlL]'[{_UPPER}][{_LETTER}'-]*")
_ORG_WORD = re.compile(rf"(?:[{_UPPER}0-9][\w'&.-]*|[a-z]+[{_UPPER}][\w'-]*)")
_WORD = re.compile(rf"[{_LETTER}][{_LETTER}'-]*")
_AMOUNT_RE = re.compile(AMOUNT)
MASK = "#"

# Lower-case particles inside a surname ("Jean de la Fontaine", "Ludwig van Beethoven").
_PARTICLES = {"de", "du", "des", "van", "von", "di", "da", "del", "della", "der", "den", "ter", "bin", "ben"}
_PARTICLE_SECOND = {"la", "der", "den", "l'"}
# Capitalised particles that begin a surname ("Le Gall", "De Smet"): a name part only before another.
_CAP_PARTICLES = {"le", "la", "les", "de", "du", "des", "van", "von", "di", "da", "del", "mac", "mc", "st"}
# Lower-case words that may join the words of a company or a city ("Bank of America", "Aix-en-Provence").
_ORG_LINKS = {"&", "and", "et", "of", "de", "du", "des", "la", "le", "les", "d'", "l'", "en", "sur", "y"}
_PLACE_LINKS = {"de", "du", "des", "la", "le", "les", "en", "sur", "sous", "d'", "l'", "upon", "on"}
_JOB_LINKS = {"de", "d'", "du", "des", "en", "of"}
# Dictated field labels: a capitalised label ends the value before it ("Zentrix Corporation Phone ...").
_LABELS = {
    "email", "e-mail", "mail", "phone", "téléphone", "tél", "tel", "budget", "age", "âge", "ville", "city",
    "poste", "title", "company", "société", "entreprise", "portable", "mobile", "cell", "notes", "note",
}
_PRONOUNS = {"i", "je", "j'", "il", "elle", "he", "she", "they", "we", "nous", "vous", "you", "it", "on"}
# What opens a clause as its subject, contracted or not ("he's", "that's"): never the first word of a job.
_SUBJECTS = frozenset(_PRONOUNS | {"that", "there", "who", "what"})
# Departments are part of a job title even when capitalised ("VP of Engineering", "head of Sales").
_DEPARTMENTS = {
    "engineering", "marketing", "sales", "finance", "operations", "product", "research", "development",
    "communications", "communication", "design", "data", "technology", "human", "resources", "customer",
    "success", "support", "legal", "compliance", "procurement", "purchasing", "logistics", "security",
    "strategy", "innovation", "partnerships", "business", "growth", "talent", "people", "accounting",
    "ventes", "achats", "ressources", "humaines", "informatique", "production", "qualité", "recherche",
    "développement", "clientèle", "comptabilité", "formation", "juridique", "service", "accounts", "payable",
    "hr", "rh", "paie", "r&d", "audit", "office",
}
# The functions a post may join with "et" / "and" after another ("administrative et financière").
_FUNCTIONS = _DEPARTMENTS | {
    "financière", "financier", "commercial", "commerciale", "technique", "administratif", "administrative",
    "logistique", "opérationnel", "opérationnelle", "industriel", "industrielle", "scientifique", "pédagogique",
    "artistique", "numérique", "digital", "digitale", "achats", "marketing", "communication", "informatique",
} - {"human", "customer", "business", "service", "office", "accounts", "payable", "people", "ressources"}
_WORKPLACE_LINKS = {"chez", "à", "au", "dans", "pour", "de", "d'", "du", "at", "for", "in", "with", "from", "on"}
# Where the clause a value belongs to starts: a stop, a comma, or a word turning to the present ("mais", "now").
_CLAUSE_START = re.compile(r"[.!?;,]|\b(?:mais|but|et|and|now|maintenant|désormais|aujourd'hui|today|currently|"
                           r"actuellement|pour|to join)\b", re.IGNORECASE)
# What makes a workplace, a town or a post not the client's present one: past, negated or wished for.
_NOT_CURRENT = {
    "fr": re.compile(r"\bn(?:e\b|')[^,.;]*\bplus\b|\bplus (?:chez|à|au|pour|dans)\b|\b(?:avant|auparavant|"
                     r"anciennement|autrefois|jadis|travaillait|était|habitait|vivait|résidait|ancien(?:ne)?|"
                     r"rêve|aimerait|voudrait|souhaiterait|espère|si)\b|\bex-|\ba quitté\b|"
                     r"\b(?:a|avait) (?:travaillé|bossé)\s+(?:pendant\s+|durant\s+)?(?:\w+\s+)?(?:ans|années|mois)\b|"
                     r"\bavait (?:travaillé|bossé|été)\b|\ba été (?:\w+ ){1,2}ans\b|"
                     r"\bva (?:déménager|s'installer|partir|rejoindre|devenir|intégrer)\b|\brejoindra\b",
                     re.IGNORECASE),
    "en": re.compile(r"\b(?:is|are|'s|'re) (?:moving|relocating)\b|\bwill (?:move|relocate|join|become)\b|"
                     r"\b(?:is|'s) (?:going to|about to) (?:join|become)\b|"
                     r"\b(?:no longer|used to|formerly|previously|former|was(?! (?:just )?(?:promoted|named|"
                     r"appointed|hired|made))|were|lived|left|retired|would|"
                     r"wants? to|hopes? to|dreams?|if|might)\b|\bex-|(?<!has )(?<!have )(?<!'s )\bworked\b|"
                     r"(?:\bnot\b|n't\b)[^,.;]*\b(?:anymore|any more|any longer)\b", re.IGNORECASE),
}
# What a firm is to another ("Blue Harbor is the main supplier of …"): no person's post.
_FIRM_ROLES = re.compile(r"(?:\w+\s+)?(?:suppliers?|vendors?|providers?|distributors?|manufacturers?|"
                         r"competitors?|clients?|customers?|fournisseurs?|distributeurs?|prestataires?|fabricants?|"
                         r"concurrents?)", re.IGNORECASE)
# Posts about clients, whose words are otherwise labels ("customer", "client"): "customer success manager",
# "client services director", "responsable clients", "chargée de clientèle" (read whole, from their first word).
_CLIENT_POST = re.compile(r"(?:customer|client)s?\s+(?:(?:success|service|services|relations?|care|support|"
                          r"experience|account|accounts)\s+)?(?:manager|director|officer|executive|specialist|"
                          r"representative|rep|agent|lead|coordinator|advisor|adviser|associate|partner)s?\b|"
                          r"(?:responsable|directeur|directrice|conseill(?:er|ère)|gestionnaire|chargée?)\s+"
                          r"(?:de\s+(?:la\s+)?)?(?:clients?|clientèle|relation client)\b", re.IGNORECASE)


def _is_firm_role(value: str) -> bool:
    """Whether a post read is what a firm is to another ("main supplier", "notre fournisseur"), not a post about
    clients ("responsable client")."""
    return bool(_FIRM_ROLES.fullmatch(value)) and not _CLIENT_POST.fullmatch(value)


# A workplace described in an apposition, up to the word before its town: ", un garage à", ", une école Montessori à",
# ", une crèche privée de", ", a bakery in" (Finder.firm_towns).
_BUSINESS_NOUNS = (r"(?:entreprise|société|pme|start-?up|agence|école|crèche|ferme|exploitation|cabinet|atelier|bar|"
                   r"café|brasserie|restaurant|hôtel|boulangerie|pâtisserie|épicerie|boutique|magasin|garage|"
                   r"menuiserie|imprimerie|pharmacie|clinique|salon|association|enseigne|franchise|usine|"
                   r"company|firm|business|shop|store|bakery|cafe|agency|clinic|practice|school|hotel|farm|winery|"
                   r"brewery|pharmacy|studio|dealership|nursery|daycare|law firm)")
_FIRM_DESCRIBED = re.compile(rf"[,–—]\s*(?:un|une|a|an)\s+(?:[\w'-]+\s+){{0,2}}?{_BUSINESS_NOUNS}"
                             rf"(?:\s+[\w'-]+){{0,2}}?\s+(?:à|in|de|d')\s*(?=[{_UPPER}])", re.IGNORECASE)
_FIRM_NAME_BETWEEN = re.compile(r"\s*(?:(?:de|du|des|d'|chez|at|of|for|au|à la)\s*[^,.;]{1,50})?")
# A phone or an address said as someone's by name: "le portable de Laure c'est", "le mail d'Ophélie", "Mark's email
# is", "Laure's cell:" (Finder._drop_named_others_contacts); the name right before the value, nothing else between.
_CONTACT_OF = re.compile(
    rf"(?:\b(?:portable|numéro|num|tél|téléphone|mobile|fixe|ligne|mail|e-mail|email|courriel|adresse)\s+"
    rf"(?:de|d['’])\s*(?:(?:M|Mme|Mlle|Monsieur|Madame)\.?\s+)?(?P<of>[{_UPPER}][\w'-]+(?:\s+[{_UPPER}][\w'-]+)?)"
    rf"|\b(?P<s>[{_UPPER}][\w-]+)['’]s\s+(?:cell|cellphone|phone|number|mobile|email|e-mail|address|direct line))"
    rf"\s*(?:(?:c['’]est|est|is|:)\s*)?(?:le\s+|la\s+|l['’])?$")
# Words read like a name before "'s" that are no person ("The company's number", "Today's").
_NOT_AN_OWNER = frozenset({"the", "today", "company", "office", "shop", "store", "client", "customer"})
# Posts of a town's own ("the mayor of Millbrook"): the town they serve is no employer.
_PUBLIC_OFFICE = re.compile(r"\b(?:(?:deputy\s+|vice\s+)?mayor|maire|adjointe? au maire|town clerk|city manager|"
                            r"councill?or|council(?:wo)?man|conseill(?:er|ère) municipale?|secrétaire de mairie)$",
                            re.IGNORECASE)
# A period before now, said of an amount: last year's budget is not this year's ("her budget last year was 20k",
# "used to have a budget of", "l'an dernier son budget était de", "ancien budget"); not "as discussed last time".
_PAST_PERIOD = re.compile(r"\b(?:last|previous|past)\s+(?:year|month|quarter|season)\b|\bthe year before\b|"
                          r"\b(?:previous|old|former)\s+budget\b|(?<!'s )(?<!\bis )(?<!\bare )(?<!\bget )\bused to\b|"
                          r"\b(?:l'an (?:dernier|passé)|l'année (?:dernière|passée)|le mois dernier|"
                          r"le trimestre dernier|l'exercice (?:précédent|passé)|auparavant|autrefois|ancien budget|"
                          r"budget précédent)\b|^\s*avant\s+(?:il|elle|ils|elles|on|ça|c'était)\b", re.IGNORECASE)
# … unless the period is what the amount is compared with, or when it was agreed ("same as last year", "depuis l'an
# dernier", "validé le mois dernier", "over the past month"), or this year's figure is said too.
_COMPARED_BEFORE = re.compile(r"\b(?:same as|like|comme|since|depuis|from|than|que|vs\.?|versus|par rapport à|"
                              r"compared (?:to|with)|over|after|après|as of|validée?|approuvée?|confirmée?|votée?|"
                              r"signée?|approved|confirmed|agreed|signed|set|renewed|renouvelée?)\s+(?:the\s+)?$",
                              re.IGNORECASE)
_THIS_PERIOD = re.compile(r"\b(?:this year|cette année|now|maintenant|désormais|currently|actuellement|new budget|"
                          r"nouveau budget|for this year|pour cette année)\b", re.IGNORECASE)
# A price per unit, not a budget: after the amount ("12 euros pièce", "$350 per seat") or before it.
_PER_UNIT_AFTER = re.compile(
    r"\s*(?:(?:par mois|per month|a month|/\s*mois|/\s*month)\s+)?"  # "89 euros par mois par poste"
    r"(?:(?:la )?pièce|l'unité|chacune?|par (?:unité|pièce|licence|poste|personne|utilisateur|siège|tête|article|"
    r"camion|véhicule)|"
    r"each|apiece|per (?:unit|piece|licen[cs]e|seat|user|person|head|item|truck|vehicle)|"
    r"a (?:unit|piece|seat|licen[cs]e)|"
    r"/\s*(?:unit|user|seat|licen[cs]e|unité|poste)|"
    # per area: "45 euros le mètre carré", "$45 per square foot"
    r"(?:le|du|par) (?:m²|m2|mètre carré|metre carré)|/\s*(?:m²|m2|sq\.? ?ft)|"
    r"(?:per|a) (?:square (?:foot|feet|meter|metre)|sq\.? ?ft))(?!\w)", re.IGNORECASE)
# An amount per hour ("$80 an hour", "60 euros de l'heure") is a rate, not a budget. A monthly one is a budget when
# the note says it is one ("budget 150 euros par mois", "peut mettre 90 euros par mois": rent, insurance, a
# subscription; two separate agents' notes took it so), but not on its own ("il paie 300 euros par mois à son
# fournisseur", "un abonnement à 99 euros par mois": what something costs).
_PER_PERIOD_AFTER = re.compile(r"\s*(?:(?:hors taxes?|HT|TTC)\s*)?(?:par heure|de l'heure|/\s*(?:heure|hour|hr|h)|"
                               r"(?:per|an|each|every) hour|hourly)\b", re.IGNORECASE)
_PER_MONTH_AFTER = re.compile(r"\s*(?:(?:hors taxes?|HT|TTC)\s*)?(?:par (?:mois|semaine|jour)|/\s*(?:mois|month|mo)|"
                              r"(?:per|a|each|every) (?:month|week|day)|monthly|weekly|daily)\b", re.IGNORECASE)
_UNIT_PRICE_BEFORE = re.compile(r"\b(?:prix unitaire|unit price|price per unit|coût unitaire|unit cost|tarif unitaire|"
                                r"(?:hourly|daily) (?:rate|fee)|taux horaire)"
                                r"\s*(?:de|of|is|est|:)?\s*(?:de\s*)?$", re.IGNORECASE)
# A budget said to be someone else's: "le budget de son concurrent", "the budget of their supplier".
_SOMEONE_ELSES = re.compile(r"\s*(?:de|du|d'|of)\s*(?:son|sa|leur|their|his|her|the|le|la)?\s*(?:concurrents?|"
                            r"competitors?|fournisseurs?|suppliers?|voisins?|neighbou?rs?)\b", re.IGNORECASE)
# A name announced as a message's sender: "Call from", "Email from", "Appel de", "Message de".
_MESSAGE_FROM = re.compile(r"\b(?:call|email|e-mail|message|voicemail|text|appel|mail|message vocal)\s+(?:from|de)\s+$",
                           re.IGNORECASE)
# What a note says a person did or wants, set beside their name like a post: "Kevin Marsh, 28, bought two
# licences", "Sandra Gibbs, asked about pricing", "Alan Pettit, told me …" (folded words).
_SAID_NOT_POSTS = frozenset(
    "bought told said sent got took came went made gave found thought felt met left paid spoke wrote heard saw "
    "knew asked asks needs needed wants wanted mentioned called emailed requested liked likes loved agreed signed "
    "ordered confirmed says has had is was will would can could should might plans planned hopes hoped prefers "
    "preferred seems thinks if when who which that just also runs owns manages handles oversees "
    "demande demandait veut voulait souhaite souhaitait dit envoye appele signe commande confirme achete "
    "cherche pense aimerait voudrait appelez rappelez contactez envoyez joignez notez call email text ring send "
    "va vont sera "
    "contact "
    # Things and ages set beside a name: "Laura Mason, 38, order of 250 units", "la quarantaine".
    "order commande apartment appartement house maison quarantaine trentaine cinquantaine soixantaine "
    "vingtaine forties thirties fifties sixties twenties".split())
# A speaker taking back what they just said: "non pardon", "enfin non", "sorry", "I mean", "no wait".
_CORRECTION_AFTER = re.compile(
    r"[\s,.…]*(?:\?\s*(?:non|no)\b|(?:ah|euh|heu|oh|um|uh|er|erm),?\s+(?:non|no)\b|"
    r"(?:(?:non|no)[\s,]+)?(?:pardon|excusez-moi|je veux dire|enfin non|ou plutôt|"
    r"enfin plutôt|plutôt|enfin|sorry|i mean|correction|no wait|non attends?|or rather|make that|"
    # "wait, no, 63", "actually no, he said 25k", "wait no, it's …" (but "actually no kids", "wait, no rush")
    r"(?:wait|attends?|actually|en fait),?\s+(?:no|non)(?=\s*(?:[,.;!?]|$|it's|it is|c'est|"
    r"(?:he|she|they|il|elle)\s+(?:said|says|a dit|dit)))(?:,?\s+(?:he|she|they|il|elle)\s+(?:said|says|a dit|dit))?|"
    r"(?:well,?\s+)?actually(?:,?\s+(?:more like|it's|it is))?|more like)\b|well(?=\s*,)|"
    # a bare "no" between commas (_BARE_NO)
    r"(?<=,)\s*(?:no|non)(?=\s*,))"
    r"[\s,:]*",
    re.IGNORECASE)
# A bare "no" (between commas) corrects a value only with one of the same kind right after it, ending its clause:
# "Mr. Varga, no, Mr. Vargas.", "45, no, 47."
_BARE_NO = re.compile(r"[\s,]*(?:no|non)[\s,]*", re.IGNORECASE)
_CURRENCY_AFTER = re.compile(r"(?:\s*(?:francs? suisses?|euros?|dollars?|pounds?|livres?|CHF|EUR|USD|GBP|€|\$|£))?",
                             re.IGNORECASE)
_CLAUSE_END = re.compile(r"\s*(?:[,.;!?]|$)")
# A value said as the one it is not, then the right one: "ce n'est pas Mme Dumas mais Mme Dumont", "il n'a pas 45
# ans mais 54".
_NEGATED_VALUE = re.compile(r"(?:\bpas|\bnot|n't)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_BUT_AFTER = re.compile(r"\s*,?\s*(?:mais|but|c'est|it's|it is)\s+", re.IGNORECASE)
# Markers that may be mere fillers ("plutôt dynamique", "um, no rush", "actually quite young", "enfin surtout la
# paie"): they correct a value only when another of the same kind follows them, or, for a post, one that refines it
# ("directeur, enfin directeur adjoint").
_WEAK_CORRECTION = re.compile(r"[\s,.…]*(?:(?:ah|euh|heu|oh|um|uh|er|erm),?\s+(?:non|no)|plutôt|enfin|non|no|"

                              r"(?:well,?\s+)?actually(?:,?\s+(?:more like|it's|it is))?|more like|well)[\s,:]*$",
                              re.IGNORECASE)
# Relatives a note may speak of besides the client, and co-workers (whose names are posts too: "associé",
# "assistant"): what is said of them is not the client's.
_RELATIVES = {
    "fr": r"\b(?:fils|filles?|enfants?|bébé|petits?-enfants?|femme|mari|épouse|époux|conjointe?|compagne|compagnon|"
          r"père|mère|parents?|frères?|sœurs?|soeurs?|oncle|tante|cousine?|neveu|nièce|beau-père|belle-mère|"
          r"beau-frère|belle-sœur)\b",
    "en": r"\b(?:sons?|daughters?|kids?|children|child|baby|grandchildren|wife|husband|spouse|father|mother|"
          r"dad|mom|mum|parents?|brothers?|sisters?|uncle|aunt|cousin|nephew|niece|in-laws?)\b",
}
# The end of a sentence: a full stop, but not a title's ("Le fils de M. Lemaire, Quentin, 22 ans").
_SENTENCE_END = r"(?<!\bM)(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bMrs)(?<!\bMme)[.!?]\s"
# A name given after a pronoun: "Elle s'appelle Lucie Tessier", "He's called Tom".
_PRONOUN_NAMED = re.compile(r"\b(?:il|elle|he|she)\s*(?:s['’]appelle|se nomme|is called|is named|['’]s called|"
                            r"['’]s name is)\s*$", re.IGNORECASE)
_PRONOUN = re.compile(r"\s*(il|elle|ils|elles|je|j'|lui|he|she|they|i)\b", re.IGNORECASE)
# The gender a pronoun and a relative's noun give.
_GENDERED = {"il": "m", "lui": "m", "he": "m", "elle": "f", "she": "f"}
_GENDERS = {
    "fr": {"f": r"\b(?:femme|épouse|filles?|mère|sœurs?|soeurs?|tante|cousine|nièce|compagne|conjointe|patronne|"
                r"associée|assistante|belle-mère|belle-sœur)\b",
           "m": r"\b(?:mari|époux|fils|père|frères?|oncle|cousin|neveu|compagnon|conjoint|patron|associé|assistant|"
                r"beau-père|beau-frère)\b"},
    "en": {"f": r"\b(?:wife|daughters?|mother|mom|mum|sisters?|aunt|niece)\b",
           "m": r"\b(?:husband|sons?|father|dad|brothers?|uncle|nephew)\b"},
}
# "sa femme", "his wife", "leur associé": someone of the client's; "elle est associée" is the client's own post.
_POSSESSIVES = r"\b(?:son|sa|ses|leur|leurs|mon|ma|mes|notre|nos|his|her|their|my|our)"
# Who sent the client, or on whose behalf someone called: "recommandée par Gérard Bouvier, 65 ans" (_REFERRER).
# A name right after _REFERRED_BY is the referrer's ("Referred by Dr Alan Pierce"); one after "de la part de" is a
# caller's, who is the client as often as not.
_SENT_BY = r"recommandée?s? par|envoyée?s? par|referred by|recommended by|sent by"
# … and who passed a lead on: "Contact transmis par …", "Got this lead from my buddy …", "Lead de la part de …".
_REFERRED_BY = (rf"\b(?:{_SENT_BY}|referral from|recommandation de|(?:transmise?|passée?|donnée?) par|"
                r"(?:lead|leads|piste|tuyau|recommandation)\s+(?:de la part de|from)|contact\s+de la part de|"
                r"(?:got|had|have|eu|reçu)\s+(?:this|the|a|ce|le|un)\s+(?:lead|contact|tuyau)\s+"
                r"(?:from|par|de|de la part de)(?:\s+(?:my|our|mon|ma|notre)\s+[\w'-]+)?)")
_TITLES = r"(?:Dr|Mr|Mrs|Ms|M|Mme|Mlle|Maître|Me|Docteur|Doctor|Monsieur|Madame|Mademoiselle)\.?"
# The words between a person's noun and their name: "sa secrétaire s'appelle Lucie", "her husband's name is Mark",
# "son associé, M. Marc Dupuis" (the title is part of the words, not of the name read after them).
_NAMING_AFTER = (r"\s*[,:]?\s*(?:(?:s['’]appelle|se nomme|c['’]est|est|is called|is named|named|called|['’]s name is|"
                 rf"name is|is|was)\s+)?(?:{_TITLES}\s+)?")
_REFERRER = rf"\b(?:{_SENT_BY}|de la part de|au nom de|on behalf of)\b"
_CO_WORKERS = {"fr": r"\b(?:collègues?|patron(?:ne)?|associée?|assistante?|secrétaire|concurrents?|fournisseurs?)\b",
               "en": r"\b(?:colleagues?|co-?workers?|boss|assistant|secretary|partner|competitors?|suppliers?)\b"}
# "35 ans d'expérience", "20 years of experience": a length of service, not an age; "40 ans d'histoire", "30 years
# in business": a firm's (but "a 44-year-old in business banking" is the client's).
_NOT_AN_AGE_AFTER = re.compile(
    r"\s*(?:d'expérience|d'ancienneté|de carrière|de métier|de service|de maison|dans le métier|d'histoire|"
    r"d'existence|of experience|in the business|in the industry|in the field|on the job|ago|experience|"
    r"years in business|of history)",
    re.IGNORECASE,
)
# "his 19-year-old daughter", "a 10-year-old car": an age said as the adjective of a relative or a thing.
# English only: French says an age as "N ans", never as an adjective. A thing only when its noun ends the phrase:
# "a 12-year-old truck." but "a 38-year-old truck driver", "a 45-year-old business owner" are the client's.
_OWNED_AFTER_AGE = re.compile(r"\s+(?:\w+\s+)?(?:" + _RELATIVES["en"] + r"|(?:car|truck|van|house|building|roof|boat|"
                              r"dog|cat|company|business|firm|machine|equipment|fleet|barn|warehouse)\b(?=\s*(?:[,.;!?]|"
                              r"$|(?:and|that|which|with|is|was|has|had|needs|in|on|for)\b)))", re.IGNORECASE)
# A thing the sentence gives an age: "his building is 60 years old", "son bâtiment a 60 ans".
_THING_IS_AGED_BEFORE = re.compile(
    r"\b(?:bâtiment|toiture|toit|camion|bateau|machine|maison|voiture|immeuble|building|roof|truck|van|boat|house|"
    r"car|barn|warehouse|fleet|equipment)\s+(?:a|is|was|fait|has been)\s+(?:about\s+|around\s+|environ\s+)?$",
    re.IGNORECASE)
# "… à Nancy où il habite", "… to Tulsa, where she lives": the clause after a place says the person lives there.
_HOME_AFTER = re.compile(r"\s*,?\s*(?:où (?:il|elle|ils|elles) (?:habitent|habite|vivent|vit|résident|réside|"
                         r"est installée?|sont installée?s)|where (?:he|she|they) (?:lives?|resides?|is based|"
                         r"are based|(?:has|have) (?:lived|been living)))\b", re.IGNORECASE)
# Where or how a person is, set beside their name like a post: "Larry Green, back in Tulsa", "…, away until May".
_STATES_NOT_POSTS = frozenset("back away here there still again out off busy available unavailable abroad "
                              "absent disponible indisponible ici là-bas dehors".split())
# A firm's noun right before a naming cue ("sa société s'appelle …", "the company is called …"): the name that
# follows is the firm's.
_FIRM_NOUNS_EN = r"(?:company|firm|business|agency|shop|store|startup|start-up|brand)"
_FIRM_NOUNS_FR = r"(?:société|entreprise|boîte|boite|compagnie|agence|enseigne|magasin|boutique|cabinet)"
_FIRM_BEFORE_CALLED = re.compile(
    rf"\b(?:(?:a|an|his|her|their|its)\s+(?:[\w-]+\s+){{0,2}}{_FIRM_NOUNS_EN}|{_FIRM_NOUNS_EN}(?:\s+is|'s)|"
    rf"{_FIRM_NOUNS_FR})\s*$", re.IGNORECASE)
_FIRM_NAMED_BEFORE = re.compile(
    rf"\b(?:{_FIRM_NOUNS_EN}\s+(?:is|is called|'s called|is named)|{_FIRM_NOUNS_FR}\s+(?:s'appelle|se nomme|est))$",
    re.IGNORECASE)
# Who sent the client, said right after a name: "Patricia Moulin qui m'a recommandé ce client".
_REFERRED_AFTER = re.compile(r"\s*,?\s*(?:(?:de chez|from|of)\s+[\w&'-]+(?:\s+[\w&'-]+)?\s+)?"
                             r"(?:qui (?:m'a|nous a|t'a|m'|nous) ?(?:recommandée?|envoyée? (?:ce|cette|le|la)|"
                             r"passé le contact|donné le contact|donné son nom)|who (?:referred|recommended|"
                             r"introduced (?:me|us) to|passed on))\b", re.IGNORECASE)
# A clause that opens on a name and its verb: "Dana is the buyer at …", "Marc travaille chez …".
_NAMED_SUBJECT = re.compile(rf"\s*(?:[{_UPPER}][\w'-]+\s+){{1,2}}(?:is|was|has|works|lives|runs|est|a|travaille|habite|"
                            r"vit|dirige)\b")
# A town named with its state or country after it: "Delaware, Ohio", "Lorraine, au Québec".
_QUALIFIED_TOWN = re.compile(rf",\s*(?:au |en )?[{_UPPER}]")
# A possessive ending: "Gibbs's", "Cole’s".
_POSSESSIVE_S = re.compile(r"['’]s$", re.IGNORECASE)
# A clause about the client's firm, whose town is said next: "sa société Est Courtage est à …", "his company, …,
# is in …".
_FIRM_SUBJECT = re.compile(r"\b(?:sa|son|leur|his|her|their|its)\s+(?:société|entreprise|boîte|siège|usine|company|"
                           r"firm|business|headquarters|hq|plant|factory|offices?|bureaux)\b[^.;]*?"
                           r"\b(?:est|sont|se trouve|se situe|is|are|located|based|basée?s?)\s+(?:à|a|au|en|in|at)\b",
                           re.IGNORECASE)
# Where a clause with a subject of its own starts: "…, lui c'est Didier, il est basé à Douai".
_SUBJECT_START = re.compile(r"[.!?;]|\b(?:mais|but|il|elle|lui|he|she|they)\b", re.IGNORECASE)
_NEGATED_BEFORE = re.compile(r"(?:\bc'est pas|\bce n'est pas|\bn'est pas|\bc'est plus|\bnot|\bisn't)\s*:?\s*$",
                             re.IGNORECASE)
# "not the Emma Walker from …", "not the one from Austin", "pas la Camille Martin de …": someone else.
_SOMEONE_ELSE_OF_THE_NAME = re.compile(
    rf"\b(?:not|pas)\s+(?:the\s+|le\s+|la\s+|l')?(?:(?:[{_UPPER}][\w'-]*|one|celui|celle)\s*){{1,3}}$")
_RIVAL_AFTER = re.compile(r"\s*,?\s*(?:notre|son|un|our|his|her|a) (?:concurrent|competitor|rival)"
                          r"(?!\s+(?:\w+\s+)?(?:of|de|d'|du|est|is)\b)", re.IGNORECASE)
# A switchboard, a generic or an old address or number, not the client's own.
_SHARED_CONTACT_BEFORE = re.compile(
    r"\b(?:standard|accueil|switchboard|main line|front desk|reception|générique|generic)\b[^.;,]*$|"
    r"(?:(?<!years )(?<!year )\b(?:old|previous|former)\s+(?:(?!(?:her|his|their|my|our|your)\b)\w+\s+)?"
    r"(?:number|phone|cell|mobile|email|e-mail|address)\b(?!\s+(?:system|line|plan|bill|provider|contract))|"
    r"\b(?:ancien(?:ne)?)\s+(?:\w+\s+)?(?:numéro|téléphone|portable|mail|e-mail|email|adresse)\b)"
    # … unless a new one is said after it: "his old number is dead, the new one is …", "…bounced, use …"
    r"(?:(?!\b(?:new|nouve(?:au|l|lle)|now|maintenant|désormais|current|actuel(?:le)?|use|utilise[rz]?)\b)"
    r"[^.;])*$",
    re.IGNORECASE)
_SHARED_CONTACT_AFTER = re.compile(r"\s*\)?\s*(?:bounced|is dead|no longer works|ne marche plus|n'est plus valide)",
                                   re.IGNORECASE)
# A town the client is only passing through: "à Paris jusqu'à jeudi", "in Denver this week", "en vacances à Nice".
_PASSING_AFTER = re.compile(r"\s*,?\s*(?:jusqu'(?:à|au|en)|until|till|through|cette semaine|ce week-end|this week|"
                            r"this weekend|for the (?:week|day|weekend)|pour (?:la|le) (?:semaine|journée|week-end)|"
                            r"pour quelques jours|for a few days|en ce moment|right now|en vacances|on (?:vacation|"
                            r"holiday)|en déplacement|on a (?:business )?trip)\b", re.IGNORECASE)
_PASSING_BEFORE = re.compile(r"\b(?:en vacances|en déplacement|en voyage|en congés?|on (?:vacation|holiday)|"
                             r"(?:on a )?(?:business )?trip|travell?ing|visiting|de passage|stopover|escale|"
                             r"transit|airport|aéroport)\b[^,.;]*$", re.IGNORECASE)
# An age said as a guess between two: "45 I think, maybe 50", "40 ou 45 ans", "between 40 and 45".
_HEDGED_AFTER = re.compile(r"(?:\s*(?:ans|years?(?: old)?))?\s*,?\s*(?:i think|i guess|je crois|je pense|il me semble)?"
                           r"\s*,?\s*(?:maybe|perhaps|or|peut-être|ou|voire|to|à)\s+(?:\d|so\b)", re.IGNORECASE)
# An age the person will have, not has: "il a 40 ans l'année prochaine", "30 ans en juin", "turns 40 next year",
# "will be 40". The next birthday is not the age to store.
_MONTHS = (r"janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|"
           r"decembre|january|february|march|april|may|june|july|august|september|october|november|december")
_FUTURE_AGE_AFTER = re.compile(
    rf"(?:\s*(?:ans|years?(?: old)?))?\s+(?:l'année prochaine|l'an prochain|le mois prochain|la semaine "
    rf"prochaine|en (?:{_MONTHS})\b(?! (?:dernier|passé))|dans (?:\w+ )?(?:jours|semaines|mois)|"
    rf"next (?:year|month|week)|in (?:{_MONTHS})\b|in (?:\w+ )?(?:days|weeks|months))", re.IGNORECASE)
_FUTURE_AGE_BEFORE = re.compile(
    r"\b(?:will be|'ll be|is going to be|turns|turning|va avoir|aura|fêtera ses|fête ses)\s*$", re.IGNORECASE)
_HEDGED_BEFORE = re.compile(r"\d{1,3}\s*(?:or|ou|to|à|-|–)\s*$", re.IGNORECASE)
# What makes an amount one end of a range ("20 to 25 thousand", "entre 10 et 15k", "$10-15k").
_RANGE_LINK = r"(?:to|-|–|à|et|and|or|ou)"
_RANGE_AFTER = re.compile(rf"\s*{_RANGE_LINK}\s*(?:an?\s+)?[$€£]?\s?\d", re.IGNORECASE)


# Scale words and the largest count said before each: million, hundred thousand, thousand, hundred.
_SCALES = ((1_000_000, 999), (100_000, 9), (1000, 999), (100, 9))


def _range_low(low: re.Match[str], rest: str) -> int | float | None:
    """The low end (the amount ``low`` matched) of a range whose high end starts ``rest`` ("… to 25 thousand"),
    in the high end's unit, which is said once, at the end: "20 to 25 thousand" is 20 000, "1,5 à 2,5
    millions" 1 500 000, "entre 10 et 15 000 euros" 10 000 and "three or four hundred thousand" (read "3 or
    400000") 300 000. A bare low end far below a high end whose unit cannot be told ("10 to 100000") gives
    None: no budget rather than a wrong one."""
    value = amount_value(low.group("num"), low.group("mult"))
    high = _AMOUNT_RE.search(rest)
    if not value or not high or low.group("mult"):
        return value
    if high.group("mult"):
        return amount_value(low.group("num"), high.group("mult"))
    top = amount_value(high.group("num"))
    if not top or value >= 1000 or value * 10 > top or low.group("post"):
        return value
    # The unit said once is the largest scale word that leaves the high end above the low end and at most ten
    # times it: "3 or 400000" → 4 × hundred thousand, "9 or 10000" → 10 × thousand, "10 to 100000" → 100 ×
    # thousand. "Hundred" and "hundred thousand" take a single digit ("five or six hundred").
    for unit, most in _SCALES:
        if top % unit == 0 and value < top // unit <= min(10 * value, most):
            return value * unit
    return None


_YEAR = re.compile(r"(?:19|20)\d\d")
_RANGE_BEFORE = re.compile(rf"\d\s*(?:[a-z€$£]*)\s*{_RANGE_LINK}\s*$", re.IGNORECASE)
# Amounts that are not what the client means to spend.
_OTHER_AMOUNT = re.compile(
    r"chiffre d'affaires|\bCA\b|salaire|revenus?|loyer|facture|dette|capital|bénéfices?|levée|"
    r"revenue|turnover|salary|income|rent|invoice|debt|profits?|raised|valuation|valued|"
    # What was bought, paid, quoted or is worth the amount, said in the same clause close before it: "acheté … en
    # 2019 pour 3 000 euros", "un devis de 18 000 euros", "la maison vaut 350 000 euros", "paid $3,000 last year",
    # "20 % de réduction sur 10 000 euros".
    r"\b(?:achet(?:é|ée|és|ait)|pay(?:é|ée|ait)|paie|paye|pays|paying|dépensée?s?|commandée?s?|bought|paid|spent|"
    r"ordered|quoted|"
    r"devis (?:de|à)|quote (?:of|for|at)|vendue? pour|sold (?:it )?for|reprise|trade-in|gagne|earns|makes|"
    r"vaut|valait|(?:is|was) worth|réduction sur|remise sur|rabais sur|discount on)\b[^,.;:…]{0,25}$",
    re.IGNORECASE,
)
# "45 000 euros de chiffre d'affaires", "$2M in revenue": what the amount said before is.
_OTHER_AMOUNT_AFTER = re.compile(r"\s*(?:(?:de |d'|of |in )(?:chiffre d'affaires|CA\b|bénéfices?|revenue|"
                                 r"turnover|profits?)|(?:dollars? |euros? )?(?:quote|invoice)\b(?!-))", re.IGNORECASE)
# An offer the client got from a supplier: the firm after it is not their employer.
_QUOTE_FROM = re.compile(rf"\b(?:devis|offre|proposition|contre-proposition|quote|quotation|offer|bid|proposal)\b"
                         rf"(?:(?![{_UPPER}])[^,;.])*$")
# A supplier's shop, said with a buying verb and at most three words before a bare "chez"/"from"/"at": "Il se
# fournit chez …", "il achète ses plants chez …", "buys her stock from …" (but "commande pour toute l'équipe chez
# … où il est conducteur de travaux", "orders from us and works at …" name the employer).
_BOUGHT_BEFORE = re.compile(r"\b(?:se fournit|s'approvisionne|achète|(?<!la )(?<!une )(?<!de )(?<!sa )commande|buys|"
                            r"orders|sources|gets)(?:\s+[\w'’-]+){0,3}\s*$", re.IGNORECASE)
# Years spent at a firm, said before its cue: "a passé vingt ans chez …" (a former employer)…
_SPENT_YEARS_BEFORE = re.compile(r"\ba passé\s+(?:\w+\s+){1,2}(?:ans|années)\s*$", re.IGNORECASE)
# … unless the clause says the person is still there: "…, où il est aujourd'hui directeur", "et y est resté".
_STILL_THERE_AFTER = re.compile(r"[\s,]*(?:où|et (?:y|vient d'y|il y|elle y)|y est|y a|y travaille|and (?:is )?still|"
                                r"where (?:he|she) (?:is|works))\b", re.IGNORECASE)
_WORKPLACE_NOUNS = {"société", "entreprise", "boîte", "boite", "compagnie", "start-up", "startup", "agence"}
# Places of work a post may name with an article ("vendeuse de la boutique …", "gérant du magasin de Nîmes"): the
# post ends before them ("chef de rayon", "directeur d'usine", without an article, are posts in full).
_SHOP_NOUNS = {"boutique", "magasin", "restaurant", "hôtel", "cabinet", "usine", "garage", "boulangerie",
               "pharmacie", "librairie", "supérette", "supermarché", "hypermarché", "salon", "clinique", "enseigne",
               "succursale", "filiale", "concession", "entrepôt", "mairie", "école", "banque"}
# Words that make a name an employer's, not a place's ("Lakeside Clinic", "Tidewell Systems", "Orbis SA").
_COMPANY_FORMS = {
    "inc", "corp", "corporation", "co", "llc", "ltd", "limited", "plc", "gmbh", "ag", "sa", "sas", "sarl", "bv",
    "group", "groupe", "industries", "systems", "solutions", "technologies", "technology", "tech", "labs", "lab",
    "bank", "banque", "health", "healthcare", "hospital", "clinic", "clinique", "partners", "consulting", "conseil",
    "capital", "media", "motors", "pharma", "logistics", "ventures", "holdings", "insurance", "assurances",
    "software", "networks", "energy", "foods", "airlines", "agency", "studio", "studios", "associates",
    "enterprises", "services", "dynamics", "robotics", "analytics", "digital", "company", "société",
    "laboratoires", "university", "université", "school", "école", "institute", "institut", "academy",
    "académie", "college", "traders", "trading", "pharmaceuticals", "manufacturing", "engineering", "financial",
    "investments", "foundation", "fondation", "publishing", "communications", "entertainment", "realty",
    "properties", "construction", "builders", "outfitters", "supply", "supplies", "bakery", "brewing",
    "restaurant", "hotel", "hotels", "pharmacie", "pharmacy", "logistique", "transports", "industrie",
    "immobilier", "distribution", "packaging", "trucking", "roofing", "landscaping", "plumbing", "printing",
    "cleaning", "catering", "sons", "fils", "brothers", "frères", "automotive", "design", "designs",
    "advisors", "consultants", "architects", "architectes", "paysage", "courtage", "brokerage", "wines", "farms",
    "homes", "garage",
}
# Company forms no surname is: a name ending in one is a firm's ("Hollow Creek Farms", "Orbis Group").
_FIRM_ONLY_WORDS = frozenset({"inc", "corp", "corporation", "llc", "ltd", "limited", "plc", "gmbh", "sas", "sarl",
                              "group", "groupe", "industries", "systems", "solutions", "technologies", "labs",
                              "consulting", "holdings", "services", "farms", "homes", "logistics", "ventures",
                              "enterprises", "associates", "insurance", "manufacturing", "engineering"})
# … nor a town's last word: "consultante à Vireo Conseil" names an employer, not a town.
_NO_TOWN_LAST_WORDS = (_FIRM_ONLY_WORDS - {"farms", "homes"}) | {  # "Grosse Pointe Farms" is a town, as is "Red Bank"
    "conseil", "consultants", "advisors", "partners", "banque", "clinic", "clinique", "hospital", "agency",
    "immobilier", "assurances", "transports", "pharmacie", "pharmacy"}
_NO_TOWN_FIRST_WORDS = frozenset({"credit", "banque", "caisse", "societe", "groupe", "cabinet", "agence", "clinique",
                                  "pharmacie", "garage", "laboratoire", "laboratoires", "boulangerie", "fromagerie",
                                  "imprimerie", "menuiserie", "mutuelle", "assurances"})


def _no_town(name: str) -> bool:
    """Whether ``name``, two words or more, begins or ends with a word no town does and firms do ("Vireo Conseil",
    "Crédit Mutuel", "Cabinet Roux"); "Media" or "College Station" may be towns."""
    words = fold(name).split()
    return len(words) > 1 and (words[-1] in _NO_TOWN_LAST_WORDS or words[0] in _NO_TOWN_FIRST_WORDS)

# Word endings firms coin their names with and towns are not named by ("Rivalsoft", "Datatek", "Omniware").
_COMPANY_WORD_ENDINGS = ("soft", "tech", "tek", "corp", "labs", "tronics", "tronic", "matic", "logic", "pharma",
                         "works", "hub")
# What may follow an employer's name: the end of the clause, or a word that goes on to a place, a job or time
# ("Riverside clinic in Tulsa", "Norvane corporation as a buyer", "… since 2019").
_AFTER_EMPLOYER = frozenset({"in", "at", "as", "and", "since", "based", "à", "comme", "et", "depuis", "basé",
                             "basée"})
# Holidays an item of a dictated record may name instead of a town ("Harbor Bank. Christmas."), accents folded;
# weekdays and months are the dates module's (is_calendar_name).
_HOLIDAYS = frozenset({"easter", "christmas", "paques", "noel", "toussaint", "pentecote"})
# Posts that an employer cue also opens ("consultante chez …", "intern at …"): still jobs.
_POSTS_IN_EMPLOYER_CUES = frozenset({"consultant", "consultante", "intern", "stagiaire"})
# Where an item of a dictated list ends: a comma, a full stop, a semicolon, or the end of the text.
_ITEM_END = re.compile(r"\s*(?:[,.;]|$)")


def _has_company_form(name: str, *, endings: bool = True) -> bool:
    """Whether a name holds a company form ("Harbor Traders", "Orbis SA") or a word with a firm's ending
    ("Rivalsoft"), or joins names with an ampersand as firms do and no town does ("Kestrel & Sons")."""
    ampersand = "&" in name and len(name.split()) >= 3 and not _names_department(name)
    words = [word.lower().strip(".,") for word in name.split()]
    # One made-up word ("Rivalsoft"), not a compound town name ("Saint-Cloud").
    return ampersand or any(word in _COMPANY_FORMS or endings and len(word) > 6 and word.isalpha()
                            and word.endswith(_COMPANY_WORD_ENDINGS) for word in words)


# What multi-word town names begin or end with ("San Diego", "Le Havre", "Fort Worth", "Salt Lake City", "Palm
# Springs"): a name of several words with neither, after "from", is not read as a town ("Harborview Dental").
_TOWN_FIRST_WORDS = frozenset({"saint", "sainte", "st", "ste", "san", "santa", "sao", "los", "las", "le", "la", "les",
                               "el", "fort", "port", "new", "north", "south", "east", "west", "mount", "mont", "lake",
                               "cape", "bad", "den", "the", "val", "bourg", "villeneuve", "grand", "great", "little"})
_TOWN_LAST_WORDS = frozenset({"city", "springs", "beach", "falls", "rapids", "bay", "park", "heights", "harbor",
                              "harbour", "island", "lake", "valley", "hills", "creek", "point", "rock", "junction",
                              "village", "town", "ville", "bluffs", "grove", "plains", "vegas", "angeles", "york",
                              "jersey", "hampshire", "mexico", "orleans", "haven", "bridge", "ford", "field"})


# Groups of people or their posts, which a meeting cue may be followed by in lower case ("met store managers",
# "appel avec les gérants"): never a name read without capitals.
_GROUP_NOUNS = frozenset(
    "managers team teams staff people folks guys owners owner buyers buyer partners founders directors director "
    "engineers engineer board committee family parents kids reps rep vendors vendor suppliers supplier sales "
    "leadership management executives execs customers clients prospects leads colleagues coworkers everyone "
    "gerants gerante gerant equipe equipes collegues associes associe fournisseurs fournisseur commerciaux "
    "commercial responsables responsable directeurs directrice directeur patrons patron clients cliente "
    "acheteurs acheteur parents famille enfants".split())
# Words of posts, which a capitalised item beside a name may be instead of an employer ("Dana Roe, Account
# Manager."), and the endings of one-word posts ("Pharmacist", "Consultant", "Plombier", "Architecte").
_POST_WORDS = frozenset(
    "manager director directeur directrice engineer ingenieur ingenieure consultant consultante nurse owner founder "
    "fondateur fondatrice president presidente gerant gerante responsable chef cheffe head lead officer vp ceo cfo cto "
    "coo cmo drh daf dsi assistant assistante associate associe associee partner analyst specialist coordinator "
    "supervisor executive representative rep agent advisor adviser conseiller conseillere technicien technicienne "
    "commercial commerciale buyer acheteur acheteuse secretary secretaire accountant comptable doctor docteur "
    "jr sr junior senior intern stagiaire student etudiant etudiante retired retraite retraitee".split())
_POST_ENDINGS = ("er", "or", "ist", "iste", "ant", "ante", "eur", "euse", "ien", "ienne", "ier", "iere", "aire",
                 "ician", "ect", "ecte", "ogue")
_ORG_JOINERS = frozenset({"&", "de", "du", "des", "la", "le", "les", "et", "and", "of", "the", "l'", "d'"})
# When something happened, said right after a name: "talked to bianca nowak earlier", "vu paul roux hier".
_WHEN_WORDS = ("earlier", "today", "yesterday", "tonight", "again", "later", "recently", "hier", "aujourd'hui",
               "ce matin", "tantôt", "tantot")
# … then the end of the clause: a name read without capitals ends there.
_WHEN_THEN_CLAUSE_END = re.compile(rf"\s*(?:(?:{'|'.join(_WHEN_WORDS)})\b)?\s*(?:[.,;:!?]|$)", re.IGNORECASE)
# A surname opening on its particle, alone in a dictated item ("Le Gall.", "Van Dyke,").
_PARTICLE_SURNAME = re.compile(rf"((?:Le|La|De|Du|Des|Van|Von|Da|Di|Del|Della|Mac|Mc|Saint|St)\s+[{_UPPER}][\w'-]+)"
                               r"\s*(?=[.,;]|$)")


def _has_town_form(name: str) -> bool:
    """Whether a name of several words begins or ends as town names do (_TOWN_FIRST_WORDS, _TOWN_LAST_WORDS)."""
    words = fold(name).replace(".", "").split()
    return len(words) > 1 and (words[0] in _TOWN_FIRST_WORDS or words[-1] in _TOWN_LAST_WORDS)


def _names_department(name: str) -> bool:
    """Whether a place name holds a department word, which no town is named by."""
    return any(word.lower() in _DEPARTMENTS for word in name.split())
# An age said as an adjective before a job, with no comma ("a 42-year-old nurse").
_AGE_ADJECTIVE = r"\d{1,3}\s*-?\s*(?:years?|yrs?)\s*-?\s*old\s+"
# An age set beside a name: ", 45", ", 45 ans", ", aged 45", ", 45 years old".
_AGE_ITEM = (
    r"\s*,\s*(?:aged?\s+|âgée?\s+de\s+|age\s+|âge\s+)?\d{1,3}(?:\s*(?:ans|-?\s*years?(?:\s*-?\s*old)?))?"
    r"(?=\s*[,.;]|\s*$)"
)


@dataclass
class Candidate:
    """A possible value for a field, with how sure we are and the words it came from."""

    value: Any
    confidence: float
    evidence: str
    start: int
    end: int


def _tokens(text: str, pos: int, limit: int = 14) -> list[re.Match[str]]:
    out = []
    for m in _TOKEN.finditer(text, pos):
        out.append(m)
        if len(out) >= limit:
            break
    return out


def _is_cap(tok: str) -> bool:
    return bool(_CAP_WORD.fullmatch(tok) or _ELIDED_CAP.fullmatch(tok)) and not tok.endswith(("-", "'"))


def _proper_case(word: str) -> str:
    # Dictated names sometimes come fully capitalised ("DUPONT"); the record keeps "Dupont".
    if word.isupper() and len(word) > 1:
        return "-".join(part.capitalize() for part in word.split("-"))
    return word


@dataclass
class NameSpan:
    first: str | None
    last: str | None
    start: int
    end: int


def read_name(text: str, pos: int, lex: Lexicon) -> NameSpan | None:
    """Read a person's name starting at ``pos``: an optional title, a first name, a surname with
    its particles. A title followed by one word gives only the surname ("Madame Le Gall")."""
    toks = _tokens(text, pos)
    i = 0
    title = None
    if len(toks) > 2 and toks[0].group().lower() in {"le", "la", "the"} and toks[1].group().lower() in lex.titles:
        toks = toks[1:]  # "le docteur Martin"
    if toks and toks[0].group().lower().rstrip(".") in lex.titles and len(toks) > 1:
        title = toks[0]
        i = 2 if toks[1].group() == "." else 1
    parts: list[re.Match[str]] = []
    while i < len(toks) and len(parts) < 5:
        t = toks[i].group()
        low = t.lower()
        nxt = toks[i + 1].group() if i + 1 < len(toks) else ""
        if _is_cap(t):
            # "Le Gall", "Van den Berg", "De la Cruz": a capitalised particle before the surname.
            after = toks[i + 2].group() if nxt.lower() in _PARTICLE_SECOND and i + 2 < len(toks) else nxt
            if low in _CAP_PARTICLES and nxt.lower() in _PARTICLE_SECOND and _is_cap(after) and (parts or title):
                parts.extend(toks[i : i + 2])
                i += 2
                continue
            if low in _CAP_PARTICLES and _is_cap(nxt) and (parts or title):
                parts.append(toks[i])
                i += 1
                continue
            if low in lex.titles:
                break
            # Any word that is never a name may not start one; later words ("Jean Petit", "Paul Mars")
            # stop the name only when they are grammar or a dictated label.
            # "J'habite", "J'ai": the elided "je" opens a verb; no name begins with it.
            if (not parts and (low in lex.not_name or low.startswith("j'"))) or (
                parts and (low in lex.stop_words or low in _LABELS or low in _PRONOUNS)
            ):
                break
            parts.append(toks[i])
            i += 1
            continue
        # "Jean de la Fontaine", "Madame de Villiers": a particle after a first name or a title.
        if (len(parts) == 1 or (title is not None and not parts)) and low in _PARTICLES:
            j = i + 1
            if j < len(toks) and toks[j].group().lower() in _PARTICLE_SECOND:
                j += 1
            if j < len(toks) and _is_cap(toks[j].group()):
                parts.extend(toks[i:j])
                i = j
                continue
        break
    while parts and parts[-1].group().lower() in _CAP_PARTICLES | _PARTICLES | _PARTICLE_SECOND:
        parts.pop()
    if not parts:
        return None
    start = (title or parts[0]).start()
    end = parts[-1].end()
    words = [p for p in parts if p.group().lower() not in _PARTICLES | _PARTICLE_SECOND | _CAP_PARTICLES]
    if title is not None and len(words) == 1:
        return NameSpan(None, _proper_case(text[parts[0].start() : end]), start, end)
    if len(parts) == 2 and parts[0].group().isupper() and len(parts[0].group()) > 1 and not parts[1].group().isupper():
        # The administrative order "DUPONT Jean": the capitalised surname comes first.
        return NameSpan(parts[1].group(), _proper_case(parts[0].group()), start, end)
    first = _proper_case(parts[0].group())
    if len(parts) == 1:
        return NameSpan(first, None, start, end)
    last = " ".join(_proper_case(w) for w in text[parts[1].start() : end].split())
    return NameSpan(first, last, start, end)


def read_proper(
    text: str, pos: int, lex: Lexicon, *, place: bool, loose: bool = False
) -> tuple[str, int, int] | None:
    """Read a company or a place name: capitalised words, with the small words that may join them.

    ``loose`` is for a transcript Whisper wrote without capitals: any word that is not a common word of
    the language (:func:`common_words`) may then be part of the name, and the value is capitalised.
    """
    toks = _tokens(text, pos, limit=10)
    links = _PLACE_LINKS if place else _ORG_LINKS
    parts: list[re.Match[str]] = []
    i = 0
    while i < len(toks) and len(parts) < 6:
        t = toks[i].group()
        low = t.lower()
        nxt = toks[i + 1].group() if i + 1 < len(toks) else ""
        if (
            not place
            and parts
            and t == "."
            and i + 1 < len(toks)
            and parts[-1].end() == toks[i].start()
            and toks[i + 1].start() == toks[i].end()
            and toks[i + 1].group().isalnum()
        ):
            # "Salesforce.com", "E.Leclerc": a dot inside a word, not a full stop.
            parts.extend(toks[i : i + 2])
            i += 2
            continue
        word_ok = _is_cap(t) if place else bool(_ORG_WORD.fullmatch(t)) and MASK not in t
        word_ok = word_ok or (loose and _plain_word(t, lex))
        # "Caisse d'Épargne", "Villeneuve-d'Ascq": an elided link glued to the next word.
        word_ok = word_ok or bool(parts and _ELIDED_CAP.fullmatch(t))
        if word_ok and t in {"St", "Ste", "Mt", "Ft"} and nxt == "." and i + 2 < len(toks):
            # "St. Louis": the abbreviation's full stop does not end the name.
            parts.extend(toks[i : i + 2])
            i += 2
            continue
        if word_ok:
            if low in _LABELS and (nxt == ":" or nxt[:1].isdigit() or nxt.startswith(MASK)):
                break  # the next dictated field starts here ("Zentrix Corporation Phone: …")
            if (
                not parts
                and (low in lex.stop_words or low in _PRONOUNS)
                and not ((low in _CAP_PARTICLES or t == "The") and _ORG_WORD.fullmatch(nxt))
                and not (t.isupper() and len(t) > 1 and t != "I")  # "AT&T", "IT Solutions"
            ):
                break
            parts.append(toks[i])
            i += 1
            continue
        if (
            not place
            and parts
            and not loose
            and low in _COMPANY_FORMS
            and t.islower()
            and (not nxt or not _WORD.fullmatch(nxt) or nxt.lower() in _AFTER_EMPLOYER)
        ):
            # "Riverside clinic", "Norvane corporation": Whisper wrote the company form without its capital; it
            # ends the name, which is written with it.
            parts.append(toks[i])
            value = text[parts[0].start() : parts[-1].start()] + t[0].upper() + t[1:]
            return value.strip(" .-'"), parts[0].start(), parts[-1].end()
        if parts and low in links and loose and not _is_cap(nxt):
            # Without capitals, "à côté de la gare" is a phrase going on, not a place: nothing is read.
            return None
        if parts and low in links:
            # "Bank of America", "Caisse d'Épargne", "Aix en Provence": a link needs a word after it.
            j = i + 1
            if j < len(toks) and toks[j].group().lower() in links and toks[j].group() not in {"&"}:
                j += 1
            linked = toks[j].group() if j < len(toks) else ""
            if (
                linked
                and linked.lower() not in _PRONOUNS
                and linked.lower() not in lex.stop_words
                and (
                    _is_cap(linked)
                    or (not place and _ORG_WORD.fullmatch(linked))
                    or (loose and _plain_word(linked, lex))
                )
            ):
                parts.extend(toks[i:j])
                i = j
                continue
        break
    if not parts:
        return None
    start, end = parts[0].start(), parts[-1].end()
    value = text[start:end].strip(" .-'")
    if not value or value.lower() in lex.not_name or value.lower() in lex.stop_words or value.isdigit():
        return None
    if loose and value.islower():
        value = _title(value, lex)
    return value, start, end


@cache
def _opening(lex: Lexicon, *, employers: bool) -> re.Pattern[str]:
    """One pattern matching where any place cue of ``lex`` opens (with ``employers``, any employer cue too):
    "domicilié à", "based in", "works at"."""
    cues = (*lex.city_cues, *(lex.company_cues if employers else ()))
    return re.compile("|".join(f"(?:{pattern})" for pattern, _ in cues), re.IGNORECASE)


@cache
def common_words(lex: Lexicon) -> frozenset[str]:
    """The language's words that are never a name, a place or an employer by themselves: its grammar,
    cue, label and marker words (the lexicon's lists), departments and pronouns."""
    label_words = {word for label in lex.labels for word in label.split()}
    return (
        lex.stop_words | lex.not_name | lex.not_job | lex.markers | lex.titles | _LABELS | _DEPARTMENTS
        | _PRONOUNS | label_words
    )


@cache
def _value_labels(lex: Lexicon) -> frozenset[str]:
    # The words of labels that name a value ("nom", "number", "ville"), not a person ("client", "contact").
    person = {"client", "cliente", "customer", "contact", "prospect", "lead", "new", "nouveau", "nouvelle"}
    return frozenset(word for label in lex.labels for word in label.split()) - person


def _plain_word(tok: str, lex: Lexicon) -> bool:
    # A lower-case word that may be part of a name: a word of two letters or more, not a common one.
    return (
        len(tok) > 1 and bool(_WORD.fullmatch(tok)) and tok.lower() not in common_words(lex)
        and not tok.endswith(("-", "'"))
    )


def _title(value: str, lex: Lexicon) -> str:
    # "kevin harlow" -> "Kevin Harlow", "saint-malo" -> "Saint-Malo"; joining words stay as they are.
    words = value.split(" ")
    links = _PLACE_LINKS | _ORG_LINKS | _PARTICLES
    return " ".join(w if w.lower() in links else "-".join(p[:1].upper() + p[1:] for p in w.split("-")) for w in words)


def read_loose_name(text: str, pos: int, lex: Lexicon) -> NameSpan | None:
    """Read a name Whisper wrote in lower case ("my name is kevin harlow, …"): one to three words that are
    not common words of the language (:func:`common_words`), followed by a clause mark, the end, a grammar
    word or a label ("… age 40"); any other word after them means they were a phrase, not a name."""
    toks = _tokens(text, pos, limit=5)
    parts: list[re.Match[str]] = []
    for tok in toks:
        if len(parts) == 3 or not _plain_word(tok.group(), lex):
            break
        parts.append(tok)
    if not parts:
        return None
    rest = toks[len(parts)].group().lower() if len(parts) < len(toks) else ""
    label_words = {word for label in lex.labels for word in label.split()}
    if _WORD.fullmatch(rest) and rest not in lex.stop_words | label_words | {"aged", "âgé", "âgée"} \
            and rest.split("'")[0] not in _PRONOUNS:  # "… jenna russo she's a buyer"
        return None  # "new client onboarding went well": words of a sentence go on, a name stops
    if parts[0].group().lower().endswith("ing") and lex.code == "en":
        return None  # a gerund ("new client onboarding …") opens no name
    words = [_title(p.group(), lex) for p in parts]
    return NameSpan(words[0], " ".join(words[1:]) or None, parts[0].start(), parts[-1].end())


def mark_labels(text: str, lex: Lexicon) -> str:
    """``text`` with its dictated labels marked as labels, at the same length (offsets stay valid).

    Whisper ends a spoken label with a full stop ("Contact. Marcus Whitfield. Age. 52. City. Denver."):
    at the start of a sentence and before a value, that stop becomes a colon. In a transcript without any
    punctuation ("contact marcus whitfield age 52 role sales engineer at brightwave"), the spaces around
    each label become ", … :" when at least two labels stand there as labels (not after a grammar word:
    "the client", "her role"), so the cues of a dictated card apply as they would to "Contact: …, Age: …".
    """
    if not lex.labels:
        return text
    alternatives = "|".join(
        re.escape(label).replace(r"\ ", r"\s+") for label in sorted(lex.labels, key=len, reverse=True)
    )
    label = re.compile(rf"(?<![\w'-])(?:{alternatives})(?![\w'-])", re.IGNORECASE)
    chars = list(text)
    for m in label.finditer(text):
        if text[m.end() : m.end() + 2] != ". " or not re.search(r"(?:^|[.!?:]\s)$", text[: m.start()]):
            continue
        if label.match(text, m.end() + 2) or m.end() + 2 >= len(text):
            continue  # "Contact. Age. …": a heading, not the label of the words after it
        chars[m.end()] = ":"
    if re.search(r"[.,;:!?]", text):
        return "".join(chars)
    marked = []
    for m in label.finditer(text):
        previous = text[: m.start()].split()
        if (previous and previous[-1].lower() in lex.stop_words) or text[m.end() : m.end() + 1] != " ":
            continue
        if label.match(text, m.end() + 1):
            continue
        marked.append(m)
    if len(marked) < 2:
        return text
    for m in marked:
        if m.start() > 0:
            chars[m.start() - 1] = ","
        chars[m.end()] = ":"
    return "".join(chars)


# Words said after a post that are no part of it: fillers and pointers ("responsable des ventes là-bas", "directrice
# commerciale du coup", "a CTO over at …").
_JOB_TAIL = re.compile(r"(?:là-bas|la-bas|du coup|en fait|quoi|voilà|over)\b", re.IGNORECASE)


def read_job(text: str, pos: int, lex: Lexicon, *, predicate: bool) -> tuple[str, int, int] | None:
    """Read a job title ("chef de projet", "sales director"); None when the words do not look like one.

    ``predicate`` is for "il est …" / "she is a …": the phrase must then be short and end at a
    clause boundary or a workplace word, so "il est intéressé par…" gives nothing.
    """
    toks = _tokens(text, pos, limit=10)
    words: list[re.Match[str]] = []
    i = 0
    ended_cleanly = False
    while i < len(toks):
        t = toks[i].group()
        low = t.lower()
        if not _WORD.fullmatch(t):
            ended_cleanly = t in {",", ".", ";", "!", "?", ":", ")", "("} or i == len(toks)
            break
        if words and _JOB_TAIL.match(text, toks[i].start()):
            ended_cleanly = True  # "responsable maintenance là-bas", "directrice commerciale du coup"
            break
        # An acronym opening a title is no grammar word: "IT director" is not "it", "DRH" is a post.
        acronym_first = not words and t.isupper() and 2 <= len(t) <= 5
        client_post = _CLIENT_POST.match(text, toks[i].start())
        if client_post:
            # "customer success manager", "responsable clients": the words of a post about clients, in full
            inside = [tok for tok in toks[i:] if tok.end() <= client_post.end()]
            words.extend(inside)
            i += len(inside)
            continue
        if not words and (low in lex.not_job or low.endswith(("n't", "n’t")) or not acronym_first and (
            low in lex.stop_words or (low in lex.not_name and low not in lex.titles)
            or low.split("'")[0] in _SUBJECTS)  # "he's", "they're"
            or low.startswith("ex-")  # "ex-Google, now head of growth": a former employer
        ):
            return None
        if words and _opening(lex, employers=False).match(text, toks[i].start()):
            ended_cleanly = True  # "développeur installé à Toulouse": the job ends where the place's cue opens
            break
        if predicate and not words and lex.code == "fr" and _is_cap(t) and not (
                acronym_first and re.match(r"\s+(?:chez|de|d'|du|à|au|dans)\b", text[toks[i].end():])):
            return None  # "elle est DRH chez …", but "le devis est HT", "son contrat est CDI"
        if words and low in _JOB_LINKS:
            nxt = toks[i + 1].group().lower() if i + 1 < len(toks) else ""
            after = toks[i + 2].group().lower() if i + 2 < len(toks) else ""
            article = nxt in {"la", "l'", "les"}
            if article:
                nxt = after
            # "gérante du magasin …" ends before the shop; "responsable du garage" stays whole ("responsable" alone
            # says no post)
            vague = len(words) == 1 and words[0].group().lower() in {"responsable", "chef", "cheffe"}
            if not vague and ((article or low in {"du", "des", "au", "aux"}) and nxt in _SHOP_NOUNS
                              or nxt[:2] == "l'" and nxt[2:] in _SHOP_NOUNS):
                ended_cleanly = True
                break
            nxt_raw = toks[i + 2 if article else i + 1].group() if i + (2 if article else 1) < len(toks) else ""
            # "head of IT", "directeur des RH", "VP of Engineering"
            acronym = (nxt_raw.isupper() and 1 < len(nxt_raw) <= 5) or nxt_raw.lower() in _DEPARTMENTS
            if nxt and _WORD.fullmatch(nxt) and nxt not in {"profession", "métier", "formation"} and (
                acronym
                or (
                    nxt not in _WORKPLACE_NOUNS
                    and nxt not in lex.stop_words - {"la", "les", "l'"}
                    and not _is_cap(nxt_raw)
                )
            ):
                words.append(toks[i])
                if article:  # "responsable de la flotte": the article goes with the link
                    words.append(toks[i + 1])
                    i += 1
                i += 1
                continue
            ended_cleanly = True
            break
        after_link = words and (words[-1].group().lower() in _JOB_LINKS or words[-1].group().lower() in _DEPARTMENTS)
        if after_link and ((t.isupper() and 1 < len(t) <= 5) or low in _DEPARTMENTS):
            words.append(toks[i])  # the acronym the link above let in
            i += 1
            continue
        if words and low in {"et", "and"} and i + 1 < len(toks) and toks[i + 1].group().lower() in _FUNCTIONS and (
                i + 2 == len(toks) or not _WORD.fullmatch(toks[i + 2].group())
                or toks[i + 2].group().lower() in _WORKPLACE_LINKS):
            # "directrice administrative et financière", "head of sales and marketing": one post, two functions
            words.extend((toks[i], toks[i + 1]))
            i += 2
            continue
        if (low in lex.stop_words and not acronym_first or (words and low in lex.not_name and not _is_cap(t))) and not (
                words and low == "lead" and lex.code == "en"):  # "procurement lead", "team lead"
            ended_cleanly = True
            break
        if words and t.isupper() and 2 <= len(t) <= 4:
            nxt_tok = toks[i + 1].group() if i + 1 < len(toks) else ""
            if not _WORD.fullmatch(nxt_tok) or nxt_tok.lower() in lex.stop_words:
                words.append(toks[i])  # "responsable RH chez …", "ingénieur R&D"
                i += 1
                continue
        if words and _is_cap(t) and not _is_cap(words[-1].group()):
            # "ingénieure Sorevia": a capitalised word after a lower-case title starts a name.
            ended_cleanly = True
            break
        words.append(toks[i])
        i += 1
        if len(words) > 6:
            return None
    else:
        ended_cleanly = True
    while words and words[-1].group().lower() in _JOB_LINKS:
        words.pop()
    if not words:
        return None
    if predicate and (len(words) > 4 or not ended_cleanly):
        return None
    start, end = words[0].start(), words[-1].end()
    value = clean_job_title(text[start:end])
    return (value, start, end) if value else None


class Finder:
    """Runs one language's cues over one utterance and keeps the best candidate per field."""

    def __init__(self, text: str, lex: Lexicon, *, default_region: str, signs: frozenset[str] = frozenset()) -> None:
        self.lex = lex
        self.text = text
        self.default_region = default_region
        self.signs = signs  # the regions the words said point to (normalize.region_signs), for phone numbers
        # The text with its dictated labels marked (mark_labels), then with emails and phone numbers
        # blanked out once found, so their words are not read again as a name or a company ("at iCloud.com").
        self.masked = mark_labels(text, lex)
        # Whisper sometimes writes a whole transcript in lower case: names are then read by their cues only.
        self.caseless = not re.search(rf"[{_UPPER}]", re.sub(r"\bI\b", "", text))
        self.candidates: dict[str, list[Candidate]] = {}
        self._name_spans: list[NameSpan] = []

    def add(self, field: str, value: Any, confidence: float, start: int, end: int) -> None:
        if value is None or value == "":
            return
        if field in ("age", "city", "phone", "budget") and self._said_of_someone_else(start):
            return  # "Son patron, Bernard Coste, 60 ans", "appelez ma collègue Inès au 06 …"
        if field == "budget" and self._past_amount(start, end):
            return  # "her budget last year was 20k", "l'an dernier il avait 20 000 euros": not what they will spend
        if field == "email" and self._said_in_clause_of_someone_else(start):
            return  # "l'email de son assistante c'est …", "cc his colleague at …"
        if field in ("city", "company", "job_title") and self._not_current(start, end, str(value)):
            return  # "ne travaille plus chez Ferrotec", "used to live in Bristol", "ancien directeur", "worked at"
        if field == "city" and _FIRM_SUBJECT.search(_SUBJECT_START.split(self.masked[max(0, start - 80):start])[-1]
                                                    + self.masked[start:start + 12]):
            return  # "il est de Nancy mais sa société … est à Strasbourg": the firm's town, not the client's
        if field == "city" and (_PASSING_AFTER.match(self.masked, end)
                                or _PASSING_BEFORE.search(self.masked[max(0, start - 40):start])):
            return  # "il est à Paris jusqu'à jeudi", "on vacation in Nice": where they are passing, not their town
        if field == "company" and self._is_full_name(str(value)):
            return  # "Call from Frank Morgan": the caller, not a firm
        if field == "job_title" and re.match(r"(?:l'an|l'année|le mois|la semaine|l'exercice|last|the same|"
                                             r"d'habitude|prévu|convenu|usual|planned)\b", str(value), re.IGNORECASE):
            return  # "comme l'an dernier", "as planned": a time or a manner after "comme"/"as", no post
        if field == "job_title" and re.fullmatch(r"(?:(?:main|key|final|the)\s+)?(?:decision[- ]maker|contact person|"
                                                 r"point of contact|décideur|décisionnaire|interlocuteur|"
                                                 r"interlocutrice)|used", str(value), re.IGNORECASE):
            return  # "He's the decision maker", "used to work for …": a part in the deal, no post
        if field == "job_title" and _is_firm_role(str(value)):
            return  # "Blue Harbor is the main supplier of …", "c'est notre fournisseur": what a firm is, no post
        if field == "job_title" and self._holds_a_name(str(value)):
            return  # "Marc Petit rêve de travailler" read as a post before "chez"
        if field == "company" and _RIVAL_AFTER.match(self.masked, end):
            return  # "Jérémy Colas de chez Dataflow, notre concurrent": the competitor
        if field == "city" and re.match(rf"\s+(?:or|ou)\s+[{_UPPER}]", self.masked[end:]):
            return  # "from Reading or Slough, need to confirm": the speaker does not know
        if field in ("phone", "email") and (_SHARED_CONTACT_BEFORE.search(self.masked[max(0, start - 40):start])
                                            or _SHARED_CONTACT_AFTER.match(self.masked, end)):
            return  # "standard : 01 …", "adresse générique contact@…", "(ross@…) bounced": not the client's own
        if field == "city" and _no_town(str(value)):
            return  # "consultante à Vireo Conseil": a firm (read as the employer after a post)
        if field == "city" and len(str(value).split()) > 1:
            # "Naples Florida", "Norfolk Virginia": the town, without the state Whisper wrote after it
            words = str(value).split()
            for size in (2, 1):
                if len(words) > size and is_region(" ".join(words[-size:])):
                    value = " ".join(words[:-size])
                    break
        if field == "city" and is_region(str(value)) and not _QUALIFIED_TOWN.match(self.masked, end):
            return  # "a shepherd in Montana", "il vit en Bretagne": a state or a region ("Delaware, Ohio" is a town)
        if field in ("city", "company") and is_country(str(value)) or field == "job_title" and (
                is_nationality(str(value)) or re.match(_RELATIVES[self.lex.code], str(value), re.IGNORECASE)):
            return  # "from Ireland" names no town, "il est belge" no post, "mère de deux enfants" is no post
        evidence = self.text[start:end].strip(" ,.;:")
        self.candidates.setdefault(field, []).append(Candidate(value, confidence, evidence, start, end))

    def _past_amount(self, start: int, end: int) -> bool:
        """Whether the amount read from ``start`` (its cue) to ``end`` is said of a past period (_PAST_PERIOD): in
        its clause, back to a comma or a clause word ("mais", "but") and on to a comma, unless the period is
        compared with or the amount was agreed then (_COMPARED_BEFORE) or this period is named too (_THIS_PERIOD)."""
        before = _CLAUSE_START.split(self.masked[max(0, start - 60):start])[-1]
        after = re.split(r"[,.;:!?](?:\s|$)|\b(?:but|mais|and|et)\b", self.masked[end:end + 30])[0]
        said = before + self.masked[start:end] + after
        past = _PAST_PERIOD.search(said)
        return bool(past) and not _COMPARED_BEFORE.search(said[:past.start()]) and not _THIS_PERIOD.search(said)

    def _not_current(self, start: int, end: int, value: str) -> bool:
        """Whether the clause a value read from ``start`` to ``end`` stands in says it is past, given up or only
        wished for ("il travaillait avant chez", "no longer lives in", "elle rêve de travailler chez", "worked
        at", "ancien directeur"): the words before it back to the clause's start, its cue, and the value's own
        first word."""
        said = self.masked[max(0, start - 80):end]
        clause = _CLAUSE_START.split(said)[-1]
        if re.match(r"\s*(?:anymore|any more|any longer)\b", self.masked[end:], re.IGNORECASE):
            return True  # "he doesn't work at Ferrotek anymore"
        return bool(_NOT_CURRENT[self.lex.code].search(clause.removesuffix(value) + " " + value.split(" ", 1)[0]))

    def _is_full_name(self, value: str) -> bool:
        """Whether ``value`` is a full name read elsewhere ("Frank Morgan", read as a firm after "Call from")."""
        firsts, lasts = self.candidates.get("first_name", []), self.candidates.get("last_name", [])
        return fold(value) in {fold(f"{f.value} {la.value}") for f in firsts for la in lasts}

    def _holds_a_name(self, value: str) -> bool:
        """Whether ``value`` holds a name read elsewhere and more words ("marc petit rêve de travailler", read as
        a post); the very words of a name candidate ("Logistics Coordinator") may still be a post."""
        names = {w for f in ("first_name", "last_name") for c in self.candidates.get(f, [])
                 for w in fold(str(c.value)).split()}
        words = set(fold(value).split())
        return bool(names & words) and not words <= names

    def best(self, field: str) -> Candidate | None:
        found = self.candidates.get(field)
        if not found:
            return None
        return max(found, key=lambda c: (c.confidence, -c.start))

    def _mask(self, start: int, end: int) -> None:
        self.masked = self.masked[:start] + MASK * (end - start) + self.masked[end:]

    # -- fields found by their form ------------------------------------------------------------

    def emails(self) -> None:
        """Email addresses, written or spoken."""
        for f in find_emails(self.masked, self.lex.code):
            # "son mail c'est pas …, c'est …": the address taken back
            if not _NEGATED_BEFORE.search(self.masked[max(0, f.start - 20):f.start]):
                self.add("email", f.value, 0.95, f.start, f.end)  # nothing when f.value is None (garbled)
            self._mask(f.start, f.end)

    def phones(self) -> None:
        """Phone numbers; a cue word nearby makes them surer."""
        found: list[Found] = find_phones(self.masked, default_region=self.default_region, language=self.lex.code,
                                         signs=self.signs)
        for f in found:
            before = self.masked[max(0, f.start - 40) : f.start].lower()
            cued = re.search(r"num[ée]ro|t[ée]l|portable|mobile|phone|cell|number|joindre|reach|call|appel", before)
            self.add("phone", f.value, 0.95 if cued else 0.85, f.start, f.end)
            self._mask(f.start, f.end)

    # -- fields announced by cues --------------------------------------------------------------

    def _cue_matches(self, cues):
        for pattern, confidence in cues:
            for m in re.finditer(pattern, self.masked, re.IGNORECASE):
                yield m, confidence

    def names(self) -> None:
        """Names after a cue ("je m'appelle"), before one ("speaking"), or after a label."""
        for m, conf in self._cue_matches(self.lex.name_cues):
            if _FIRM_BEFORE_CALLED.search(self.masked[max(0, m.start() - 40):m.start()]):
                continue  # "sa société s'appelle Nord Levage", "his company is called North Lift": a firm
            span = read_name(self.masked, m.end(), self.lex)
            if span is None:
                # A name Whisper wrote in lower case ("spoke with siobhan kelly she is …", "Petit point sur cyril
                # benali. Il est …"): the two words after the cue, when they are no common words and a clause
                # mark, a pronoun or a number follows them.
                span = read_loose_name(self.masked, m.end(), self.lex)
                if span and {fold(w) for w in f"{span.first or ''} {span.last or ''}".split()} & _GROUP_NOUNS:
                    span = None  # "Met store managers.", "appel avec deux gérants": people, not a name
                if span and span.last and len(span.last.split()) > 1 and fold(span.last.split()[-1]) in _WHEN_WORDS:
                    # "talked to bianca nowak earlier": the time it happened, not a second surname
                    kept = span.last.rsplit(" ", 1)[0]
                    span = NameSpan(span.first, kept, span.start, span.end - len(span.last) + len(kept))
                rest = self.masked[span.end:].split() if span else []
                after = rest[0].lower() if rest else ""
                ends = span is not None and _WHEN_THEN_CLAUSE_END.match(self.masked, span.end)
                if span is not None and (not span.last or not (after.split("'")[0] in _PRONOUNS or after.isdigit()
                                                                or ends)):
                    span = None  # "met emily … saw strong interest", "spoke with hr director at …": no name
            if span and span.last and (set(fold(span.last).split()) & _FIRM_ONLY_WORDS or re.search(
                    r"client|customer|prospect|contact", m.group(0), re.I) and _has_company_form(
                    f"{span.first} {span.last}", endings=False)):
                continue  # "Visit to Hollow Creek Farms", "The client is Brightwave Labs": a firm
            if span and (span.first or span.last):
                self._add_name(span, conf, m.start())
        name_re = rf"(?P<v>(?:[{_UPPER}][\w'.-]*\s+){{1,4}}?[{_UPPER}][\w'-]*)"
        for pattern, conf in self.lex.name_after_cues:
            for m in re.finditer(name_re + pattern, self.masked):
                span = self._name_ending_at(m.start("v"), m.end("v"))
                if span:
                    self._add_name(span, conf, span.start, m.end())
        for m, conf in self._cue_matches(self.lex.strong_name_cues):
            if _FIRM_BEFORE_CALLED.search(self.masked[max(0, m.start() - 40):m.start()]):
                continue
            # After "my name is", "je m'appelle", "Contact:" a name may come in lower case ("kevin harlow").
            strict = read_name(self.masked, m.end(), self.lex)
            if strict and strict.first and strict.last:
                continue
            loose = read_loose_name(self.masked, m.end(), self.lex)
            if loose and (strict is None or (loose.last and fold(loose.first or "") == fold(strict.first or ""))):
                self._add_name(loose, conf, m.start())
        for m, conf in self._cue_matches(self.lex.bare_label_cues):
            span = read_name(self.masked, m.end(), self.lex)
            if span and span.first and span.last:
                self._add_name(span, conf, m.start())
        # "Quick note. kevin harlow, age 40, …": a sentence that opens with words and an age is a name and age.
        name_then_age = (
            r"(?:^|(?<=[.!?:])\s+)(?P<n>[^\W\d]\S*(?:\s+[^\W\d]\S*){0,2}?)\s*,\s*"
            r"(?:aged?\s+|âgée?\s+de\s+|age\s*[:,-]?\s*|âge\s*[:,-]?\s*)?\d{1,3}"
            r"(?:\s*(?:ans|years?\s+old|-year-old))?\s*(?:[,.;]|$)"
        )
        for m in re.finditer(name_then_age, self.masked, re.IGNORECASE):
            span = read_loose_name(self.masked, m.start("n"), self.lex)
            if span and span.last and span.end == m.end("n"):
                self._add_name(span, 0.7, span.start)
        for m, conf in self._cue_matches(self.lex.first_name_cues):
            span = read_name(self.masked, m.end(), self.lex)
            if span and span.first:
                self.add("first_name", span.first, conf, m.start(), span.end)
        for m, conf in self._cue_matches(self.lex.last_name_cues):
            span = read_name(self.masked, m.end(), self.lex)
            particle = _PARTICLE_SURNAME.match(self.masked, m.end())
            if span is None and particle:
                # "Nom : Le Gall.", "Last name: Van Dyke": a surname with its particle, alone in its item
                self.add("last_name", particle.group(1), conf, m.start(), particle.end(1))
            if span:
                # After "Nom :", the words are the surname, unless both names were dictated together
                # and no separate first-name label exists.
                if span.first and span.last and "first_name" not in self.candidates:
                    self._add_name(span, conf, m.start())
                else:
                    value = " ".join(v for v in (span.first, span.last) if v)
                    self.add("last_name", value, conf, m.start(), span.end)

    def _name_ending_at(self, start: int, end: int) -> NameSpan | None:
        # The words before a cue like "speaking" may start with a greeting ("Bonjour Louis Berthier"):
        # read from each word until a name ending exactly at ``end`` comes out.
        for m in _TOKEN.finditer(self.masked, start, end):
            span = read_name(self.masked, m.start(), self.lex)
            if span and span.end == end:
                before = self.masked[:m.start()].rstrip()
                if before and before[-1] not in ".!?,;:" and not re.search(
                    r"\b(?:hi|hello|hey|bonjour|salut|allô|allo|avoir|eu|had|with|avec|c'est|it's|is)$",
                    before,
                    re.IGNORECASE,
                ):
                    return None
                return span
        return None

    def _add_name(self, span: NameSpan, conf: float, cue_start: int, end: int | None = None) -> bool:
        """Add the name read as ``span`` (after a cue at ``cue_start``) as the client's; whether it was (not a
        referrer's, a relative's or co-worker's, nor a possessive)."""
        if _REFERRED_AFTER.match(self.masked, span.end) or re.search(
                rf"{_REFERRED_BY}\s*(?:(?:Dr|Mr|Mrs|Ms|M|Mme|Docteur|Doctor)\.?\s+)?$", self.masked[:span.start],
                re.IGNORECASE):
            return False  # "C'est Patricia Moulin qui m'a recommandé ce client", "Referred by Dr Alan Pierce"
        if self._named_after_someone_else(span.start):
            return False  # "Sa secrétaire s'appelle Lucie Tessier", "his wife, Ann Cole": theirs
        if span.first and re.match(rf"[dl]['’](?=[{_UPPER}])", span.first):
            # "le mail perso d'Ophélie Tardy": the elided "de" is not part of the first name
            span = NameSpan(span.first[2:], span.last, span.start + 2, span.end)
        words = " ".join(w for w in (span.first, span.last) if w).split()
        if any(_POSSESSIVE_S.search(w) for w in words[:-1]):
            return False  # "Lambert's son Quinn": a possessive inside is no name
        if words and _POSSESSIVE_S.search(words[-1]):
            if re.match(rf"\s+(?:\w+\s+)?{_RELATIVES[self.lex.code]}", self.masked[span.end:], re.IGNORECASE):
                return False  # "Ann Cole's husband, Jim Cole": whose relative, not the client (their assistant's is)
            # "Bert Gibbs's company": the client's name, without the possessive
            if span.last:
                span = NameSpan(span.first, _POSSESSIVE_S.sub("", span.last), span.start, span.end)
            else:
                span = NameSpan(_POSSESSIVE_S.sub("", span.first or ""), None, span.start, span.end)
        end = end or span.end
        if span.first and not span.last:
            # One word may be a first name, someone else's (the salesperson's), or a mishearing:
            # never sure enough to replace a different name already on the record.
            conf = min(conf - 0.15, 0.55)
        if span.first:
            self.add("first_name", span.first, conf, cue_start, end)
        if span.last:
            self.add("last_name", span.last, conf, cue_start, end)
        self._name_spans.append(span)
        return True

    def fallback_name(self) -> None:
        """Two or three capitalised words not announced as a company or a place: likely a name."""
        if "first_name" in self.candidates or "last_name" in self.candidates:
            return
        # Words after which capitalised words name an employer or a place, not a person.
        block_before = {
            "at", "for", "from", "with", "in", "to", "of", "by", "the", "near", "chez", "à", "de", "du",
            "des", "pour", "la", "le", "les", "l'", "sur", "dans", "au", "aux", "vers", "société",
            "entreprise", "company", "firm",
        }
        for m in _TOKEN.finditer(self.masked):
            if not _is_cap(m.group()) or m.group().lower() in self.lex.not_name:
                continue
            before = self.masked[: m.start()].rstrip()
            prev = re.search(r"([\w'-]+|[^\w\s])$", before)
            if prev and (prev.group(1).lower() in block_before or _is_cap(prev.group(1))):
                continue
            if _FIRM_NAMED_BEFORE.search(before):
                continue  # "his company is called North Lift", "la société c'est Nord Levage": the firm's name
            span = read_name(self.masked, m.start(), self.lex)
            if not span or not span.first or not span.last or len(span.last.split()) > 2:
                continue
            if _has_company_form(f"{span.first} {span.last}", endings=False):
                continue  # "…, Giraud Transports, a 25 camions": a firm
            after = self.masked[span.end : span.end + 20].lower()
            # "Halberd Industries at …", "Los Angeles is her new city": an employer or a place, not a person.
            owner = r"(?:her|his|their|my|our|the|a|an|sa|son|leur|ma|mon|la|le|une?)"
            after = self.masked[span.end : span.end + 40]
            aged = re.match(rf"\s+(?:is|was)\s+an?\s+{_AGE_ADJECTIVE}", after, re.IGNORECASE)
            # "Simon Bailey is a site foreman at …": a post after "is a" makes the words a person's name.
            posted = re.match(r"\s+(?:is|est)\s+(?:an?|une?)\s+", after, re.IGNORECASE)
            aged = aged or posted and read_job(self.masked, span.end + posted.end(), self.lex, predicate=True)
            # "Tina Ross is the mayor of Millbrook", "… est la gérante de Pinson SA": "the" post of someone named
            the = re.match(r"\s+(?:is|est)\s+(?:the|le|la|l')\s*", after, re.IGNORECASE)
            job = the and read_job(self.masked, span.end + the.end(), self.lex, predicate=False)
            aged = aged or job and not _is_firm_role(job[0]) and re.match(
                rf"\s+(?:of|at|for|de|du|chez)\s+[{_UPPER}]", self.masked[job[2]:])
            if re.match(rf"\s+(?:at|chez|in|à|(?:is|est)\s+{owner}\b)", after.lower()) and not aged:
                continue
            if self._add_name(span, 0.55, span.start):
                return

    def age_after_name(self) -> None:
        # "Peter Jones, 31, sales director": a bare number right after a name is an age.
        for span in self._name_spans:
            m = re.match(r"\s*[,:]?\s*(\d{1,3})\s*(?=,|\.|;|$)", self.masked[span.end :])
            if m and 0 < int(m.group(1)) <= 120:
                self.add("age", int(m.group(1)), 0.85, span.start, span.end + m.end())

    def ages(self) -> None:
        """Ages with their unit ("35 ans", "42 years old") or after a cue ("she is 67")."""
        for m, conf in self._cue_matches(self.lex.age_patterns):
            if re.search(r"\d[ .,-]?$", self.masked[: m.start("v")]):
                continue  # part of a longer number
            before = self.masked[max(0, m.start() - 25) : m.start()]
            if re.search(self.lex.age_not_before, before, re.IGNORECASE) and not re.search(
                r"(?:âgée?|aged?|l'âge)\s+(?:de\s+)?$", before, re.IGNORECASE
            ):
                continue
            clauses = re.split(r"[.,;!?]|\b(?:et|and|but|mais|while|whereas|alors que)\b",
                               self.masked[max(0, m.start() - 50) : m.start()])
            # "two kids, aged 5": an age right after a comma belongs to what the clause before names; after a
            # full stop it opens a sentence of its own ("… Supply Company in Pittsburgh. She's 32.").
            after_stop = re.search(r"[.!?]\s*$", self.masked[max(0, m.start() - 50) : m.start()])
            clause = clauses[-1] if clauses[-1].strip() or len(clauses) == 1 or after_stop else clauses[-2]
            if re.search(self.lex.age_other_owner, clause, re.IGNORECASE):
                continue
            if _NOT_AN_AGE_AFTER.match(self.masked, m.end()):
                continue
            if m.group(0).lower().endswith("old") and _OWNED_AFTER_AGE.match(self.masked, m.end()):
                continue  # "his 19-year-old daughter", "a 12-year-old car": not the client
            if _THING_IS_AGED_BEFORE.search(self.masked[max(0, m.start("v") - 40):m.start("v")]):
                continue  # "his building is 60 years old", "son bâtiment a 60 ans": a thing's age
            if _HEDGED_AFTER.match(self.masked, m.end()) or _HEDGED_BEFORE.search(self.masked[:m.start("v")]):
                continue  # "45 I think, maybe 50", "40 ou 45 ans": the speaker does not know
            if _FUTURE_AGE_AFTER.match(self.masked, m.end()) or _FUTURE_AGE_BEFORE.search(
                    self.masked[max(0, m.start("v") - 30):m.start("v")]):
                continue  # "il a 40 ans l'année prochaine", "turns 40 next year": the age to come
            value = int(m.group("v"))
            if 0 < value <= 120:
                self.add("age", value, conf, m.start(), m.end())

    def companies(self) -> None:
        """Employers after a cue ("chez", "works for"), and a place right after them."""
        after_names = {span.end for span in self._name_spans}
        for m, conf in self._cue_matches(self.lex.company_cues):
            if m.start() in after_names and re.fullmatch(self.lex.origin_link, m.group(0), re.IGNORECASE):
                continue  # "Sarah Collins from …": a place or an employer, origins() decides
            if self._said_of_someone_else(m.start()):
                continue  # "son frère est directeur chez Cyberlis": a relative's employer
            if _QUOTE_FROM.search(self.masked[max(0, m.start() - 60):m.start()]):
                continue  # "un devis de 18 000 euros de chez Vortal", "a quote from Rivalsoft": a supplier's offer
            if _SOMEONE_ELSE_OF_THE_NAME.search(self.masked[max(0, m.start() - 60):m.start()]):
                continue  # "Emma Walker, not the Emma Walker from Reno": someone else of that name
            found = read_proper(self.masked, m.end(), self.lex, place=False, loose=self.caseless)
            if not found:
                continue
            if self._visited_person(m, found):
                continue
            if re.search(rf"{_REFERRED_BY}\s*$", self.masked[max(0, m.end() - 60):m.end()], re.IGNORECASE) or (
                    _REFERRED_AFTER.match(self.masked, found[2])):
                continue  # "Lead from Carol Henning", "Paul Girard de chez Axiome qui m'a recommandé …": the referrer
            before = self.masked[max(0, m.start() - 40):m.start()]
            bought = m.group(0).strip().lower() in ("chez", "from", "at") and _BOUGHT_BEFORE.search(before)
            if (bought or _SPENT_YEARS_BEFORE.search(before)) and not _STILL_THERE_AFTER.match(self.masked, found[2]):
                continue  # "Il se fournit chez Minoterie Vasseur" (a supplier), "a passé vingt ans chez …" (a former
                # employer); but "… chez Arvor Bâtiment où il est conducteur de travaux"
            self._add_company(found, conf, m.start())
            self._job_after_employer(found[2])

    def _visited_person(self, cue: re.Match[str], found: tuple[str, int, int]) -> bool:
        """Whether the words read after "chez" name the person a visit was at, and if so read them as the name:
        "Visite chez Bernard Cazals, 60 ans, à Albi", "Rendez-vous chez Mme Jeanne Roux", "je sors de chez Fabrice
        Moulin, il est …" (a visit's "chez", a full name with a title, an age said in the sentence or "il"/"elle" in
        the next clause; "Visite chez Martin Brosse à Lyon" stays an employer)."""
        if not re.search(r"\b(?:visite|visité|passée?|allée?|rendez-vous|rdv|réunion|déjeuner|dîner|café|"
                         r"installation|intervention|sors de|sortie? de)\s+(?:\w+\s+){0,2}?chez\s*$",
                         self.masked[max(0, cue.start() - 40):cue.end()], re.IGNORECASE):
            return False
        span = read_name(self.masked, found[1], self.lex)
        titled = re.match(rf"\s*{_TITLES}\s", self.masked[cue.end():])
        sentence = re.split(r"[.!?](?:\s|$)", self.masked[found[2]:])[0]
        aged = any(16 <= int(a.group(1)) <= 110 for a in re.finditer(r"\b(\d{1,3})\s*ans\b(?!\s*d['e])", sentence))
        # "Visite chez Maxime Delvaux à Namur, il dirige …": the next clause speaks of him (a firm would be "ils")
        spoken_of = re.match(r"(?:\s*(?:à|a)\s+[^,.;]+)?\s*,\s*(?:il|elle)\b", self.masked[found[2]:], re.IGNORECASE)
        if not span or not span.last or _has_company_form(found[0]) or not (
                titled or (aged or spoken_of) and span.first):
            return False
        self._add_name(span, 0.7, found[1])
        town = re.match(r"\s+(?:à|a)\s+", self.masked[found[2]:])
        place = town and read_proper(self.masked, found[2] + town.end(), self.lex, place=True, loose=self.caseless)
        if place:
            self.add("city", place[0], 0.75, found[1], place[2])  # "Visite chez Maxime Delvaux à Namur"
        return True

    def _job_after_employer(self, end: int) -> None:
        # "I work at Orbis and a data analyst.": Whisper's "and a" for "as a". Only a short title that ends
        # the clause is read ("… and a colleague of mine told me" reads nothing), below a cue's confidence.
        m = re.match(self.lex.job_after_employer, self.masked[end:], re.IGNORECASE)
        if not m:
            return
        found = read_job(self.masked, end + m.end(), self.lex, predicate=True)
        clause_ends = found and re.match(r"\s*(?:[.,;!?]|$)", self.masked[found[2] :])
        if found and clause_ends and not self._opens_place_or_employer(found[1]):
            self.add("job_title", found[0], 0.75, end, found[2])

    def _add_company(self, found: tuple[str, int, int], conf: float, cue_start: int) -> None:
        value, start, end = found
        self.add("company", value, conf, cue_start, end)
        after = re.match(self.lex.city_after_company, self.masked[end:], re.IGNORECASE)
        if after:
            place = read_proper(self.masked, end + after.end(), self.lex, place=True, loose=self.caseless)
            if place:
                self.add("city", place[0], 0.8, start, place[2])

    def cities(self) -> None:
        """Places after a cue ("habite à", "based in"), and a place a clause after it says the person lives in
        ("rentre à Nancy où il habite", "back to Tulsa, where he lives")."""
        for m, conf in self._cue_matches(self.lex.city_cues):
            found = read_proper(self.masked, m.end(), self.lex, place=True, loose=self.caseless)
            if found and not _names_department(found[0]):
                self.add("city", found[0], conf, m.start(), found[2])
        for m in re.finditer(r"\b(?:à|a|en|in|to)\s+", self.masked, re.IGNORECASE):
            found = read_proper(self.masked, m.end(), self.lex, place=True, loose=self.caseless)
            if found and _HOME_AFTER.match(self.masked, found[2]) and not _names_department(found[0]):
                self.add("city", found[0], 0.85, m.start(), found[2])

    def firm_towns(self) -> None:
        """The town of the client's workplace, said in an apposition describing it right after their post or
        employer: "gérant de Lachaud Automobiles, un garage à Limoges", "chez Les Petits Pas, une école Montessori à
        Toulouse", "owner of Fern & Co, a bakery in Tulsa". Only when no town was read otherwise."""
        if "city" in self.candidates:
            return
        ends = [c.end for field in ("job_title", "company") for c in self.candidates.get(field, [])]
        for m in _FIRM_DESCRIBED.finditer(self.masked):
            # right after the post or employer, or the employer's name after the post ("gérant de X, un garage à")
            if not any(end <= m.start() and _FIRM_NAME_BETWEEN.fullmatch(self.masked[end:m.start()]) for end in ends):
                continue
            found = read_proper(self.masked, m.end(), self.lex, place=True, loose=self.caseless)
            if found and not _names_department(found[0]):
                self.add("city", found[0], 0.7, m.start(), found[2])
                return

    def _apposition_ends(self, span: NameSpan) -> list[int]:
        # Where the name and each item set beside it end: "Paul Ferrand, 45 ans, comptable, à Rennes" gives
        # the ends of "Paul Ferrand", "45 ans" and "comptable".
        ends = [span.end]
        for _ in range(3):
            pos = ends[-1]
            age = re.match(_AGE_ITEM, self.masked[pos:], re.IGNORECASE)
            if age:
                ends.append(pos + age.end())
                continue
            comma = re.match(r"\s*,\s*(?:(?:a|an|un|une)\s+)?", self.masked[pos:], re.IGNORECASE)
            job = read_job(self.masked, pos + comma.end(), self.lex, predicate=True) if comma else None
            if job and re.match(r"\s*,", self.masked[job[2] :]) and not self._capitalised_without_employer(*job[1:]):
                ends.append(job[2])
                continue
            break
        return ends

    def origins(self) -> None:
        """Where a person is from or works, said right after their name and what is set beside it.

        "…, à Rennes" / "…, in Denver": a city. "from" / "de" ("Sarah Collins from Boston", "Lena Voss, 44,
        from Tulsa"): an employer when the words have a company form ("Lakeside Clinic", "Orbis SA") or when
        the utterance states the person's city elsewhere ("… from Brightwave. She lives in Boston."); otherwise a
        city: issue 13 — with no company cue, a place after "from" is a city.
        """
        for span in self._name_spans:
            if re.search(r"\b(?:not|pas)\s+(?:the\s+|le\s+|la\s+|l')?$", self.masked[:span.start], re.IGNORECASE):
                continue  # "Emma Walker, not the Emma Walker from Reno": someone else of that name
            ends = self._apposition_ends(span)
            self._listed_employer(ends[-1])
            self._dictated_record(span.end)
            for end in ends:
                rest = self.masked[end:]
                place = re.match(rf"\s*,\s*{self.lex.place_link}\s+", rest, re.IGNORECASE)
                if place:
                    found = read_proper(self.masked, end + place.end(), self.lex, place=True, loose=self.caseless)
                    if found and not _names_department(found[0]):
                        self.add("city", found[0], 0.75, end, found[2])
                    continue
                origin = re.match(rf"(?:\s*,)?{self.lex.origin_link}", rest, re.IGNORECASE)
                if not origin:
                    if span.first or end != span.end:  # "Mme Diop, Awa, 34 ans": her first name, not a town
                        self._item_beside_name(end)
                    continue
                found = read_proper(self.masked, end + origin.end(), self.lex, place=False, loose=self.caseless)
                if not found:
                    continue
                if _MESSAGE_FROM.search(self.masked[max(0, span.start - 30):span.start]) and not _has_company_form(
                        found[0]):
                    continue  # "Call from Frank Morgan from Logistar": the caller's firm or town, who can tell
                other_city = any(c.start != end for c in self.candidates.get("city", []))
                # "from Quillmore in Boise" (a firm in a town) or "from Paris in April", "from Procurement in Leeds":
                # what comes after "from" is then too uncertain to write as either.
                link = re.match(self.lex.city_after_company, self.masked[found[2]:], re.IGNORECASE)
                if link and "," not in link.group(0) and not _has_company_form(found[0]) and read_proper(
                        self.masked, found[2] + link.end(), self.lex, place=True, loose=self.caseless):
                    continue
                words = found[0].split()
                family_firm = len(words) > 1 and span.last is not None and fold(words[0]) == fold(span.last)
                if _has_company_form(found[0]) or other_city or family_firm or not _is_cap(words[0]) \
                        and not self.caseless:
                    self._add_company(found, 0.8, end)
                elif is_town(found[0]) or _has_town_form(found[0]):
                    self.add("city", found[0], 0.75, end, found[2])
                elif "-" not in found[0]:
                    # No town of 15,000 people or more is named so ("from Harborview Dental", "from Quillmore"): a
                    # firm. A hyphenated name ("Saint-Avold", "Hewlett-Packard") may be either: neither is written.
                    self._add_company(found, 0.7, end)

    def _item_beside_name(self, end: int) -> None:
        """An item set alone beside a name, its age or its post (ending at ``end``): a known town ending the clause
        ("Client Dana Roe, Norwich.", "Prospect Brandon Cole, Kansas City, he works as …"; towns.is_town: GeoNames'
        towns of 15,000 people or more), else a capitalised name ending the sentence that is no post, day or
        country: the employer ("Hyun Kim, Seoul Garden BBQ.")."""
        comma = re.match(r"\s*,\s*", self.masked[end:])
        if not comma:
            return
        found = read_proper(self.masked, end + comma.end(), self.lex, place=True, loose=self.caseless)
        if found and found[1] == end + comma.end() and _ITEM_END.match(self.masked, found[2]) and is_town(found[0]) \
                and not is_calendar_name(found[0]) and not _names_department(found[0]) and not found[0].isupper() \
                and not set(fold(found[0]).split()) & _POST_WORDS:  # "Dana Pike, CEO.": GeoNames has a town "Ceo"
            self.add("city", found[0], 0.7, found[1], found[2])
            return
        # "Élodie Perrin, Optique Delorme. Elle a signé …", "Yannick Le Goff, Biocéane. Besoin de …": a capitalised
        # item that ends its sentence and is no town, no post, no day and no country is the employer.
        found = read_proper(self.masked, end + comma.end(), self.lex, place=False)
        if self.caseless or not found or found[1] != end + comma.end() or not re.match(
                r"\s*(?:[.;:!?]|$)", self.masked[found[2]:]):
            return
        words = fold(found[0]).split()
        if (is_town(found[0]) or is_calendar_name(found[0]) or _names_department(found[0]) or is_country(found[0])
                or is_region(found[0]) or is_nationality(found[0]) or set(words) & _POST_WORDS
                or len(words) == 1 and words[0].endswith(_POST_ENDINGS)
                or not all(_is_cap(w) or w.lower() in _ORG_JOINERS for w in found[0].split())):
            return
        self._add_company(found, 0.7, end)

    def _listed_employer(self, end: int) -> None:
        """A dictated record listing the person's employer, then their town: "Add a contact: Dana Pike, Harbor
        Traders, Austin, email …". The item after the name (and its age or job) is read as the employer only
        when its words have a company form ("Traders", "Bank", "Clinic"), and the capitalised item after it as
        the town only when it ends there."""
        comma = re.match(r"\s*,\s*", self.masked[end:])
        if not comma:
            return
        found = read_proper(self.masked, end + comma.end(), self.lex, place=False)
        if not found or not _has_company_form(found[0]) or not _ITEM_END.match(self.masked, found[2]):
            return
        self.add("company", found[0], 0.8, end, found[2])
        town = re.match(r"\s*,\s*", self.masked[found[2] :])
        place = town and read_proper(self.masked, found[2] + town.end(), self.lex, place=True)
        if place and _ITEM_END.match(self.masked, place[2]) and not _names_department(place[0]):
            self.add("city", place[0], 0.75, found[2], place[2])

    def _dictated_record(self, end: int) -> None:
        """A record dictated item by item, each ended by a full stop as Whisper writes a pause: "Quick note.
        Kevin Park. 33. Lumen Robotics. Denver." After the name (ending at ``end``): the age (a bare number), then
        the employer, which must have a company form ("Robotics", "Bank", "Group"), then the town (a capitalised
        item that is no month or holiday). An item that is none of these (a job, "Warm lead", "Price sensitive")
        is passed over, once. Nothing is read unless the employer is: it is what shows that the items are a
        record, not remarks ("Met Tom Reed. 20. Percent off requested." gives no age)."""
        items: list[tuple[str, int, int]] = []
        pos = end
        while len(items) < 4:
            m = re.match(r"\s*\.\s*(?P<label>[^\W\d][\w'-]*(?: [\w'-]+)?:\s*)?(?P<v>[^.!?;:,]{1,60}?)"
                         r"(?=\s*(?:[.!?]|$))", self.masked[pos:])
            if not m:
                break
            pos += m.end("v")
            if not m.group("label"):  # a labelled item ("Age: 27", mark_labels) is its label's to read
                items.append((m.group("v"), pos - len(m.group("v")), pos))
        age = None
        if items and re.fullmatch(r"\d{1,3}", items[0][0]):
            age = items.pop(0)
        employers = [(k, found) for k, (_text, start, stop) in enumerate(items[:2])
                     if (found := read_proper(self.masked, start, self.lex, place=False))
                     and found[2] == stop and _has_company_form(found[0])]
        if not employers:
            return
        index, found = employers[0]
        if age and 0 < int(age[0]) <= 120:
            self.add("age", int(age[0]), 0.75, age[1], age[2])
        self.add("company", found[0], 0.75, found[1], found[2])
        if index + 1 < len(items):
            _text, start, stop = items[index + 1]
            place = read_proper(self.masked, start, self.lex, place=True)
            if place and place[2] == stop and not _names_department(place[0]) \
                    and not is_calendar_name(place[0]) and fold(place[0]) not in _HOLIDAYS:
                self.add("city", place[0], 0.7, start, stop)

    def jobs(self) -> None:
        """Job titles after a cue ("comme", "as a", "il est") or before an employer."""
        for cues, predicate in ((self.lex.job_cues, False), (self.lex.job_predicate_cues, True)):
            for m, conf in self._cue_matches(cues):
                before = self.masked[: m.start()].split()
                if predicate and before and before[-1].lower() in _value_labels(self.lex):
                    continue  # "mon nom est le …", "my number is a …": the label's value, not a job
                if self._said_of_someone_else(m.start()):
                    continue  # "Son mari est médecin", "his wife works as a dentist": a relative's post
                found = read_job(self.masked, m.end(), self.lex, predicate=predicate)
                # "a 10-year-old son", "she is a mother": a relative or a thing, not a job; but "she is a partner
                # at Brightwell Law", "associée chez …": a partner with a firm after it holds a post.
                other = found and re.fullmatch(self.lex.age_other_owner, found[0], re.IGNORECASE) and not (
                    found[0].lower() in ("partner", "associé", "associée")
                    and re.match(r"\s+(?:at|with|in|of|chez|dans|au sein)\b", self.masked[found[2]:], re.IGNORECASE))
                if found and not other and not self._opens_place_or_employer(found[1]) and not _is_firm_role(
                        found[0]):
                    self.add("job_title", found[0], conf, m.start(), found[2])
                    self._company_after_job(found[2])
        # Dictated notes: "…, développeur chez Logimatis" / "…, sales director at Brightloom".
        link = self.lex.job_company_link
        # "…, now head of growth at Sparrowly", "…, maintenant chef de rayon chez Brico Nord": the post held now.
        now = (r"(?:(?:(?:is|'s|est)\s+)?(?:now|currently|maintenant|désormais|actuellement)\s+"
               r"(?:(?:an?|un|une)\s+)?(?![\w'-]*(?:ing|ée?s?)\b))?")  # not "now studying", "maintenant assurée"
        # The employer after the link is capitalised, case-sensitively even under IGNORECASE ("Ashby at
        # lindenmoss.co.uk" is no job at an employer), unless Whisper wrote the whole note in lower case.
        named = r"\w" if self.caseless else rf"(?-i:[{_UPPER}0-9])"
        pattern = (rf"(?:^|[,:;.]\s*|\b(?:et|and)\s+){now}(?P<v>[^\W\d][\w' -]{{1,60}}?)\s+{link}\s+"
                   rf"(?={named})")
        # "He left Fieldstone and is now head of sales at …": the post a clause says is held now, whatever the
        # clause before it ("and" alone may join two adjectives of one title: "administrative et financière").
        now_clause = (rf"\b(?:et|and)\s+(?:is|'s|est)\s+(?:now|currently|maintenant|désormais|actuellement)\s+"
                      rf"(?:(?:an?|un|une)\s+)?(?P<v>[^\W\d][\w' -]{{1,60}}?)\s+{link}\s+(?={named})")
        name_label_ends = {m.end() for m, _ in self._cue_matches(self.lex.strong_name_cues)}
        matches = [*re.finditer(pattern, self.masked, re.IGNORECASE),
                   *re.finditer(now_clause, self.masked, re.IGNORECASE)]
        for m in matches:
            if m.start("v") in name_label_ends:
                continue  # "nouveau contact: emma petitjean responsable achats chez …": a name comes first
            if self._said_of_someone_else(m.start("v")):
                continue  # "Her manager, Lise Ardent, buyer at Veltrix": the manager's post
            found = read_job(self.masked, m.start("v"), self.lex, predicate=False)
            if found and found[2] == m.end("v") and not self._opens_place_or_employer(found[1]):
                self.add("job_title", found[0], 0.8, m.start("v"), found[2])
                self._company_after_job(found[2])
        # The same with its article, after a name or an age: "Angela Price, 61, a data analyst with Coastal
        # Bank", "Howard Banks, the consultant at Orbis". Only with an employer after it.
        # And "works as a" heard as "works and a" ("…, works and a teacher for Oakridge School"), also only with
        # its employer after it.
        for lead, link, job_confidence, employer_confidence in (
            (rf"[,:;]\s*{self.lex.appositive_article}", self.lex.appositive_link, 0.8, 0.85),
            (self.lex.misheard_job_cue, self.lex.misheard_job_link, 0.75, 0.8),
        ):
            pattern = rf"{lead}(?P<v>[^\W\d][\w' -]{{1,60}}?)\s+{link}\s+(?={named})"
            for m in re.finditer(pattern, self.masked, re.IGNORECASE):
                found = read_job(self.masked, m.start("v"), self.lex, predicate=False)
                if found and found[2] == m.end("v") and self._company_after_job(found[2], employer_confidence):
                    self.add("job_title", found[0], job_confidence, m.start("v"), found[2])

    def _said_of_someone_else(self, cue: int, *, referrer: bool = True) -> bool:
        """Whether the sentence before ``cue`` speaks of someone else, the client's relative or co-worker: in the
        clause right before the cue ("Rencontré Hugo, son frère est …", "her partner works at …") or in the clauses
        before it back to one with a subject of its own ("Sa femme Léa, 36 ans, est …", but not "Son fils a 12 ans
        et elle a …")."""
        # Sentences end at a full stop, but not at a title's ("Le fils de M. Lemaire, Quentin, 22 ans"), and at a
        # label that introduces the client by name ("My colleague … sent this lead: Wes Gorman, 44"; but "Son fils,
        # contact : 06 …" is the son's number).
        # (The character at the cue is read too, to see a capital after the label, then dropped.)
        peek = self.masked[cue:cue + 1]
        sentences = re.split(rf"{_SENTENCE_END}|\b(?i:clients?|cliente|customer|prospect|lead)\s*:\s(?=[{_UPPER}])",
                             self.masked[max(0, cue - 200):cue] + peek)
        sentences[-1] = sentences[-1][:len(sentences[-1]) - len(peek)]
        chunks = [c for c in _CLAUSE_START.split(sentences[-1]) if c.strip()]
        # … and "her manager" (but "the bakery's manager", "leur chef d'atelier" are the client's posts)
        others = (self._someone_elses()
                  + r"|\b(?:his|her|son|sa)\s+(?:manager|supervisor|chef|supérieure?)\b(?!\s+(?:de|d'|du|des|of)\b)"
                  + (rf"|{_REFERRER}" if referrer else ""))
        for chunk in reversed(chunks):
            if re.search(others, chunk, re.IGNORECASE):
                return True
            # The clause the cue stands in goes on with the cue's own words ("Dana" + "is the buyer at").
            if _NAMED_SUBJECT.match(chunk + (self.masked[cue:cue + 12] if chunk is chunks[-1] else "")):
                return False  # "…; Dana is the buyer at …": a clause about someone named, the client
            pronoun = _PRONOUN.match(chunk)
            if pronoun:
                # "Sa femme travaille aussi, elle a 39 ans": a pronoun of the gender of the relative named last
                # (in this sentence or the one before) stands for that relative; otherwise, as in "Son fils a 12
                # ans et elle a 41 ans", it is a subject of its own, the client.
                before = " ".join(sentences[-2:])[: -len(chunk)]
                named = [m for m in re.finditer(others, before, re.IGNORECASE)]
                gender = _GENDERED.get(pronoun.group(1).lower())
                return bool(named and gender and re.search(_GENDERS[self.lex.code][gender], named[-1].group(0),
                                                           re.IGNORECASE))
        return False

    def _said_in_clause_of_someone_else(self, start: int) -> bool:
        """Whether the clause right before ``start`` (back to a comma or a full stop) names a relative or a
        co-worker of the client's ("l'email de son assistante c'est …")."""
        # "…, l'email de son collègue, thibault@…": the clause right before, when the value opens its own
        clauses = re.split(r"[,.;!?]", self.masked[max(0, start - 80):start])
        clause = clauses[-1] if clauses[-1].strip() or len(clauses) < 2 else clauses[-2]
        return bool(re.search(self._someone_elses(), clause, re.IGNORECASE))

    def _people(self) -> str:
        """The nouns of the client's relatives and co-workers ("femme", "assistant", "son", "colleague")."""
        return rf"(?:{_RELATIVES[self.lex.code]}|{_CO_WORKERS[self.lex.code]})"

    def _someone_elses(self) -> str:
        """The words that name the client's relative or co-worker: "his wife", "Ben's assistant", "son associé"."""
        return rf"(?:{_POSSESSIVES}|\w['’]s)\s+{self._people()}"

    def _named_after_someone_else(self, start: int) -> bool:
        """Whether a name read at ``start`` is given as someone else's: right after a relative's or co-worker's
        noun ("Sa secrétaire s'appelle Lucie …", "his wife, Ann …"), or after a pronoun that follows one in the
        sentence before ("His secretary picked up. She's called Tara …", "la secrétaire de Maître Roy … Elle
        s'appelle …": whoever the pronoun's gender, the name given right after such a person is theirs)."""
        before = self.masked[max(0, start - 80):start]
        if re.search(rf"{self._clients_own()}{_NAMING_AFTER}$", before, re.IGNORECASE):
            return True
        if not _PRONOUN_NAMED.search(before):
            return False
        sentences = re.split(_SENTENCE_END, self.masked[max(0, start - 200):start])
        others = rf"{self._someone_elses()}|\b(?:the|le|la|l['’])\s*{self._people()}"
        return bool(re.search(others, " ".join(sentences[-2:]), re.IGNORECASE))

    def _clients_own(self) -> str:
        """The words that name the client's own relative or co-worker, after "his", "sa", "their" ("sa secrétaire",
        "his wife"); not "notre fournisseur" (the salesperson's, who may be the one the note is about) nor "Ken
        Ostrander's son" (who may be the client)."""
        return rf"\b(?:son|sa|ses|leur|leurs|his|her|their)\s+{self._people()}"

    def _opens_place_or_employer(self, start: int) -> bool:
        # "domicilié à Lausanne", "based in Reno": the words a place or employer cue starts with are no job,
        # except the posts such a cue names ("consultante chez Nexalys", "intern at Orbis").
        if self.masked[start:].split(" ", 1)[0].lower() in _POSTS_IN_EMPLOYER_CUES:
            return False
        return bool(_opening(self.lex, employers=True).match(self.masked, start))

    def _company_after_job(self, end: int, confidence: float = 0.85) -> bool:
        """The employer (read with ``confidence``), or else the place, named right after a job ending at
        ``end``; whether an employer was read."""
        m = re.match(r"\s+(?:(?:over\s+)?at|for|with|of|chez|de la société|dans la société|pour)\s+", self.masked[end:])
        office = _PUBLIC_OFFICE.search(self.masked[max(0, end - 40):end])
        town = re.match(r"\s+(?:of|for|de|d'|du)\s*", self.masked[end:])
        if office and town:
            # "the mayor of Millbrook", "maire de Saint-Affrique": the town they serve, not an employer
            found = read_proper(self.masked, end + town.end(), self.lex, place=True, loose=self.caseless)
            if found and not _no_town(found[0]):
                self.add("city", found[0], 0.75, end, found[2])
            return False
        if m:
            found = read_proper(self.masked, end + m.end(), self.lex, place=False, loose=self.caseless)
            if found:
                self._add_company(found, confidence, end)
                return True
        # "directeur général de Fromagerie Girard & Fils", "pharmacienne à la Pharmacie du Marché": after "de"
        # or "à la", only a name with a company form is the employer ("directeur de Lyon" names no firm); after "à",
        # only one no town ends with ("consultante à Vireo Conseil", but "à Saint-Denis", "à Media").
        m = re.match(r"\s+(?:de|du|des|d'|à la|à l'|au|(?P<to>à))\s*", self.masked[end:])
        if m:
            found = read_proper(self.masked, end + m.end(), self.lex, place=False)
            if found and (_no_town(found[0]) or not m.group("to") and _has_company_form(found[0])):
                self._add_company(found, confidence - 0.05, end)
                return True
        # "cardiologue à Lyon", "nurse in Boston": a capitalised place right after the job.
        m = re.match(r"\s+(?:à|a|in|sur|basée? à|based in)\s+", self.masked[end:])
        if m:
            found = read_proper(self.masked, end + m.end(), self.lex, place=True, loose=self.caseless)
            if found:
                self.add("city", found[0], 0.7, end, found[2])
        return False

    def job_after_name(self) -> None:
        # "Marc Lévêque, consultant indépendant basé à Bordeaux": a job set beside the name.
        articles = "un|une|le|la|l'" if self.lex.code == "fr" else "a|an|the"  # French "a" is "has"
        for span in self._name_spans:
            if self._said_of_someone_else(span.start, referrer=False):
                continue  # "on behalf of her boss, Joan Garner, director of …": the boss's post
            m = re.match(
                rf"\s*[,:]\s*(?:\d{{1,3}}\s*(?:ans|years old|yo)?\s*,\s*)?(?:(?:{articles})\s+)?"
                rf"(?:{_AGE_ADJECTIVE})?",
                self.masked[span.end :],
                re.IGNORECASE,
            )
            if not m:
                continue
            found = read_job(self.masked, span.end + m.end(), self.lex, predicate=True)
            words = fold(found[0]).split() if found else []
            if words and (set(words) & _SAID_NOT_POSTS or words[0] in _STATES_NOT_POSTS):
                continue  # "Kevin Marsh, 28, bought two licences", "Larry Green, back in Tulsa"
            if found and self._capitalised_without_employer(found[1], found[2]):
                continue  # "Client Marcus Whitfield, Denver.": a place or an employer, not a job
            if found and not re.match(r"[a-zà-ÿ]'", found[0]) and not self._opens_place_or_employer(found[1]):
                self.add("job_title", found[0], 0.7, span.end + m.end(), found[2])
                self._company_after_job(found[2])
                # "Dr. Omar Farouk, cardiologist, 58, based in Detroit": the age after the job.
                age = re.match(r"\s*,\s*(\d{1,3})\s*(?=,|\.|;|$)", self.masked[found[2] :])
                if age and 0 < int(age.group(1)) <= 120:
                    self.add("age", int(age.group(1)), 0.8, found[2], found[2] + age.end())

    def _capitalised_without_employer(self, start: int, end: int) -> bool:
        # "Denver", "Orbis Group", "Seoul Garden BBQ" after a name: capitalised words with no employer after them.
        # An acronym opening them ("CTO", "VP Sales") is a title.
        words = self.masked[start:end].split()
        employer = re.match(r"\s+(?:at|for|with|of|chez|pour)\s+", self.masked[end:], re.IGNORECASE)
        return bool(words) and not (len(words[0]) > 1 and words[0].isupper()) and all(
            _is_cap(w) or w.isupper() for w in words) and not employer

    def budgets(self) -> None:
        """The amount after "budget" or a spending verb, else any amount with a currency."""
        for cues, need_currency in ((self.lex.budget_cues, False), (self.lex.spend_cues, True)):
            for m, conf in self._cue_matches(cues):
                if _SOMEONE_ELSES.match(self.masked, m.end()):
                    continue  # "le budget de son concurrent est de …", "their competitor's budget"
                window = re.split(r"[.!?;](?:\s|$)", self.masked[m.end() : m.end() + 70])[0]
                for a in _AMOUNT_RE.finditer(window):
                    if need_currency and not (a.group("pre") or a.group("post") or a.group("mult")):
                        continue
                    if _YEAR.fullmatch(a.group(0).strip()) and _AMOUNT_RE.search(window, a.end()):
                        continue  # "budget for 2025 is 40 to 50 thousand": the year the budget is for
                    if self._unit_price(m.end() + a.start(), m.end() + a.end()):
                        continue  # "12 euros pièce", "$350 per seat": a price, not what they will spend
                    value = amount_value(a.group("num"), a.group("mult"))
                    if value and _RANGE_AFTER.match(window, a.end()):
                        value = _range_low(a, window[a.end():])
                        if value is None:
                            break  # a range whose unit cannot be told: no budget, not its high end
                    if value:
                        self.add("budget", value, conf, m.start(), m.end() + a.end())
                        break
                else:
                    # "20 000 euros de budget": the amount may come just before the word.
                    left = self.masked[max(0, m.start() - 40) : m.start()]
                    a = re.search(AMOUNT + r"\s*(?:de |d'|of |in |as )?(?:son |votre |a |the |his |her )?$", left)
                    if a and not need_currency:
                        value = amount_value(a.group("num"), a.group("mult"))
                        if value:
                            self.add("budget", value, conf - 0.05, m.start() - len(left) + a.start(), m.end())
        if "budget" in self.candidates:
            return
        for a in _AMOUNT_RE.finditer(self.masked):
            if (a.group("pre") or a.group("post")) and a.group("num"):
                if _OTHER_AMOUNT.search(self.masked[max(0, a.start() - 50) : a.start()]) or _OTHER_AMOUNT_AFTER.match(
                        self.masked, a.end()):
                    continue
                if _RANGE_BEFORE.search(self.masked[:a.start()]):
                    continue  # the high end of a range whose low end had no currency
                if self._unit_price(a.start(), a.end()) or _PER_MONTH_AFTER.match(self.masked, a.end()):
                    continue  # "un abonnement à 99 euros par mois": a price, with no budget said
                value = amount_value(a.group("num"), a.group("mult"))
                if value:
                    self.add("budget", value, 0.6, a.start(), a.end())
                    return

    def _unit_price(self, start: int, end: int) -> bool:
        """Whether the amount from ``start`` to ``end`` is a price per unit or per period: "12 euros pièce", "$350
        per seat", "unit price 350 dollars", "prix unitaire : 40 €", "5 000 € par mois", "$80 an hour"."""
        return bool(_PER_UNIT_AFTER.match(self.masked, end) or _PER_PERIOD_AFTER.match(self.masked, end)
                    or _UNIT_PRICE_BEFORE.search(self.masked[max(0, start - 30):start]))

    def notes(self) -> None:
        """Remarks the speaker asks to keep ("Note : …") and stated needs or interests."""
        for m, conf in self._cue_matches(self.lex.notes_cues):
            rest = re.split(r"(?<=[.!?])\s", self.text[m.end() :])[0].strip(" .")
            if len(rest) < 3:
                continue
            end = m.end() + len(rest)
            # After a label ("Note :") the note is what follows; otherwise the whole clause is the note.
            note = rest if re.search(r"[:,-]\s*$", m.group(0)) else self.text[m.start() : end].strip(" ,.;")
            self.add("notes", note[0].upper() + note[1:], conf, m.start(), end)

    def run(self) -> dict[str, Candidate]:
        """Find every field; return the best candidate of each."""
        self.emails()
        self.phones()
        self.names()
        self.fallback_name()
        self._drop_others_emails()
        self._drop_named_others_contacts()
        self.ages()
        self.age_after_name()
        self.companies()
        self.cities()
        self.origins()
        self.jobs()
        self.job_after_name()
        self.firm_towns()
        self.budgets()
        self.notes()
        self._apply_corrections()
        chosen = {f: c for f in self.candidates if (c := self.best(f)) is not None}
        self._drop_overlaps(chosen)
        return chosen

    def _drop_others_emails(self) -> None:
        """Drop the addresses made only of a relative's or co-worker's names (and the client's surname), not of
        the client's first name ("Her husband Mark does the paperwork, his email is mark.cole@…", "Son assistante,
        Manon Roy, m'a donné son mail : manon.roy@…"): someone else's, whoever "his" stands for. Only for someone
        named after "his", "sa" (the client's own relative): "Glen Pell's wife Nora" may be the client, and an
        address with other words ("chez.louise@", "castaing.helene.remi@") may be a shop's or a couple's."""
        others: list[tuple[set[str], set[str]]] = []  # (their first name's words, all their names' words)
        for m in re.finditer(rf"{self._clients_own()}{_NAMING_AFTER}", self.masked, re.IGNORECASE):
            span = read_name(self.masked, m.end(), self.lex)
            if span and span.first:
                others.append((set(fold(span.first).split()), set(fold(f"{span.first} {span.last or ''}").split())))
        mine, surname = self._name_words("first_name"), self._name_words("last_name")

        def theirs(address: str) -> bool:
            words = {w for w in re.split(r"[^a-z]+", fold(address.split("@")[0])) if len(w) > 1}
            return any(first & words and words <= names | surname and not words & mine for first, names in others)

        if others and "email" in self.candidates:
            self.candidates["email"] = [c for c in self.candidates["email"] if not theirs(str(c.value))]

    def _drop_named_others_contacts(self) -> None:
        """Drop a phone or an address said as a named person's who is not the client: "Le portable de Laure c'est
        …", "Mark's email is …" in a note about Jennifer Cole. Only when the client's name is known and shares no
        word with that person's."""
        mine = self._name_words("first_name") | self._name_words("last_name")
        if not mine:
            return

        def theirs(cand: Candidate) -> bool:
            owner = _CONTACT_OF.search(self.masked[max(0, cand.start - 50):cand.start])
            name = owner and (owner.group("of") or owner.group("s"))
            return bool(name) and not set(fold(name).split()) & mine and fold(name) not in _NOT_AN_OWNER

        for field in ("phone", "email"):
            if field in self.candidates:
                self.candidates[field] = [c for c in self.candidates[field] if not theirs(c)]

    def _name_words(self, field: str) -> set[str]:
        """The folded words of the best first or last name read so far ("first_name" → {"jean", "pierre"})."""
        best = self.best(field)
        return set(fold(str(best.value)).split()) if best else set()

    def _apply_corrections(self) -> None:
        """A value the speaker takes back ("45 ans, non pardon, 47 ans", "at Norvex, sorry, at Veltrix") gives way
        to the value said after the correction: the same field's candidate read there, or for an age or a
        budget the number said there; when nothing after it can be read, to no value rather than the one
        taken back."""
        for field, found in list(self.candidates.items()):
            for cand in sorted(found, key=lambda c: c.start):
                end = cand.end
                if field == "budget":  # "392 K francs suisses, euh non, 397 K": the currency said after the amount
                    end = _CURRENCY_AFTER.match(self.masked, end).end()
                marker = _CORRECTION_AFTER.match(self.masked, end)
                if marker is None and _NEGATED_VALUE.search(self.masked[max(0, cand.start - 25):cand.start]):
                    marker = _BUT_AFTER.match(self.masked, cand.end)  # "n'a pas 45 ans mais 54", "not Dumas but …"
                if not marker or cand not in found:
                    continue
                weak = bool(_WEAK_CORRECTION.fullmatch(marker.group(0)))
                later = [c for c in found if marker.end() <= c.start <= marker.end() + 40]
                replacement = (min(later, key=lambda c: c.start) if later
                               else self._value_after(field, marker.end(), refining=cand if weak else None))
                if replacement is not None and _BARE_NO.fullmatch(marker.group(0)) and not (
                        replacement.start == marker.end() and _CLAUSE_END.match(self.masked, replacement.end)):
                    replacement = None  # "45, no, 2 kids", "Reno, no, no plans to move to Sparks": no correction
                if replacement is None and weak:
                    continue  # "45 ans, plutôt dynamique", "head of sales, um, no rush": a filler, not a correction
                found.remove(cand)
                if replacement is not None:
                    replacement.confidence = max(replacement.confidence, cand.confidence)
                    if replacement not in found:
                        found.append(replacement)
            if not found:
                del self.candidates[field]

    def _value_after(self, field: str, start: int, *, refining: Candidate | None = None) -> Candidate | None:
        """An age, a budget or a post said right after a correction marker, as a candidate ("…, sorry, 47",
        "charpentière ? non, architecte d'intérieur"). After a marker that may be a filler (``refining``: the value
        it would correct), a post counts only when it shares a word with that value ("directeur, enfin directeur
        adjoint")."""
        if field == "job_title":
            found = read_job(self.masked, start, self.lex, predicate=False)
            shares = refining is None or found and set(fold(found[0]).split()) & set(fold(str(refining.value)).split())
            if found and found[1] == start and shares:
                return Candidate(found[0], 0.75, self.text[found[1]:found[2]], found[1], found[2])
        if field == "age":
            m = re.match(r"\s*(\d{1,3})\b", self.masked[start:])
            if m and 0 < int(m.group(1)) <= 120:
                return Candidate(int(m.group(1)), 0.85, self.text[start:start + m.end()].strip(" ,.;"), start,
                                 start + m.end())
        if field == "budget":
            m = _AMOUNT_RE.match(self.masked, start + len(self.masked[start:]) - len(self.masked[start:].lstrip()))
            value = amount_value(m.group("num"), m.group("mult")) if m else None
            if value:
                return Candidate(value, 0.85, self.text[m.start():m.end()].strip(" ,.;"), m.start(), m.end())
        if field in ("city", "company"):
            # "She's in Omaha, no, Salt Lake City", "c'est pas Mulhouse, c'est Clermont-Ferrand"
            link = re.match(r"\s*(?:(?:in|at|à|chez)\s+)?", self.masked[start:], re.IGNORECASE)
            at = start + link.end()
            found = read_proper(self.masked, at, self.lex, place=field == "city", loose=self.caseless)
            if found and found[1] == at and _CLAUSE_END.match(self.masked, found[2]) and not (
                    field == "city" and _names_department(found[0])):
                return Candidate(found[0], 0.75, self.text[found[1]:found[2]], found[1], found[2])
        return None

    def _drop_overlaps(self, chosen: dict[str, Candidate]) -> None:
        # A name that is also the chosen company or city was misread from the employer or the town.
        for name_field in ("first_name", "last_name"):
            cand = chosen.get(name_field)
            if cand is None:
                continue
            for other in ("company", "city"):
                o = chosen.get(other)
                if o and str(o.value).lower() in {str(cand.value).lower()} and o.confidence >= cand.confidence:
                    del chosen[name_field]
                    break
