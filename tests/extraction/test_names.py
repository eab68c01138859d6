"""Names: first and third person cues, titles, particles, hyphens and accents, in French and English."""

from __future__ import annotations

import pytest

FRENCH = [
    ("Bonjour, je m'appelle Louis Berthier, j'ai 35 ans", "Louis", "Berthier"),
    ("Bonjour, moi c'est Louise Ferrère. Je suis comptable.", "Louise", "Ferrère"),
    ("C'est Jean-Pierre de la Fontaine à l'appareil.", "Jean-Pierre", "de la Fontaine"),
    ("Ici Hélène Le Gall, je vous rappelle.", "Hélène", "Le Gall"),
    ("Je suis Marc Lévêque, consultant basé à Bordeaux.", "Marc", "Lévêque"),
    ("Le client s'appelle Yannick Noël, il a 33 ans.", "Yannick", "Noël"),
    ("Nouveau client : Émilie Marchand, 42 ans.", "Émilie", "Marchand"),
    ("Rendez-vous avec Aurélie Morel de la société Sportival.", "Aurélie", "Morel"),
    ("Je viens d'avoir Paul Giraud au téléphone.", "Paul", "Giraud"),
    ("Entretien avec Paul-Henri de Villiers, avocat d'affaires.", "Paul-Henri", "de Villiers"),
    ("Je vous appelle de la part de Thomas Roux.", "Thomas", "Roux"),
    ("Bonjour, c'est Marie-Claire d'Arcy à l'appareil.", "Marie-Claire", "d'Arcy"),
    ("Je travaille à Paris depuis 10 ans, je m'appelle Léa Petit.", "Léa", "Petit"),
    ("Notre nouvelle cliente Anne-Sophie Mercier est pharmacienne à Nice.", "Anne-Sophie", "Mercier"),
    ("Client : LOUIS BERTHIER, Âge : 42 ans.", "Louis", "Berthier"),
    ("Client : BERTHIER Louis, Âge : 42 ans.", "Louis", "Berthier"),
    ("Je me présente : Jean Mars, j'ai 45 ans.", "Jean", "Mars"),
    ("Mon prénom est Louis et mon nom est Berthier.", "Louis", "Berthier"),
    ("Bonjour, je m'appelle Bénédicte Van den Berg, j'ai 45 ans.", "Bénédicte", "Van den Berg"),
    ("Bonjour, moi c'est Aminata N'Diaye.", "Aminata", "N'Diaye"),
    ("Rendez-vous avec Karim Ben Ali de la société Vinci.", "Karim", "Ben Ali"),
    ("Je m'appelle Madeleine de Scudéry.", "Madeleine", "de Scudéry"),
    ("Bonjour, Louis Berthier, 45 ans, plombier à Lyon.", "Louis", "Berthier"),
    ("J'ai rencontré aujourd'hui Louis Berthier, il est plombier.", "Louis", "Berthier"),
    # A note opened by what it is about: "point sur", "suivi pour", "rappel concernant".
    ("Petit point sur Gaëlle Perrin : 41 ans, notaire à Brest.", "Gaëlle", "Perrin"),
    ("Point rapide sur Yves Caradec, il cherche un devis.", "Yves", "Caradec"),
    ("Suivi pour Odile Marchetti, elle a signé hier.", "Odile", "Marchetti"),
    ("Rappel concernant Bastien Lemoine : envoyer la proposition.", "Bastien", "Lemoine"),
]

ENGLISH = [
    ("Hi, my name is Grace Holloway, I am 38 years old.", "Grace", "Holloway"),
    ("Hello, this is Steven Carter. I'm a nurse.", "Steven", "Carter"),
    ("Peter Jones speaking, I work for Zentrix Corp.", "Peter", "Jones"),
    ("Hi there, Lisa Wong here, I'm the head of marketing at Zillow.", "Lisa", "Wong"),
    ("Just met with Rebecca Collins from Brightloom.", "Rebecca", "Collins"),
    ("Call notes for Jean-Luc Picard. He is a captain.", "Jean-Luc", "Picard"),
    ("New client: Priya Patel, 29, data scientist at Netflix.", "Priya", "Patel"),
    ("Spoke with Kevin O'Brien today.", "Kevin", "O'Brien"),
    ("Hey, this is Jennifer Lopez-Garcia, I'm thirty-four.", "Jennifer", "Lopez-Garcia"),
    ("Please note that Susan Miller is 38 and works for Apple.", "Susan", "Miller"),
    ("This is a quick note about Brian Lee, he is a teacher.", "Brian", "Lee"),
    ("Hey there, I'm Will Smith, I'm an actor based in Philadelphia.", "Will", "Smith"),
    ("My first name is Peter and my last name is Jones.", "Peter", "Jones"),
    ("Hello, Jane Doe speaking from Zentrix.", "Jane", "Doe"),
    ("New client: Luis De la Cruz, 36, marketing manager at Norvex.", "Luis", "De la Cruz"),
    ("Hi, my name is Ludwig van Beethoven.", "Ludwig", "van Beethoven"),
    ("Meeting recap with Sam Lee of Lee & Partners, based in Miami.", "Sam", "Lee"),
]


@pytest.mark.parametrize(("text", "first", "last"), FRENCH)
def test_french_names(extract, text, first, last):
    values = extract(text, "fr")
    assert (values.get("first_name"), values.get("last_name")) == (first, last)


