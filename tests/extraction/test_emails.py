"""Email addresses: written, spoken in French and English, and Whisper's half-formatted forms."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "language", "email"),
    [
        ("Mon email est louis.berthier83@outlook.com.", "fr", "louis.berthier83@outlook.com"),
        ("Email : PGiraud@Gmail.com.", "fr", "pgiraud@gmail.com"),
        ("Son adresse mail : aureliemorel arobase outlook point com.", "fr", "aureliemorel@outlook.com"),
        ("Son adresse mail : olivier point vasseur31 arobase hotmail point com.", "fr",
         "olivier.vasseur31@hotmail.com"),
        ("Son mail est yannick point noel arobase laposte point net.", "fr", "yannick.noel@laposte.net"),
        ("Mon adresse mail c'est jean tiret dupont arobase orange point fr.", "fr", "jean-dupont@orange.fr"),
        ("Nouvelle adresse pour Claire : claire point morel at gmail point com.", "fr", "claire.morel@gmail.com"),
        ("mail : lina point morin cinquante-deux arobase yahoo point fr", "fr", "lina.morin52@yahoo.fr"),
        ("Her email address is rebecca dot collins at hotmail dot com.", "en", "rebecca.collins@hotmail.com"),
        ("His email address is neilparker at proton dot me.", "en", "neilparker@proton.me"),
        ("Her new email is anna underscore lee at yahoo dot com.", "en", "anna_lee@yahoo.com"),
        ("My email is Victoria. Hughes at Yahoo.com.", "en", "victoria.hughes@yahoo.com"),
        ("Email Brace.Mitchell at Proton.me.", "en", "brace.mitchell@proton.me"),
        ("Email Owen. Mitchell 64 at proton.me.", "en", "owen.mitchell64@proton.me"),
        ("My email is Grace Holloway at iCloud.com", "en", "graceholloway@icloud.com"),
        ("Email, L-Keller at Outlook.com, budget around $30,000.", "en", "lkeller@outlook.com"),
        ("My email is H Price at gmail.com.", "en", "hprice@gmail.com"),
        ("My email is Victoria Hughes at Yahoo dot com.", "en", "victoriahughes@yahoo.com"),
        ("Mon email : jean point dupont@gmail.com.", "fr", "jean.dupont@gmail.com"),
        ("Shoot me an email at john dot doe at gmail dot com.", "en", "john.doe@gmail.com"),
        ("Son adresse mail, Nadine Morel, arobase Outlook.com.", "fr", "nadinemorel@outlook.com"),
        # A dictated name keeps its accents in speech, not in the address.
        ("Son mail : Gaëlle point Perrin arobase orange point fr.", "fr", "gaelle.perrin@orange.fr"),
        ("Son adresse : Jérôme Lefèvre arobase free point fr.", "fr", "jeromelefevre@free.fr"),
        ("Mail, Noémie.Ferré arobase gmail.com", "fr", "noemie.ferre@gmail.com"),
        # A hyphen said inside the domain; a top-level domain never has one.
        ("Son mail : rc point vidal arobase marbrerie tiret vidal point fr.", "fr", "rc.vidal@marbrerie-vidal.fr"),
        ("Mail : anouk arobase les tiret ateliers tiret nord point com", "fr", "anouk@les-ateliers-nord.com"),
        ("Her email is tess at blue dash harbor dot co dot uk.", "en", "tess@blue-harbor.co.uk"),
        ("His email is dev at north hyphen pine dot io.", "en", "dev@north-pine.io"),
        ("Son mail c'est marc arobase orange point fr tiret je crois.", "fr", "marc@orange.fr"),
    ],
)
def test_emails(extract, text, language, email):
    assert extract(text, language).get("email") == email


@pytest.mark.parametrize(
    ("text", "email"),
    [
        ("Son email c'est remi tiret bas garnier arobase gmail point com.", "remi_garnier@gmail.com"),
        ("Mail : ines tiret du bas caron arobase orange point fr.", "ines_caron@orange.fr"),
        ("Son adresse mail : paul tiret du huit roux arobase free point fr.", "paul_roux@free.fr"),
        ("Son adresse mail : paul tiret du 8 roux arobase free point fr.", "paul_roux@free.fr"),
        ("Son mail : marie tiret du six ange arobase laposte point net.", "marie-ange@laposte.net"),
    ],
)
def test_french_names_of_the_underscore_and_the_hyphen_keys(extract, text, email):
    """French speakers say "_" as "tiret bas" or "tiret du huit" (its AZERTY key), "-" as "tiret du six":
    the words were read as a hyphen plus a word ("remi-basgarnier")."""
    assert extract(text, "fr").get("email") == email


def test_an_english_underscore_split_in_two_words(extract):
    assert extract("Email: tom under score baker at gmail dot com.", "en").get("email") == "tom_baker@gmail.com"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("I work at Norvex. He is a nurse.", "en"),
        ("I'm a nurse at Halberd Industries in Boston.", "en"),
        ("My email is email at hotmail.com.", "en"),
        ("Il travaille chez Vertalis. Il habite à Paris.", "fr"),
        # Whisper wrote a domain where the name was said: no address rather than a wrong one.
        ("Email Garrick.com at Outlook.com", "en"),
        ("Her email is Dana.net at gmail dot com.", "en"),
        ("Son mail : Lucas.fr arobase free point fr.", "fr"),
    ],
)
def test_at_a_company_is_not_an_email(extract, text, language):
    values = extract(text, language)
    assert "email" not in values
    # A garbled address is not read as anything else either ("com" as a job, "Outlook.com" as the employer).
    assert not {v for k, v in values.items() if k in ("job_title", "company")} & {"com", "net", "fr", "Outlook.com",
                                                                                   "gmail dot com", "free point fr"}


def test_an_email_domain_is_not_read_as_the_company(extract):
    values = extract("My email is Grace Holloway at iCloud.com", "en")
    assert "company" not in values


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("I work at Salesforce.com as an accountant.", "Salesforce.com"),
        ("I'm a nurse at Salesforce.com in Ann Arbor.", "Salesforce.com"),
    ],
)
def test_a_company_named_like_a_domain_is_not_an_email(extract, text, company):
    values = extract(text, "en")
    assert "email" not in values and values["company"] == company


def test_a_long_spoken_address_keeps_its_joined_words(extract):
    text = "Voici enfin ce que je voulais vous dire tout à l'heure jean point dupont arobase gmail point com"
    assert extract(text, "fr")["email"] == "jean.dupont@gmail.com"


# An address is kept only on a domain under a real public suffix (the Public Suffix List in the
# publicsuffixlist wheel), not on a hand-made list of endings.


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Her email is nadia dot brun at gmail dot con.", "en"),
        ("His address is t.okafor@acme.local.", "en"),
        ("Email: lena.voss@northwind.example.", "en"),
        ("Son adresse mail : yann point le goff arobase wanadoo point frr.", "fr"),
    ],
)
def test_an_address_without_a_real_public_suffix_is_not_an_email(extract, text, language):
    assert "email" not in extract(text, language)


@pytest.mark.parametrize(
    ("text", "language", "email"),
    [
        ("Her email is theo dot lambert at yahoo dot co dot uk.", "en", "theo.lambert@yahoo.co.uk"),
        ("Son mail : ines point roux arobase orange point co point uk.", "fr", "ines.roux@orange.co.uk"),
        ("His email is k dot osei at unimelb dot edu dot au, he moved last year.", "en", "k.osei@unimelb.edu.au"),
    ],
)
def test_a_spoken_domain_keeps_a_public_suffix_of_several_labels(extract, text, language, email):
    assert extract(text, language).get("email") == email


@pytest.mark.parametrize(
    ("text", "language", "email"),
    [
        ("Son mail c'est nina arobase free point fr point Il habite à Brest.", "fr", "nina@free.fr"),
        ("Email marco at gmx dot de dot Marco lives in Leeds.", "en", "marco@gmx.de"),
    ],
)
def test_a_spoken_domain_ends_at_its_public_suffix(extract, text, language, email):
    assert extract(text, language).get("email") == email
