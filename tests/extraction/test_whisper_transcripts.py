"""Transcripts as Whisper (base model) wrote them for the spoken dev cases: punctuation turned into
commas, "at" forms of emails, digits run together, misheard words. Right values must come out and
garbled ones must stay out (a wrong value in a CRM is worse than a missing one)."""

from __future__ import annotations

import pytest

CASES = [
    (
        "Hi, my name is Sarah Connor, I am 49 years old. I live in Boston, and I work at an ITEC as a software "
        "engineer. You can reach me at 4045550387. My email is Sarah Connor at iCloud.com",
        {"first_name": "Sarah", "last_name": "Connor", "age": 49, "city": "Boston", "job_title": "software engineer",
         "phone": "+14045550387", "email": "sarahconnor@icloud.com"},
    ),
    (
        "New Client, John Smith, 26, Sales Director at Uli, based in Atlanta, Phone, 300, 355, 2348, Email, "
        "jsmithetoutlook.com, budget around $45,000.",
        # "300, 355, 2348" was "303 555 2348": +1 300 is no area code, so no phone rather than a wrong one.
        {"first_name": "John", "last_name": "Smith", "age": 26, "city": "Atlanta", "company": "Uli",
         "job_title": "sales director", "budget": 45000},
    ),
    (
        "Hello, this is Michael Brown. I'm a marketing manager at Stark Industries in Atlanta. My phone number "
        "is 512-555-0087.",
        {"first_name": "Michael", "last_name": "Brown", "city": "Atlanta", "company": "Stark Industries",
         "job_title": "marketing manager", "phone": "+15125550087"},
    ),
    (
        "Call Notes for Jessica Davis. She works for RACME Corporation as a marketing manager. She has a budget "
        "of $8,000. Email Jay Davis at iCloud.com",
        {"first_name": "Jessica", "last_name": "Davis", "company": "RACME Corporation",
         "job_title": "marketing manager", "budget": 8000, "email": "jaydavis@icloud.com"},
    ),
    (
        "Hi, my name is David Miller, I am 31 years old, I live in a tenter and I work at CyberDine Systems and "
        "a Marketing Manager. You can reach me at 312-555-3148. My email is email at hotmail.com.",
        {"first_name": "David", "last_name": "Miller", "age": 31, "company": "CyberDine Systems",
         "phone": "+13125553148"},
    ),
    (
        "New Client, Laura Wilson, 67, Software Engineer at Acme Corporation, based in Atlanta, Phone, "
        "4045550842, Email, L-Wilson at Outlook.com, budget around $20,000.",
        {"first_name": "Laura", "last_name": "Wilson", "age": 67, "city": "Atlanta", "company": "Acme Corporation",
         "job_title": "software engineer", "phone": "+14045550842", "email": "lwilson@outlook.com",
         "budget": 20000},
    ),
    (
        "Just met with James Taylor from Umbrella Health. He is 24 and lives in Atlanta. His email addresses "
        "James.Taylor at proton.me",
        {"first_name": "James", "last_name": "Taylor", "age": 24, "city": "Atlanta", "company": "Umbrella Health",
         "email": "james.taylor@proton.me"},
    ),
    (
        "Hello, this is my living Anderson, I'm a nurse at Stark Industries in Boston, my phone number is "
        "600-555-2387.",
        {"city": "Boston", "company": "Stark Industries", "job_title": "nurse", "phone": "+16005552387"},
    ),
    (
        "Call notes for Daniel Thomas. He works for Globex as a software engineer. He has a budget of $8,000. "
        "Email Daniel. Thomas 72 at proton.me.",
        {"first_name": "Daniel", "last_name": "Thomas", "company": "Globex", "job_title": "software engineer",
         "budget": 8000, "email": "daniel.thomas72@proton.me"},
    ),
    (
        "Hi, my name is Hannah Moore, I am 47 years old. I live in Atlanta, and I work at Acme Corporation as a "
        "software engineer. You can reach me at 300-555-3600-19. My email is H Moore at gmail.com.",
        {"first_name": "Hannah", "last_name": "Moore", "age": 47, "city": "Atlanta", "company": "Acme Corporation",
         "job_title": "software engineer", "email": "hmoore@gmail.com"},
    ),
    (
        "New client, Ryan Jackson 48, accountant at Stark Industries, based in Seattle, phone 256558129, email, "
        "Ryan Jackson at Proton.me, budget around $45,000.",
        {"first_name": "Ryan", "last_name": "Jackson", "age": 48, "city": "Seattle", "company": "Stark Industries",
         "job_title": "accountant", "email": "ryanjackson@proton.me", "budget": 45000},
    ),
    # The same French sentences as a larger Whisper model or the API writes them.
    (
        "Bonjour, je m'appelle Jean Dupont, j'ai 51 ans. J'habite à Paris et je travaille chez Décathlon comme "
        "chef de projet. Mon numéro est le 07 65 80 35 17. Mon email est jean.dupont25 arobase outlook.com.",
        {"first_name": "Jean", "last_name": "Dupont", "age": 51, "city": "Paris", "company": "Décathlon",
         "job_title": "chef de projet", "phone": "+33765803517", "email": "jean.dupont25@outlook.com"},
    ),
    (
        "Nouveau client, Pierre Martin, 23 ans, développeur chez Capgemini, basé à Marseille. Téléphone, "
        "07-43-38-84-75. Email, pmartin@gmail.com. Budget d'environ 20 000 euros.",
        {"first_name": "Pierre", "last_name": "Martin", "age": 23, "city": "Marseille", "company": "Capgemini",
         "job_title": "développeur", "phone": "+33743388475", "email": "pmartin@gmail.com", "budget": 20000},
    ),
    (
        "Rendez-vous avec Sophie Bernard de la société Decathlon. Elle a 34 ans et habite à Toulouse. Son adresse "
        "mail, sophie bernard arobase outlook.com.",
        {"first_name": "Sophie", "last_name": "Bernard", "age": 34, "city": "Toulouse", "company": "Decathlon",
         "email": "sophiebernard@outlook.com"},
    ),
    (
        "Je viens d'avoir Luc Moreau au téléphone. Il est pharmacien chez Orange. Son numéro, 06 89 36 89 69. "
        "Il a un budget de 2000 euros.",
        {"first_name": "Luc", "last_name": "Moreau", "company": "Orange", "job_title": "pharmacien",
         "phone": "+33689368969", "budget": 2000},
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_whisper_transcript(extract, text, expected):
    assert extract(text) == expected


def test_garbled_french_transcript_gives_no_wrong_name(extract):
    text = ("Je m'y en a voie luque mon haut de l'effort. Il est fermatien chez moi aujourd'hui. C'est le nouveau. "
            "C'est aussi catamateur, FOTC-Catamateur, F-WASOTE. Il a un bouge à deux milleaux.")
    values = extract(text, "fr")
    assert "first_name" not in values and "last_name" not in values and "company" not in values
