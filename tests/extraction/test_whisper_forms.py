"""The forms Whisper writes that a typed note does not (issue 13, item 8): labels closed by a full stop, no
punctuation at all, names in lower case, an age as an adjective, a label glued to a name, a place said in a
clause of its own. Each kind is tested with a few variants; names, companies and places are invented."""

from __future__ import annotations

import pytest


def _subset(values: dict, expected: dict) -> dict:
    return {key: values.get(key) for key in expected}


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Call summary. Contact. Marcus Whitfield. Age. 52. City. Denver.", "en",
         {"first_name": "Marcus", "last_name": "Whitfield", "age": 52, "city": "Denver"}),
        ("Visit report. Client. Priya Raman. Company. Brightwave. Role. Account manager.", "en",
         {"first_name": "Priya", "last_name": "Raman", "company": "Brightwave", "job_title": "account manager"}),
        ("Intake form. Name. Lena Voss. Phone. 06 45 67 89 01.", "en",
         {"first_name": "Lena", "last_name": "Voss", "phone": "+33645678901"}),
        ("Compte rendu. Contact. Hugo Texier. Âge. 38. Ville. Annecy.", "fr",
         {"first_name": "Hugo", "last_name": "Texier", "age": 38, "city": "Annecy"}),
    ],
)
def test_labels_closed_by_a_full_stop_still_label_their_value(extract, text, language, expected):
    assert _subset(extract(text, language), expected) == expected


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Meeting Notes. Call Summary.", "en"),
        ("Intake Form. Visit Report.", "en"),
        ("Compte rendu. Rendez-vous. Note.", "fr"),
        ("Synthèse. Fiche client.", "fr"),
    ],
)
def test_a_header_or_label_is_never_a_name(extract, text, language):
    values = extract(text, language)
    assert "first_name" not in values and "last_name" not in values


def test_a_header_before_an_unannounced_name_is_not_the_name(extract):
    values = extract("Intake form. Lena Voss, 44, Reno.", "en")
    assert (values.get("first_name"), values.get("last_name"), values.get("age")) == ("Lena", "Voss", 44)


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("contact marcus whitfield age 52 role sales engineer at brightwave", "en",
         {"first_name": "Marcus", "last_name": "Whitfield", "age": 52, "job_title": "sales engineer",
          "company": "Brightwave"}),
        ("new client priya raman age 38 lives in austin works at tidewell", "en",
         {"first_name": "Priya", "last_name": "Raman", "age": 38, "city": "Austin", "company": "Tidewell"}),
        ("nouveau client hugo texier âge 41 ville annecy poste comptable", "fr",
         {"first_name": "Hugo", "last_name": "Texier", "age": 41, "city": "Annecy", "job_title": "comptable"}),
    ],
)
def test_a_transcript_without_punctuation_or_capitals_is_read_by_its_labels(extract, text, language, expected):
    assert _subset(extract(text, language), expected) == expected


