"""The words of follow-ups, in French and English: how a speaker says what is to be done, and what a note
leaves out.

Action patterns run on lower-cased text that keeps its accents, so that "à rappeler" (to call back) is
not "a rappelé" (called back). Filler words are compared accent-folded ("echange" for "échange").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CALL = "call"  # contacting the client again: the title ends with the client's name
MEET = "meet"  # seeing the client: likewise
DO = "do"  # anything else: the title keeps what was said after the verb ("Envoyer le devis")


@dataclass(frozen=True)
class Verb:
    """An action a follow-up may ask for.

    ``title`` starts the task's title ("Rappeler", "Follow up"); ``kind`` is :data:`CALL`, :data:`MEET` or
    :data:`DO`; ``joiner`` links a call or meet title to the client ("Follow up" + " with " + name);
    ``imperative`` says whether the bare verb may open a clause as an order ("Call her back Friday",
    "Envoyer le devis"): "Order arrives Tuesday" or "Text of the offer" must not make tasks.
    """

    title: str
    kind: str = DO
    joiner: str = " "
    imperative: bool = True


@dataclass(frozen=True)
class FollowUpLexicon:
    """One language's follow-up words; :data:`FRENCH` and :data:`ENGLISH` fill it in."""

    code: str
    # Spoken form -> the verb it stands for; "rappelle", "rappellerai" and "rappeler" share one verb.
    verbs: dict[str, Verb]
    # Forms that may open a clause as an order: infinitives in French ("Rappeler Jean"), base forms in English.
    imperatives: frozenset[str]
    # Words before a verb that make it something to do: "il faut", "je dois", "need to", "let's".
    modals: str
    # "À rappeler", "le devis à envoyer": an infinitive after "à" at a clause's start or after a noun phrase
    # (its group "thing": what the title keeps when nothing follows the verb).
    to_do: str
    # Subjects whose present or future tense states a plan: "je lui envoie", "on se rappelle", "I'm sending".
    planners: str
    # Object pronouns between a subject or a modal and its verb ("je *lui* envoie", "*la* rappeler").
    object_pronouns: str
    # Pronouns that stand for the client ("call *her* back", "*la* rappeler"), and what an unnamed title says.
    unnamed_client: dict[str, str]
    default_client: str
    client_pronouns: frozenset[str]
    # Pronouns for the client said right after a verb ("send *her* the quote"); French puts them before it.
    # Of those, the ones that can only be a person ("her", not "them", which may be the documents).
    pronouns_after_verb: frozenset[str]
    person_pronouns: frozenset[str]
    # Prepositions before a client pronoun that a title keeps with the name ("faire le point *avec lui*").
    pronoun_prepositions: str
    # Meetings and calls said as nouns ("rendez-vous jeudi", "demo scheduled for Friday", "relance prévue
    # mardi"): noun -> the verb a title starts with.
    meetings: dict[str, Verb]
    # What may stand before a meeting noun at the start of its clause ("le prochain rendez-vous").
    meeting_determiners: str
    # Things to send said as nouns ("Devis demain", "quote by Friday", "elle veut la proposition"): noun ->
    # the verb and object a title starts with ("Envoyer le devis").
    deliverables: dict[str, Verb]
    # Words saying the client asks for something ("elle veut", "he asked for", "I owe her"); a deliverable or a
    # meeting said after them, with a date, is a task ("il veut une démo jeudi").
    wants: str
    # What may stand before a deliverable or a meeting noun ("une nouvelle démo", "the full quote").
    determiners: str
    # A word after ``wants`` that starts an act rather than names a thing ("veut *repousser* le rendez-vous",
    # "wants *to* move the appointment"), or a preposition ("une remise *sur* le contrat"): what follows is
    # not what the client asks for.
    act_word: str
    # What the client asks to be done to them, said after ``wants`` ("être rappelée", "to talk again").
    wanted_acts: dict[str, Verb]
    # Words that may link a noun said before its date ("devis *pour* le 12", "proposal *due* in 10 days").
    due_links: str
    # Words opening a date that says where a thing comes from, not when it is due ("the quote *from* Monday").
    date_origin: str
    # Words saying a meeting is set, for a meeting noun that does not start its clause.
    scheduled: str
    # A clause told in the past ("s'est bien passé", "we had"): its meeting nouns are no plan.
    past: str
    # A verb in a past tense ("a reçu", "we installed"): a date said with it is when that happened.
    perfect: str
    # A negated or cancelled action ("pas besoin de", "no need to", "annulé") is no task.
    negation: str
    # Words after which the rest of a clause is no longer the object of the action ("parce que", "because").
    object_end: str
    # Words left dangling at the end of a title once the date is cut out ("avant", "by").
    dangling: frozenset[str]
    # Connectors that open a new clause when an action follows them ("et je la rappelle", "and send").
    conjunctions: str
    # Words opening a clause that a note drops once the clause before it is gone ("et", "but").
    note_openers: str
    # Words that say nothing about the relationship: report headers, field labels, grammar words (folded).
    filler: frozenset[str]


