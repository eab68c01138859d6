"""Email addresses: written, spoken in French and English, and Whisper's half-formatted forms."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "language", "email"),
    [
        ("Mon email est jean.dupont25@outlook.com.", "fr", "jean.dupont25@outlook.com"),
        ("Email : PMartin@Gmail.com.", "fr", "pmartin@gmail.com"),
        ("Son adresse mail : sophiebernard arobase outlook point com.", "fr", "sophiebernard@outlook.com"),
        ("Son adresse mail : nicolas point lambert60 arobase hotmail point com.", "fr",
         "nicolas.lambert60@hotmail.com"),
        ("Son mail est yannick point noel arobase laposte point net.", "fr", "yannick.noel@laposte.net"),
        ("Mon adresse mail c'est jean tiret dupont arobase orange point fr.", "fr", "jean-dupont@orange.fr"),
        ("Nouvelle adresse pour Claire : claire point morel at gmail point com.", "fr", "claire.morel@gmail.com"),
        ("mail : lea point blanc quarante-six arobase yahoo point fr", "fr", "lea.blanc46@yahoo.fr"),
        ("Her email address is emily dot johnson at hotmail dot com.", "en", "emily.johnson@hotmail.com"),
        ("His email address is erichall at proton dot me.", "en", "erichall@proton.me"),
        ("Her new email is anna underscore lee at yahoo dot com.", "en", "anna_lee@yahoo.com"),
        ("My email is Victoria. Hughes at Yahoo.com.", "en", "victoria.hughes@yahoo.com"),
        ("Email Brace.Mitchell at Proton.me.", "en", "brace.mitchell@proton.me"),
        ("Email Daniel. Thomas 72 at proton.me.", "en", "daniel.thomas72@proton.me"),
        ("My email is Sarah Connor at iCloud.com", "en", "sarahconnor@icloud.com"),
        ("Email, L-Wilson at Outlook.com, budget around $20,000.", "en", "lwilson@outlook.com"),
        ("My email is H Moore at gmail.com.", "en", "hmoore@gmail.com"),
        ("My email is Victoria Hughes at Yahoo dot com.", "en", "victoriahughes@yahoo.com"),
        ("Mon email : jean point dupont@gmail.com.", "fr", "jean.dupont@gmail.com"),
        ("Shoot me an email at john dot doe at gmail dot com.", "en", "john.doe@gmail.com"),
        ("Son adresse mail, Sophie Bernard, arobase Outlook.com.", "fr", "sophiebernard@outlook.com"),
    ],
)
def test_emails(extract, text, language, email):
    assert extract(text, language).get("email") == email


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("I work at Globex. He is a nurse.", "en"),
        ("I'm a nurse at Stark Industries in Boston.", "en"),
        ("My email is email at hotmail.com.", "en"),
        ("Il travaille chez Orange. Il habite à Paris.", "fr"),
    ],
)
def test_at_a_company_is_not_an_email(extract, text, language):
    assert "email" not in extract(text, language)


def test_an_email_domain_is_not_read_as_the_company(extract):
    values = extract("My email is Sarah Connor at iCloud.com", "en")
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