@pytest.mark.parametrize(
    "text",
    [
        "she called the client yesterday about her role in sales",
        "new client onboarding went well today",
        "we should contact them again about the budget next month",
    ],
)
def test_label_words_in_a_plain_sentence_read_nothing(extract, text):
    values = extract(text, "en")
    assert not {"first_name", "last_name", "job_title", "company", "city"} & set(values)


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Quick note. kevin harlow, age 40, lives in Omaha.", "en",
         {"first_name": "Kevin", "last_name": "Harlow", "age": 40, "city": "Omaha"}),
        ("Quick note. Kevin harlow, 40, based in Reno.", "en",
         {"first_name": "Kevin", "last_name": "Harlow", "age": 40, "city": "Reno"}),
        ("My name is nadia brun and I work at Kestrel.", "en",
         {"first_name": "Nadia", "last_name": "Brun", "company": "Kestrel"}),
        ("Je m'appelle lucie fabre, j'habite à Nantes.", "fr",
         {"first_name": "Lucie", "last_name": "Fabre", "city": "Nantes"}),
        ("Petite note. théo gautier, 37 ans, habite à Brest.", "fr",
         {"first_name": "Théo", "last_name": "Gautier", "age": 37, "city": "Brest"}),
    ],
)
def test_names_written_in_lower_case_are_read_after_a_naming_cue_or_before_an_age(extract, text, language, expected):
    assert _subset(extract(text, language), expected) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Marcus Whitfield is a 42-year-old nurse at Lakeside Clinic in Denver.",
         {"first_name": "Marcus", "last_name": "Whitfield", "age": 42, "job_title": "nurse",
          "company": "Lakeside Clinic", "city": "Denver"}),
        ("Priya Raman, 36-year-old accountant at Tidewell in Austin.",
         {"first_name": "Priya", "last_name": "Raman", "age": 36, "job_title": "accountant", "company": "Tidewell",
          "city": "Austin"}),
        ("She is a 29 year old designer at Orbis.", {"age": 29, "job_title": "designer", "company": "Orbis"}),
    ],
)
def test_an_age_said_as_an_adjective_before_the_job(extract, text, expected):
    assert _subset(extract(text, "en"), expected) == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Client Marcus Whitfield, Denver.", "en", {"first_name": "Marcus", "last_name": "Whitfield"}),
        ("Contact Lena Voss, 44.", "en", {"first_name": "Lena", "last_name": "Voss", "age": 44}),
        ("Cliente Élodie Marchand, Annecy.", "fr", {"first_name": "Élodie", "last_name": "Marchand"}),
    ],
)
def test_a_label_glued_to_a_full_name_introduces_it(extract, text, language, expected):
    values = extract(text, language)
    assert _subset(values, expected) == expected
    # A lone capitalised word after the name is a place or an employer: never a job.
    assert "job_title" not in values


def test_a_label_word_before_a_lone_first_name_may_be_a_verb(extract):
    assert "first_name" not in extract("Contact Owen tomorrow about the invoice.", "en")