def _french_forms(infinitive: str) -> set[str]:
    """The spoken forms of a French -er verb a plan uses: present (je, on, nous) and future (je, on, nous).

    Stem changes follow the verb's ending: appeler → appelle, appellerai; envoyer → envoie (its future,
    enverrai, is irregular); relancer → relançons; changer → changeons.
    """
    stem = infinitive[:-2]
    present, future = stem + "e", infinitive
    if infinitive.endswith("eler"):
        present, future = stem[:-1] + "lle", stem[:-1] + "ller"
    elif infinitive.endswith("oyer"):
        present, future = stem[:-1] + "ie", ""
    nous = stem[:-1] + "ç" if stem.endswith("c") else stem + ("e" if stem.endswith("g") else "")
    forms = {present, nous + "ons"}
    if future:
        forms |= {future + "ai", future + "a", future + "ons"}
    return forms


def _french_verbs() -> dict[str, Verb]:
    verbs: dict[str, Verb] = {
        "rappeler": Verb("Rappeler", CALL),
        "relancer": Verb("Relancer", CALL),
        "recontacter": Verb("Recontacter", CALL),
        "appeler": Verb("Appeler", CALL),
        "contacter": Verb("Contacter", CALL),
        "joindre": Verb("Joindre", CALL),
        "téléphoner": Verb("Téléphoner", CALL, " à "),
        "reparler": Verb("Rappeler", CALL),
        "revoir": Verb("Revoir", MEET),
        "voir": Verb("Voir", MEET, imperative=False),
        "rencontrer": Verb("Rencontrer", MEET),
        "recevoir": Verb("Recevoir", MEET),
        "retrouver": Verb("Rendez-vous", MEET, " avec ", imperative=False),
        "recaler": Verb("Rendez-vous", MEET, " avec ", imperative=False),
        "retenter": Verb("Rappeler", CALL, imperative=False),
    }
    for infinitive in (
        "envoyer renvoyer préparer organiser planifier programmer caler fixer confirmer proposer présenter "
        "montrer vérifier finaliser signer livrer passer déposer relire valider chiffrer rédiger réserver "
        "installer demander facturer prévoir transmettre reprendre faire écrire répondre remettre repasser "
        "boucler conclure activer démarrer lancer"
    ).split():
        verbs[infinitive] = Verb(infinitive[0].upper() + infinitive[1:])
    for infinitive, verb in list(verbs.items()):
        if infinitive.endswith("er"):
            for form in _french_forms(infinitive):
                verbs.setdefault(form, verb)
    irregular = {
        "fais": "faire", "fait": "faire", "faisons": "faire", "ferai": "faire", "fera": "faire", "ferons": "faire",
        "enverrai": "envoyer", "enverra": "envoyer", "enverrons": "envoyer", "renverrai": "renvoyer",
        "transmets": "transmettre", "transmet": "transmettre", "transmettrai": "transmettre",
        "transmettra": "transmettre", "remets": "remettre", "remet": "remettre", "remettrai": "remettre",
        "écris": "écrire", "écrit": "écrire", "écrirai": "écrire", "réponds": "répondre", "répond": "répondre",
        "répondrai": "répondre", "vois": "voir", "voit": "voir", "voyons": "voir", "verrai": "voir",
        "verra": "voir", "verrons": "voir", "revois": "revoir", "revoit": "revoir", "reverrai": "revoir",
        "reverra": "revoir", "joins": "joindre", "joint": "joindre", "joindrai": "joindre",
        "prévois": "prévoir", "prévoit": "prévoir", "reprends": "reprendre", "reprend": "reprendre",
        "reprendrai": "reprendre", "reçois": "recevoir", "reçoit": "recevoir", "recevrai": "recevoir",
        "conclus": "conclure", "conclurai": "conclure", "voie": "voir", "voient": "voir", "revoie": "revoir",
    }
    for form, infinitive in irregular.items():
        verbs[form] = verbs[infinitive]
    return verbs