@pytest.mark.parametrize(("text", "first", "last"), ENGLISH)
def test_english_names(extract, text, first, last):
    values = extract(text, "en")
    assert (values.get("first_name"), values.get("last_name")) == (first, last)


@pytest.mark.parametrize(
    ("text", "language", "first", "last"),
    [
        ("Bonjour, Monsieur Dupont à l'appareil.", "fr", None, "Dupont"),
        ("J'ai rencontré Madame Le Gall aujourd'hui.", "fr", None, "Le Gall"),
        ("Appel de Mme Dubois, elle veut un devis.", "fr", None, "Dubois"),
        ("Rendez-vous avec le docteur Paul Martin, cardiologue à Lyon.", "fr", "Paul", "Martin"),
        ("Madame Sophie Martin, 38 ans, avocate chez Dentons.", "fr", "Sophie", "Martin"),
        ("Hi, Dr. Emily Stone here.", "en", "Emily", "Stone"),
        ("Mr. Smith here, I'm calling about the quote.", "en", None, "Smith"),
        ("C'est Monsieur Dupont à l'appareil, je suis à Lyon.", "fr", None, "Dupont"),
        ("Moi c'est Jean-Marc Le Floch, j'ai 50 ans.", "fr", "Jean-Marc", "Le Floch"),
        ("Ms. Patel, 44, dentist, Houston.", "en", None, "Patel"),
        ("Rendez-vous avec Madame de Villiers, elle habite à Versailles.", "fr", None, "de Villiers"),
        ("Mr. Robert Brown called, he is 55.", "en", "Robert", "Brown"),
        ("Met with Mrs. Karen Lopez from Wells Fargo.", "en", "Karen", "Lopez"),
    ],
)
def test_titles_are_not_part_of_the_name(extract, text, language, first, last):
    values = extract(text, language)
    assert (values.get("first_name"), values.get("last_name")) == (first, last)


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Nom : Berthier, Prénom : Louis, âge : 35 ans.", "fr", {"first_name": "Louis", "last_name": "Berthier"}),
        ("Moi c'est Élodie, j'ai 28 ans.", "fr", {"first_name": "Élodie"}),
        ("First name: Jane. Last name: Doe.", "en", {"first_name": "Jane", "last_name": "Doe"}),
    ],
)
def test_dictated_and_partial_names(extract, text, language, expected):
    values = extract(text, language)
    assert {k: values.get(k) for k in expected} == expected


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Bonjour, je suis très intéressé par votre offre.", "fr"),
        ("Il est marié et il a trois enfants.", "fr"),
        ("Petite mise à jour : il a déménagé à Marseille.", "fr"),
        ("I'm interested in your premium plan.", "en"),
        ("Quick update: she moved to Denver.", "en"),
        ("Hello, this is my living Anderson, I'm a nurse.", "en"),
        ("Los Angeles is her new city.", "en"),
        ("Je suis le nouveau directeur commercial de Sorevia.", "fr"),
    ],
)
def test_no_name_is_invented(extract, text, language):
    values = extract(text, language)
    assert "first_name" not in values and "last_name" not in values


@pytest.mark.parametrize(("text", "language", "first", "last"), [
    ("Rappeler Maëlle Garnier au 06 12 34 56 78 mardi.", "fr", "Maëlle", "Garnier"),
    ("Relancer Théo Lambert pour le devis la semaine prochaine.", "fr", "Théo", "Lambert"),
    ("Appeler Nora Benali demain à 10h.", "fr", "Nora", "Benali"),
    ("Recontacter Simon Vasseur. Il veut une démo.", "fr", "Simon", "Vasseur"),
    ("Call back Frank Doyle on Monday about the quote.", "en", "Frank", "Doyle"),
    ("Email Priya Shah the brochure tomorrow.", "en", "Priya", "Shah"),
])
def test_a_note_opening_on_a_follow_up_verb_names_the_client_after_it(extract, text, language, first, last):
    """"Rappeler Isabelle Faure" gave first name "Rappeler" and last name "Isabelle Faure"."""
    found = extract(text, language)
    assert (found.get("first_name"), found.get("last_name")) == (first, last)


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("Petit point sur loïc penven. Il est chez Vernay Industrie.", "fr", {"first_name": "Loïc", "last_name": "Penven"}),
    ("Rendez-vous avec maëlle guillou, fondatrice chez Sodialec.", "fr",
     {"first_name": "Maëlle", "last_name": "Guillou"}),
    ("Just got off the phone with dorian vasko. He is 40.", "en",
     {"first_name": "Dorian", "last_name": "Vasko", "age": 40}),
    ("So I talked to petra lindqvist earlier. She is 52.", "en",
     {"first_name": "Petra", "last_name": "Lindqvist", "age": 52}),
    # … but people named by their post or group, in lower case, are no name.
    ("Met store managers. They want a demo.", "en", {}),
    ("Rendez-vous avec deux gérants, ils veulent une démo.", "fr", {}),
    ("Spoke with finance team.", "en", {}),
])
def test_a_lower_case_name_after_a_meeting_cue_in_a_punctuated_note(extract, text, language, expected):
    """Found in a fifth agent's notes: a name Whisper wrote in lower case in an otherwise punctuated note ("Petit
    point sur cyril benali.") was read only when the whole note was in lower case."""
    values = extract(text, language)
    assert {k: values.get(k) for k in ("first_name", "last_name", "age") if k in values or k in expected} == expected