@pytest.mark.parametrize(
    ("text", "city", "job_title"),
    [
        ("Nouvelle cliente, Élodie Marchand, domiciliée à Annecy.", "Annecy", None),
        ("Hugo Texier, résidant à Lausanne, ingénieur chez Valtech.", "Lausanne", "ingénieur"),
        ("Rendez-vous avec Inès Roux, demeurant à Vannes.", "Vannes", None),
    ],
)
def test_the_word_that_introduces_a_place_is_not_a_job(extract, text, city, job_title):
    values = extract(text, "fr")
    assert (values.get("city"), values.get("job_title")) == (city, job_title)


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Paul Ferrand, 45 ans, à Rennes.", "fr", {"age": 45, "city": "Rennes"}),
        ("Client Bastien Morel, 52 ans, à Nantes, comptable.", "fr",
         {"first_name": "Bastien", "last_name": "Morel", "age": 52, "city": "Nantes"}),
        ("Marcus Whitfield, 45, in Denver.", "en", {"age": 45, "city": "Denver"}),
        ("Lena Voss, 44, from Tulsa.", "en", {"age": 44, "city": "Tulsa"}),
        ("Marcus Whitfield, 45, in Marketing.", "en", {"age": 45, "city": None}),
        ("Nadia Brun, 38, accountant, in Tulsa.", "en", {"age": 38, "job_title": "accountant", "city": "Tulsa"}),
        ("Priya Raman, 42, from Orbis Labs.", "en", {"age": 42, "company": "Orbis Labs", "city": None}),
        ("Omar Haddad, 51, CTO of Lumen Labs, lives in Miami.", "en",
         {"age": 51, "job_title": "CTO", "company": "Lumen Labs", "city": "Miami"}),
    ],
)
def test_a_place_in_a_clause_of_its_own(extract, text, language, expected):
    assert _subset(extract(text, language), expected) == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Nadia Brun from Tulsa.", "en", {"city": "Tulsa", "company": None}),
        ("Met Tom Becker from Portland today.", "en", {"city": "Portland", "company": None}),
        ("Met Tom Becker from Tessellate Systems today.", "en", {"city": None, "company": "Tessellate Systems"}),
        ("Just met with Dana Whitaker from Brightwave. She is 50 and lives in Tulsa.", "en",
         {"city": "Tulsa", "company": "Brightwave"}),
        ("Rencontré Jean Morel de Lyon.", "fr", {"city": "Lyon", "company": None}),
    ],
)
def test_from_after_a_name_is_a_city_unless_an_employer_is_meant(extract, text, language, expected):
    assert _subset(extract(text, language), expected) == expected


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Mon nom est le neos, cet neos.", "fr"),
        ("Son prénom est le Marto.", "fr"),
        ("My name is a long story.", "en"),
    ],
)
def test_what_a_name_label_is_followed_by_is_no_job(extract, text, language):
    assert "job_title" not in extract(text, language)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Je m'appelle Lucie Fabre, j'ai 5 ans.", "fr"),
        ("Bonjour, je suis Hugo Texier, j'ai 6 ans, j'habite à Brest.", "fr"),
        ("Hi, I'm Lena Voss, I am 9 years old.", "en"),
    ],
)
def test_a_child_s_age_heard_for_the_client_is_left_out(extract, text, language):
    assert "age" not in extract(text, language)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("we met at the fair, in Las Vegas, and talked about pricing.", "en"),
        ("Got a referral, from Kestrel, for a new project.", "en"),
        ("Rendez-vous demain, à Paris, avec l'équipe.", "fr"),
        ("elle habite à côté de la gare et travaille pour une banque", "fr"),
    ],
)
def test_a_place_clause_not_set_beside_a_name_is_not_the_client_s_city(extract, text, language):
    assert "city" not in extract(text, language)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I live in Tulsa and I work at Lumen Freight and a Logistics Coordinator. Call me on Monday.",
         {"company": "Lumen Freight", "job_title": "logistics coordinator"}),
        ("He works for Kestrel Labs and an accountant.", {"company": "Kestrel Labs", "job_title": "accountant"}),
        ("Nora Quill works at Orbis and a data analyst, based in Reno.",
         {"company": "Orbis", "job_title": "data analyst", "city": "Reno"}),
    ],
)
def test_as_a_heard_as_and_a_after_an_employer_still_gives_the_job(extract, text, expected):
    # Whisper writes "as a" as "and a" after a company name; the job title is still the speaker's.
    assert _subset(extract(text, "en"), expected) == expected


@pytest.mark.parametrize(
    "text",
    [
        "I work at Brightwave and a colleague of mine told me about the offer.",
        "She works for Orbis and a friend.",
        "I work at Brightwave and a half.",
        "He works at Lumen Freight and a lot of people know him there.",
    ],
)
def test_and_a_after_an_employer_reads_no_job_from_a_sentence_going_on(extract, text):
    assert "job_title" not in extract(text, "en")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Spoke with a 51-year-old accountant at Harbor Bank in Tacoma named Dana Whitlock.",
         {"age": 51, "job_title": "accountant", "company": "Harbor Bank", "city": "Tacoma"}),
        ("Met a 38 year old architect at Lumen Freight today, Owen Pratt.",
         {"age": 38, "job_title": "architect", "company": "Lumen Freight"}),
        ("I spoke to Dana Whitlock. She's the new purchasing manager at Harbor Bank.",
         {"job_title": "purchasing manager", "company": "Harbor Bank"}),
        ("Owen Pratt called: he is the current office manager at Tidewell.",
         {"job_title": "office manager", "company": "Tidewell"}),
    ],
)
def test_an_age_adjective_or_new_in_post_announces_the_job(extract, text, expected):
    assert _subset(extract(text, "en"), expected) == expected