def _english_ing(verb: str) -> str:
    """"call back" → "calling back", "schedule" → "scheduling", "set up" → "setting up"."""
    head, _, rest = verb.partition(" ")
    if head.endswith("e") and not head.endswith(("ee", "ye")):
        ing = head[:-1] + "ing"
    elif head in {"set", "get", "ship", "plan", "put", "chat", "stop", "drop", "pop"}:
        ing = head + head[-1] + "ing"
    else:
        ing = head + "ing"
    return f"{ing} {rest}".strip()


def _english_verbs() -> tuple[dict[str, Verb], frozenset[str]]:
    verbs: dict[str, Verb] = {
        "call": Verb("Call", CALL),
        "ring": Verb("Call", CALL),
        "phone": Verb("Call", CALL),
        "follow up": Verb("Follow up", CALL, " with "),
        "touch base": Verb("Touch base", CALL, " with "),
        "check in": Verb("Check in", CALL, " with "),
        "check back": Verb("Check back", CALL, " with "),
        "get in touch": Verb("Get in touch", CALL, " with "),
        "reconnect": Verb("Reconnect", CALL, " with "),
        "reach out": Verb("Reach out", CALL, " to "),
        "get back": Verb("Get back", CALL, " to "),
        "circle back": Verb("Circle back", CALL, " with "),
        "contact": Verb("Contact", CALL),
        "ping": Verb("Ping", CALL),
        "text": Verb("Text", CALL, imperative=False),
        "talk": Verb("Talk", CALL, " to ", imperative=False),
        "speak": Verb("Speak", CALL, " to ", imperative=False),
        "meet": Verb("Meet", MEET),
        "see": Verb("See", MEET, imperative=False),
        "visit": Verb("Visit", MEET),
        "swing by": Verb("Visit", MEET),
        "stop by": Verb("Visit", MEET),
        "drop by": Verb("Visit", MEET),
        "pop by": Verb("Visit", MEET),
        "try again": Verb("Call", CALL, imperative=False),
        "set it up": Verb("Set up"),
    }
    for word in (
        "send", "email", "schedule", "book", "set up", "arrange", "organize", "organise", "prepare", "draft",
        "share", "confirm", "finalize", "finalise", "deliver", "present", "remind", "sign", "write", "submit",
        "forward", "resend", "chase", "invoice", "drop off", "courier", "reissue", "put",
    ):
        verbs[word] = Verb(word[0].upper() + word[1:])
    for word in ("mail", "review", "update", "order", "plan", "show", "demo", "check", "get", "do", "finish",
                 "bring", "ship", "renew", "put together", "file", "quote"):
        verbs[word] = Verb(word[0].upper() + word[1:], imperative=False)
    imperatives = frozenset(word for word, verb in verbs.items() if verb.imperative)
    for word, verb in list(verbs.items()):
        verbs.setdefault(_english_ing(word), verb)
    return verbs, imperatives


_FRENCH_VERBS = _french_verbs()
_ENGLISH_VERBS, _ENGLISH_IMPERATIVES = _english_verbs()

