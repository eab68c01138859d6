"""Transcripts as Whisper (base model) writes spoken notes: punctuation turned into commas, "at" forms of
emails, digits run together or misheard, words misheard ("as a" written "and a"). Right values must come out
and garbled ones must stay out (a wrong value in a CRM is worse than a missing one). Names, companies,
places and numbers are invented."""

from __future__ import annotations

import pytest

CASES = [
    (
        # "year old" for "years old"; an employer heard as an article and an acronym ("an IBEX") is not read.
        "Hi, my name is Rachel Dunmore, I am 53 year old. I live in Omaha, and I work at an IBEX as a data analyst. "
        "You can reach me at 4025550194. My email is Rachel Dunmore at iCloud.com",
        {"first_name": "Rachel", "last_name": "Dunmore", "age": 53, "city": "Omaha", "job_title": "data analyst",
         "phone": "+14025550194", "email": "racheldunmore@icloud.com"},
    ),
    (
        # "300" is no North American area code: no phone rather than a wrong one; "at" glued into "et": no email.
        "New Client, Peter Vance, 34, Account Manager at Zelo, based in Tucson. Phone, 300, 455, 6071. Email, "
        "pvanceetoutlook.com, budget around $30,000.",
        {"first_name": "Peter", "last_name": "Vance", "age": 34, "city": "Tucson", "company": "Zelo",
         "job_title": "account manager", "budget": 30000},
    ),
    (
        "Hello, this is Gloria Banks. I'm a product designer at Halvorsen Labs in Denver. My phone number is "
        "720-555-0146.",
        {"first_name": "Gloria", "last_name": "Banks", "city": "Denver", "company": "Halvorsen Labs",
         "job_title": "product designer", "phone": "+17205550146"},
    ),
    (
        # A misheard local part is still an address of the right form: the speech confidence decides on it.
        "Meeting notes for Victor Hale. He works for Northwind Freight as an office manager. He has a budget of "
        "$6,000. Email Vic Hale at iCloud.com",
        {"first_name": "Victor", "last_name": "Hale", "company": "Northwind Freight", "job_title": "office manager",
         "budget": 6000, "email": "vichale@icloud.com"},
    ),
    (
        # "and a" for "as a" after the employer; "email at hotmail.com" has no local part; "a tenter" is no city.
        "Hi, my name is Owen Pratt, I am 39 years old, I live in a tenter and I work at Bluecrest Systems and a "
        "Project Manager. You can reach me at 402-555-0173. My email is email at hotmail.com.",
        {"first_name": "Owen", "last_name": "Pratt", "age": 39, "company": "Bluecrest Systems",
         "job_title": "project manager", "phone": "+14025550173"},
    ),
    (
        # A spelled initial written "N-Kerr".
        "New Client, Nadia Kerr, 45, Data Analyst at Orbis Corporation, based in Tulsa, Phone, 9185550162, Email, "
        "N-Kerr at Outlook.com, budget around $12,000.",
        {"first_name": "Nadia", "last_name": "Kerr", "age": 45, "city": "Tulsa", "company": "Orbis Corporation",
         "job_title": "data analyst", "phone": "+19185550162", "email": "nkerr@outlook.com", "budget": 12000},
    ),
    (
        "Just met with Felix Grant from Marlow Health. He is 58 and lives in Reno. His email addresses Felix.Grant "
        "at proton.me",
        {"first_name": "Felix", "last_name": "Grant", "age": 58, "city": "Reno", "company": "Marlow Health",
         "email": "felix.grant@proton.me"},
    ),
    (
        # A misheard name ("my living Porter") gives no name at all.
        "Hello, this is my living Porter, I'm a pharmacist at Halvorsen Labs in Denver, my phone number is "
        "720-555-0188.",
        {"city": "Denver", "company": "Halvorsen Labs", "job_title": "pharmacist", "phone": "+17205550188"},
    ),
    (
        # A full stop Whisper put inside a dictated address, and digits written apart.
        "Call notes for Irene Walsh. She works for Tidewell as a lawyer. She has a budget of $9,000. Email Irene. "
        "Walsh 88 at proton.me.",
        {"first_name": "Irene", "last_name": "Walsh", "company": "Tidewell", "job_title": "lawyer", "budget": 9000,
         "email": "irene.walsh88@proton.me"},
    ),
    (
        # Digits regrouped with one too many: no phone.
        "Hi, my name is Colin Reyes, I am 36 years old. I live in Tucson, and I work at Northwind Freight as a "
        "nurse. You can reach me at 300-555-1800-42. My email is C Reyes at gmail.com.",
        {"first_name": "Colin", "last_name": "Reyes", "age": 36, "city": "Tucson", "company": "Northwind Freight",
         "job_title": "nurse", "email": "creyes@gmail.com"},
    ),
    (
        # No comma before the age; a number with digits dropped gives no phone.
        "New client, Tessa Morgan 41, architect at Bluecrest Systems, based in Omaha, phone 40255501, email, "
        "Tessa Morgan at Proton.me, budget around $25,000.",
        {"first_name": "Tessa", "last_name": "Morgan", "age": 41, "city": "Omaha", "company": "Bluecrest Systems",
         "job_title": "architect", "email": "tessamorgan@proton.me", "budget": 25000},
    ),
    # French notes as a larger Whisper model or the API writes them.
    (
        "Bonjour, je m'appelle Hugo Texier, j'ai 38 ans. J'habite à Annecy et je travaille chez Fromagerie "
        "Dutilleul comme chef de rayon. Mon numéro est le 06 45 67 89 01. Mon email est hugo.texier12 arobase "
        "outlook.com.",
        {"first_name": "Hugo", "last_name": "Texier", "age": 38, "city": "Annecy", "company": "Fromagerie Dutilleul",
         "job_title": "chef de rayon", "phone": "+33645678901", "email": "hugo.texier12@outlook.com"},
    ),
    (
        "Nouveau client, Lucie Fabre, 29 ans, comptable chez Vernet Conseil, basée à Brest. Téléphone, "
        "06-12-43-65-87. Email, lfabre@gmail.com. Budget d'environ 15 000 euros.",
        {"first_name": "Lucie", "last_name": "Fabre", "age": 29, "city": "Brest", "company": "Vernet Conseil",
         "job_title": "comptable", "phone": "+33612436587", "email": "lfabre@gmail.com", "budget": 15000},
    ),
    (
        "Rendez-vous avec Margot Leclerc de la société Alvéole. Elle a 47 ans et habite à Angers. Son adresse "
        "mail, margot leclerc arobase outlook.com.",
        {"first_name": "Margot", "last_name": "Leclerc", "age": 47, "city": "Angers", "company": "Alvéole",
         "email": "margotleclerc@outlook.com"},
    ),
    (
        "Je viens d'avoir Paul Ferrand au téléphone. Il est boulanger chez Maison Riviere. Son numéro, "
        "06 23 45 67 18. Il a un budget de 3000 euros.",
        {"first_name": "Paul", "last_name": "Ferrand", "company": "Maison Riviere", "job_title": "boulanger",
         "phone": "+33623456718", "budget": 3000},
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_whisper_transcript(extract, text, expected):
    assert extract(text) == expected


def test_garbled_french_transcript_gives_no_wrong_name(extract):
    text = ("On a voie lune mon haut de la rive. Il est pastrouillet chez moi ce matin. C'est le nouveau. "
            "C'est aussi tramontin, GRT-Tramontin, F-BALOTE. Il a un bouge à trois milleaux.")
    values = extract(text, "fr")
    assert "first_name" not in values and "last_name" not in values and "company" not in values