@pytest.mark.parametrize(
    "text",
    [
        "She has a 10-year-old son at school in Tacoma.",
        "He drives a 12-year-old car.",
        "Met a 45-year-old man at the fair in Reno.",
        "Dana Whitlock is the former head of sales at Orbis.",
    ],
)
def test_a_relative_a_thing_or_a_former_post_is_no_job(extract, text):
    assert "job_title" not in extract(text, "en")


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("Chloé Vasseur, infirmière chez Medica, 44 ans, habite Nantes.", "Nantes"),
        ("J'habite Saint-Malo depuis deux ans.", "Saint-Malo"),
        ("Il habite maintenant Aix-en-Provence.", "Aix-en-Provence"),
        ("Elle habite Le Havre.", "Le Havre"),
    ],
)
def test_habiter_takes_the_town_without_a_preposition(extract, text, city):
    values = extract(text, "fr")
    assert values.get("city") == city
    assert "first_name" not in values or values["first_name"] == "Chloé"  # "J'habite" is never a name


def test_habiter_before_a_lower_case_word_reads_no_town(extract):
    assert "city" not in extract("J'habite ici depuis longtemps et je travaille chez Medica.", "fr")


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Dana Whitlock is 44 and from Tacoma.", "en", {"age": 44, "city": "Tacoma", "company": None}),
        ("Dana Whitlock. She's 44, from Tacoma, a nurse at Mercy Clinic.", "en", {"age": 44, "city": "Tacoma"}),
    ],
)
def test_where_a_person_is_from_after_their_age_is_a_city_not_an_employer(extract, text, language, expected):
    assert _subset(extract(text, language), expected) == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Owen Pratt is 38 years old and originally from Reno.", "en", {"age": 38, "city": None, "company": None}),
        ("Owen Pratt, originally from Reno, 38, a welder.", "en", {"city": None, "job_title": None}),
        ("Owen Pratt, originally from Reno but he lives in Sparks now.", "en", {"city": "Sparks"}),
        ("Hugo Texier, 38 ans, originaire de Brest, boulanger.", "fr", {"age": 38, "city": None}),
        ("Elle est originaire d'Angers.", "fr", {"city": None}),
        ("Originaire de Brest, elle habite à Quimper depuis dix ans.", "fr", {"city": "Quimper"}),
    ],
)
def test_a_hometown_is_not_where_the_client_lives(extract, text, language, expected):
    """"Originally from" / "originaire de" name where a person grew up, not the town of their address: a
    wrong city is worse than none."""
    assert _subset(extract(text, language), expected) == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("quick note spoke with priya raman she is the buyer at tallow works",
         "en", {"first_name": "Priya", "last_name": "Raman"}),
        ("coffee with orla brennan she's keen on the pilot", "en", {"first_name": "Orla", "last_name": "Brennan"}),
        ("note on call with tobi adeyemi 41 years old wants a quote", "en",
         {"first_name": "Tobi", "last_name": "Adeyemi", "age": 41}),
        ("appel avec gaspard morvan il veut un devis", "fr", {"first_name": "Gaspard", "last_name": "Morvan"}),
    ],
)
def test_a_name_after_a_cue_in_a_lower_case_transcript_is_read(extract, text, language, expected):
    values = extract(text, language)
    assert {k: values.get(k) for k in expected} == expected


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("call with marketing about the launch", "en"),
        ("spoke with procurement today", "en"),
        ("lunch with our partners went well", "en"),
        ("rendez-vous avec la direction demain", "fr"),
    ],
)
def test_common_words_after_a_cue_in_a_lower_case_transcript_name_nobody(extract, text, language):
    values = extract(text, language)
    assert "first_name" not in values and "last_name" not in values


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Quick note. Tariq Bell. 44. Account manager. Norvel Logistics. Omaha.", "en",
         {"age": 44, "job_title": None, "company": "Norvel Logistics", "city": "Omaha"}),
        # Only an employer with a company form makes the items a record.
        ("Note. Iris Vale. Senior designer. Quarrow. Leeds.", "en", {"company": None, "city": None}),
        ("Met Sam Reed. Warm lead. Call back Friday.", "en", {"job_title": None, "company": None}),
        ("Call with Tom Hale. Contract renewal. Meridian Health. August.", "en",
         {"job_title": None, "company": "Meridian Health", "city": None}),
        ("Met Tom Reed. 20. Percent off requested.", "en", {"age": None, "job_title": None}),
        ("Met Sam Reed. R&D. Lyon.", "en", {"company": None, "city": None}),
        ("Appel avec Nina Roy. Devis envoyé. Relance Société Générale. Vendredi.", "fr",
         {"job_title": None, "city": None}),
        # Without a job first, only an item with a company form is an employer.
        ("Contact. Lise Carré. Brenner Logistique. Metz.", "fr", {"company": "Brenner Logistique", "city": "Metz"}),
        ("Contact. Lise Carré. Brenner. Metz.", "fr", {"company": None, "city": None}),
        # Sentences after a name are no record.
        ("Met Sam Reed. Great guy. Loves golf.", "en", {"job_title": None, "company": None, "city": None}),
        ("Appel avec Paul Morel. Très intéressé. Rappeler lundi.", "fr", {"job_title": None, "company": None}),
    ],
)
def test_a_record_dictated_item_by_item_is_read_in_its_order(extract, text, language, expected):
    values = extract(text, language)
    assert {k: values.get(k) for k in expected} == expected