FRENCH = FollowUpLexicon(
    code="fr",
    verbs=_FRENCH_VERBS,
    imperatives=frozenset(
        form for form, verb in _FRENCH_VERBS.items() if verb.imperative and form.endswith(("er", "ir", "re"))
    ),
    modals=(
        r"\b(?:il (?:me |nous )?(?:faut|faudra|faudrait)(?: que| qu')?|faut|je dois|je devrai|je devrais|on doit"
        r"|on devra|nous devons|je vais|on va|nous allons|je compte|je pense|penser à|pensez à|pense à"
        r"|n'oublie pas de|n'oubliez pas de|ne pas oublier de|prévoir de|je prévois de|il est prévu de"
        r"|(?:on a|nous avons|j'ai) (?:convenu|prévu|promis|décidé) de|convenu de|je me charge de"
        r"|je m'engage à|(?:il|elle|ils|elles) (?:veut|veulent|souhaite|souhaitent|aimerait|aimeraient|m'a demandé)"
        r" (?:que je|qu'on|de)|(?:il|elle|ils|elles) (?:m'a|m'ont|nous a|nous ont) dit de"
        r"|(?:il|elle|ils|elles) (?:me|nous) (?:demande|demandent) de|(?:il|elle) attend que je)"
    ),
    to_do=(
        r"(?:^(?:(?P<bare>[\w'-]+)\s+)?|\b(?P<thing>(?:le|la|les|l'|un|une|des|ce|cette|ces|son|sa|ses|notre|nos)\s*[\w'-]+"
        r"(?:\s+[\w'-]+)?)\s+|\b(?:client|cliente|prospect|contact)\s+)à\s+"
    ),
    planners=r"\b(?:je|j'|on|nous)\s*",
    object_pronouns=r"(?:(?:le|la|les|lui|leur|l'|vous|y|se|s'|nous)\s*|en\s+)",
    unnamed_client={"la": "la cliente", "elle": "la cliente", "les": "les clients", "leur": "les clients",
                    "eux": "les clients", "elles": "les clientes"},
    default_client="le client",
    client_pronouns=frozenset({"le", "la", "les", "lui", "leur", "l'"}),
    pronouns_after_verb=frozenset(),
    person_pronouns=frozenset(),
    pronoun_prepositions=r"(?:avec|pour|à|chez|de)\s+(lui|elle|eux|elles)",
    meetings={
        **{noun: Verb(title, MEET, " avec ") for noun, title in {
            "rendez-vous": "Rendez-vous", "rdv": "Rendez-vous", "réunion": "Réunion", "rencontre": "Rencontre",
            "visio": "Visio", "visioconférence": "Visio", "démo": "Démo", "démonstration": "Démonstration",
            "visite": "Visite", "déjeuner": "Déjeuner", "point téléphonique": "Point téléphonique",
            "signature": "Signature", "présentation": "Présentation", "formation": "Formation",
            "intervention": "Intervention", "installation": "Installation", "audit": "Audit",
        }.items()},
        "relance": Verb("Relancer", CALL), "rappel": Verb("Rappeler", CALL), "appel": Verb("Appeler", CALL),
    },
    meeting_determiners=r"(?:(?:le|la|un|une|notre|nouveau|nouvelle|prochain|prochaine|son|sa)\s+)*",
    deliverables={noun: Verb(f"Envoyer {said}") for noun, said in {
        "devis": "le devis", "proposition": "la proposition", "offre": "l'offre", "facture": "la facture",
        "contrat": "le contrat", "chiffrage": "le chiffrage", "grille tarifaire": "la grille tarifaire",
        "tarifs": "les tarifs", "documentation": "la documentation", "brochure": "la brochure",
        "rapport": "le rapport", "échantillons": "les échantillons",
    }.items()},
    wants=(
        r"\b(?:veut|veulent|voudrait|voudraient|souhaite|souhaitent|souhaiterait|aimerait|aimeraient|attend"
        r"|attendent|réclame|(?:m'a|nous a|a|me|nous) demandé|(?:me|nous) demande|demande)\s+"
        r"(?:(?:recevoir|avoir|obtenir)\s+)?"
    ),
    determiners=(
        r"(?:(?:un|une|le|la|les|l'|des|du|son|sa|ses|notre|nos|votre|vos|nouveau|nouvelle|autre|deuxième"
        r"|second|seconde|petit|petite)\s*)*"
    ),
    act_word=r"(?:[\w'-]*(?:er|ir|re)|sur|de|du|des|pour|avec|chez|à|au|aux|en)\b",
    wanted_acts={
        **{f"être {said}{end}": verb for said, verb in (
            ("rappelé", Verb("Rappeler", CALL)), ("recontacté", Verb("Recontacter", CALL)),
            ("contacté", Verb("Contacter", CALL)), ("relancé", Verb("Relancer", CALL)),
        ) for end in ("", "e", "s", "es")},
    },
    due_links=r"(?:pour|avant|d'ici|prévue?s?|fixée?s?|calée?s?)",
    date_origin=r"(?:de|du|des|d'|depuis)\b",
    scheduled=(
        r"\b(?:prévue?s?|fixée?s?|calée?s?|programmée?s?|planifiée?s?|pris|confirmée?s?|à venir|prochaine?"
        r"|aura lieu|sera)\b"
    ),
    past=r"\b(?:s'est|s'était|a eu lieu|était|avait|ai|avons|avez|a été|ont|fut|dernière?)\b",
    perfect=(
        r"\b(?:ai|as|a|avons|avez|ont|avait|avaient)\s+(?:(?:déjà|bien|enfin|pas|jamais|eu|été)\s+)*"
        r"(?!(?:demandé|dit|prévu|convenu|promis|décidé|calé|fixé|programmé|planifié|proposé)\b)"
        r"[a-zéèêàç]+(?:é|ée|és|ées|i|is|it|u|ue|us|ert|te)\b|\b(?:s'est|se sont|s'était)\b"
    ),
    negation=(
        r"(?:\bpas besoin\b|\binutile\b|\bne (?:\w+ )?(?:pas|plus|jamais)\b|\bn'(?!oubli)\w+ (?:pas|plus|jamais)\b"
        r"|\bannulée?s?\b)"
    ),
    object_end=r"\s(?:qui|que|qu'|car|parce que|pour qu'|pour que|afin|si|puisque|comme|dont|sinon)\b",
    dangling=frozenset(
        "avant d'ici pour le la les au aux à a vers dès dans en sous de du d' jusqu'à jusqu' et ou "
        "plus tard ce cette d'après suivant suivante".split()
    ),
    conjunctions=r"(?:et|puis|ensuite|mais|donc|alors)",
    note_openers=r"(?:et|mais|puis|ensuite|donc|alors|du coup)\b[\s,]*",
    filler=frozenset(
        """
        compte rendu compte-rendu cr appel appels telephonique echange echanges point petit rapide rapidement
        apres notre nos votre suite reunion rendez-vous rdv entretien visite note notes recap recapitulatif
        bref resume fiche client cliente prospect contact nouveau nouvelle mise jour info infos
        avec de d du des chez pour par sur dans en au aux a le la les l un une et ou mais donc or ni car
        je j tu il elle on nous vous ils elles me m te t se s lui leur y ce c cet cette ces ca cela
        mon ma mes ton ta tes son sa ses vos leurs qui que qu quoi dont
        est sont suis es sommes etes ete etait ai as avons avez ont avait eu
        bonjour bonsoir salut alors bon voila oui non ok
        appelle nom prenom numero telephone tel portable mobile fixe email e-mail mail courriel
        adresse arobase ans age agee habite vit reside ville travaille poste fonction metier
        societe entreprise budget euros euro environ
        petite maintenant desormais actuellement dorenavant viens vient venons avoir pouvez peut peux
        joindre joignable contacter aujourd'hui aujourd hui lundi mardi mercredi jeudi vendredi samedi dimanche
        janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre
        zero un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize
        vingt trente quarante cinquante soixante cent cents mille
        """.split()
    ),
)