@pytest.mark.parametrize(("text", "language", "age"), [
    ("call with sam okafor 35 years old", "en", 35),  # "okafor" ends in "for": no "for 35 years"
    ("Rencontré Marie Boden 45 ans, comptable.", "fr", 45),  # "Boden" ends in "en"
])
def test_a_name_ending_like_a_time_word_does_not_hide_the_age(extract, text, language, age):
    assert extract(text, language).get("age") == age


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Update. Noah Pell. New company. Sarnia Robotics. Title. Senior engineer.", "en",
         {"company": "Sarnia Robotics", "job_title": "senior engineer", "city": None}),
        ("Mise à jour. Alix Roy. Nouvelle entreprise. Studio Ferrand. Nouveau poste. Directeur artistique.", "fr",
         {"company": "Studio Ferrand", "job_title": "directeur artistique", "city": None}),
    ],
)
def test_a_new_value_dictated_after_its_label_is_read_by_that_label(extract, text, language, expected):
    values = extract(text, language)
    assert {k: values.get(k) for k in expected} == expected


def test_the_words_after_a_name_label_are_not_read_as_a_job(extract):
    values = extract("nouveau contact lina dufay responsable achats chez orvale à brest", "fr")
    assert "lina" not in (values.get("job_title") or "")


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("So I talked to Nora Quill earlier. Role is store manager. She's at Meridian Tile.", "en",
     {"first_name": "Nora", "last_name": "Quill", "job_title": "store manager", "company": "Meridian Tile"}),
    ("Spoke to Nora Quill, budget 50k, role is product manager, she is 41.", "en",
     {"first_name": "Nora", "last_name": "Quill", "job_title": "product manager", "budget": 50000, "age": 41}),
    ("Her role is key in the project, says Nora Quill.", "en", {"first_name": "Nora", "job_title": None}),
    ("Prospect. Nom. Le Bihan. Prénom. Chloé. Âge. 45.", "fr",
     {"first_name": "Chloé", "last_name": "Le Bihan", "age": 45}),
    ("Compte rendu d'appel, prénom, Mathis, nom, Carrel, ville, Brest.", "fr",
     {"first_name": "Mathis", "last_name": "Carrel", "city": "Brest"}),
    ("Last name: Van Dorn. First name: Peter.", "en", {"first_name": "Peter", "last_name": "Van Dorn"}),
])
def test_labels_whisper_writes_role_is_and_a_surname_with_its_particle(extract, text, language, expected):
    """Found in a fifth agent's notes: "Role is …" gave no post, "Nom. Le Gall." and "nom, Caron," no surname."""
    assert _subset(extract(text, language), expected) == expected