ENGLISH = FollowUpLexicon(
    code="en",
    verbs=_ENGLISH_VERBS,
    imperatives=_ENGLISH_IMPERATIVES,
    modals=(
        r"\b(?:(?:i|we)\s+(?:really\s+|also\s+|still\s+)?(?:need|have|want|ought|plan|promised|agreed|am going"
        r"|are going|would like)\s+to|(?:i|we)(?:'m|'re) going to|(?:i|we)(?:'ve| have) got to|(?:i|we)'d like to"
        r"|(?:i|we)(?:'ll| will| shall| should| must| can| could|'d better| gotta| gonna| better)|ill"
        r"|let's|let us|remember to|don't forget to|do not forget to|make sure to|make sure you|be sure to"
        r"|remind me to|(?:set |add )?(?:a )?reminder to|need to|needs to|have to|has to|got to|going to"
        r"|(?:she|he|they) (?:wants|asked|would like|expects|needs) (?:me|us) to|asked (?:me|us) to"
        r"|we agreed to|i promised to|i said i'd|i told (?:her|him|them) i'd)"
    ),
    to_do=r"(?!)(?P<thing>)",
    planners=r"\b(?:i'm|i am|we're|we are)\s+",
    object_pronouns=r"(?:(?:also|then|quickly|just|definitely|really)\s+)",
    unnamed_client={"her": "the client", "him": "the client", "them": "the clients"},
    default_client="the client",
    client_pronouns=frozenset({"her", "him", "them"}),
    pronouns_after_verb=frozenset({"her", "him", "them"}),
    person_pronouns=frozenset({"her", "him"}),
    pronoun_prepositions=r"(?:with|to|for|at)\s+(her|him|them)",
    meetings={
        **{noun: Verb(noun[0].upper() + noun[1:], MEET, " with ") for noun in (
            "meeting", "appointment", "demo", "visit", "lunch", "catch-up", "check-in", "follow-up call",
            "review", "signing", "presentation", "tour", "site visit", "training", "training session", "session",
            "kickoff", "kickoff meeting", "kickoff call", "zoom", "zoom call", "video call", "consultation",
            "walkthrough", "tasting",
        )},
        "follow-up": Verb("Follow up", CALL, " with "),
        "call": Verb("Call", CALL), "phone call": Verb("Call", CALL), "callback": Verb("Call back", CALL),
        "call back": Verb("Call back", CALL),
    },
    meeting_determiners=r"(?:(?:the|a|an|our|next|new|her|his|their)\s+)*",
    deliverables={noun: Verb(f"Send the {noun}") for noun in (
        "quote", "proposal", "estimate", "invoice", "contract", "report", "pricing", "sow", "samples",
        "brochure", "deck", "price list", "specs", "numbers",
    )},
    wants=(
        r"\b(?:wants|want|would like|'d like|asked for|asks for|is asking for|requested|requests|needs|expects"
        r"|is expecting|is waiting for|owe (?:her|him|them))\s+"
    ),
    determiners=(
        r"(?:(?:a|an|the|another|some|her|his|their|our|new|second|full|final|updated|revised|formal|detailed)"
        r"\s+)*"
    ),
    act_word=r"(?:to|on|of|for|with|from|about|at|in|into)\b",
    wanted_acts={
        **{f"to {act}": Verb("Call", CALL) for act in (
            "talk", "talk again", "speak", "chat", "catch up", "be called", "be called back", "be contacted",
            "hear back", "have a call",
        )},
        **{f"to {act}": Verb("Meet", MEET) for act in ("meet", "meet again", "get together")},
    },
    due_links=r"(?:on|by|for|due|at|before|in|within|no later than|scheduled for|set for|planned for)",
    date_origin=r"(?:from|since|of)\b",
    scheduled=r"\b(?:scheduled|booked|set|planned|confirmed|arranged|next|upcoming|is on|is at|will be)\b",
    past=r"\b(?:was|were|went|had|did|took place|happened|last)\b",
    perfect=(
        r"\b(?!(?:scheduled|booked|planned|confirmed|arranged|interested|need|feed|speed|based|red|bed|shed|proceed"
        r"|exceed|embed|indeed|seed|detailed|dedicated|related|limited|united|advanced|automated|integrated"
        r"|used|added|revised|updated|required|needed|reissued)\b)[a-z]{2,}ed\b"
        r"|\b(?:sent|bought|met|spoke|signed|made|gave|took|came|left|told|said|paid|saw|went|did|had|was"
        r"|were|held|sold|won|lost|brought|ran|began|ago)\b|(?<!'ve )(?<!we )(?<!i )\bgot\b"
    ),
    negation=(
        r"\b(?:no need|don't need|do not need|doesn't need|not (?:call|send|follow|contact)|never|cancell?ed"
        r"|move|moves|moving|reschedule|postpone|push back)\b"
    ),
    object_end=r"\s(?:because|since|so that|so|as|which|who|that|if|while|when)\b",
    dangling=frozenset(
        "by on at before for in no later than around about the this next and or until within from to "
        "sometime after following due".split()
    ),
    conjunctions=r"(?:and|then|but|so|also)",
    note_openers=r"(?:and|but|then|so|also|anyway)\b[\s,]*",
    filler=frozenset(
        """
        call calls notes note recap quick quickly after our summary meeting update follow-up followup catch-up
        check-in report memo log today just spoke talked with for from to at of in on by the a an
        and or but so i m me my we us you your he him his she her they them their it its this that these
        those is am are was were be been has have had do did there here hi hello hey ok okay yes no well
        client customer prospect contact lead new name named called phone number cell mobile email
        e-mail mail address dot years year old age aged lives live living based works work working job title
        role position company city budget dollars usd around about
        now currently can could reach reached contact today monday tuesday wednesday thursday friday saturday
        sunday january february march april may june july august september october november december
        zero oh one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
        sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred
        thousand
        """.split()
    ),
)

LEXICONS: dict[str, FollowUpLexicon] = {"fr": FRENCH, "en": ENGLISH}


def verb_pattern(forms: frozenset[str] | set[str] | dict[str, Verb]) -> str:
    """A regular expression alternation of verb forms, longest first so "follow up" wins over "follow"."""
    return "(?:" + "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True)) + r")(?![\w-])"
