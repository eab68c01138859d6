"""Ages and budgets: digits, number words (text2num), currencies, thousands separators, "5k"."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "language", "age"),
    [
        ("Bonjour, je m'appelle Louis Berthier, j'ai 35 ans.", "fr", 35),
        ("J'ai quarante-deux ans et je suis ingénieure.", "fr", 42),
        ("Elle a quarante et un ans maintenant.", "fr", 41),
        ("Monsieur Jean Lefebvre, soixante-douze ans, agriculteur.", "fr", 72),
        ("Client : Lucie Garnier. Âge : 27 ans.", "fr", 27),
        ("Elle est âgée de 58 ans.", "fr", 58),
        ("Hi, my name is Grace Holloway, I am 38 years old.", "en", 38),
        ("I'm forty-two years old.", "en", 42),
        ("Just met with Rebecca Collins from Brightloom. She is 71 and lives in Tampa.", "en", 71),
        ("New client: Peter Jones, 26, sales director at Brightloom.", "en", 26),
        ("New client, Tyler Brooks 48, accountant at Halberd Industries.", "en", 48),
        ("He just turned 45.", "en", 45),
        ("Dr. Alan Turing, sixty-one years old, professor.", "en", 61),
        ("She is a 38-year-old nurse.", "en", 38),
        ("Il a fêté ses 40 ans la semaine dernière.", "fr", 40),
        ("Son fils a 12 ans et elle a 41 ans.", "fr", 41),
        ("She's 35 now.", "en", 35),
        ("J'ai l'âge de 42 ans.", "fr", 42),
        ("My age is 42.", "en", 42),
        ("Note for the file, Dr. Omar Farouk, cardiologist, 58, based in Detroit.", "en", 58),
        ("Fiche de Monsieur Henri Dumas : 70 ans, retraité.", "fr", 70),
    ],
)
def test_ages(extract, text, language, age):
    assert extract(text, language).get("age") == age


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Il travaille chez Vertalis depuis 10 ans et il habite à Lyon.", "fr"),
        ("Il a signé un contrat de 3 ans.", "fr"),
        ("He has worked there for 20 years.", "en"),
        ("You can reach me at 303 555 6091.", "en"),
        ("Sa société a 20 ans.", "fr"),
        ("His son is 12.", "en"),
        ("She has two kids, aged 5 and 8.", "en"),
        ("The company is 20 years old.", "en"),
        ("J'ai 25 ans d'expérience dans la vente.", "fr"),
        ("I have 20 years of experience in sales.", "en"),
    ],
)
def test_durations_and_other_numbers_are_not_ages(extract, text, language):
    assert "age" not in extract(text, language)


@pytest.mark.parametrize(
    ("text", "language", "budget"),
    [
        ("Budget d'environ 20000 euros.", "fr", 20000),
        ("Il a un budget de 3000 euros.", "fr", 3000),
        ("Budget : 5 000 euros.", "fr", 5000),
        ("Son budget tourne autour de 50 000 €.", "fr", 50000),
        ("Budget de 5k.", "fr", 5000),
        ("Budget : 3k€.", "fr", 3000),
        ("Mon budget est de cinq mille euros.", "fr", 5000),
        ("Budget : vingt mille euros.", "fr", 20000),
        ("Il dispose d'un budget de 1,5 million d'euros.", "fr", 1500000),
        ("She has a budget of $5,000.", "en", 5000),
        ("Budget around 45000 dollars.", "en", 45000),
        ("Budget is around 250k.", "en", 250000),
        ("He has a budget of 10 thousand dollars.", "en", 10000),
        ("He wants to spend about fifteen thousand dollars.", "en", 15000),
        ("Her budget is now $7,500.", "en", 7500),
        ("Budget: $20k.", "en", 20000),
        ("Budget revu à la hausse : 8 000 €.", "fr", 8000),
        ("Budget is between $5,000 and $10,000.", "en", 5000),
        # A range's unit is said once, at its end: the low end takes it.
        ("Budget roughly 20 to 25 thousand.", "en", 20000),
        ("They could spend $10-15k on it.", "en", 10000),
        ("Un budget entre 12 et 15 000 euros.", "fr", 12000),
        ("Budget de 5 000 à 8 000 euros.", "fr", 5000),
        ("Un budget de 1,5 à 2,5 millions d'euros.", "fr", 1500000),
        ("Budget 2 to 3 million dollars.", "en", 2000000),
        ("Budget 500k to 1 million.", "en", 500000),
        ("Environ 5 000 euros de budget.", "fr", 5000),
        ("Budget of five grand.", "en", 5000),
        ("Un budget de deux mille cinq cents euros.", "fr", 2500),
        ("Il est prêt à investir 30 000 euros.", "fr", 30000),
        ("She can spend up to $8,000.", "en", 8000),
        ("Le projet est estimé à 12 000 €.", "fr", 12000),
    ],
)
def test_budgets(extract, text, language, budget):
    assert extract(text, language).get("budget") == budget


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Il n'a pas encore de budget défini.", "fr"),
        ("No budget yet.", "en"),
        ("Il a 35 ans.", "fr"),
        ("Sa société fait un chiffre d'affaires de 2 millions d'euros.", "fr"),
        ("Her company has a revenue of $3M.", "en"),
    ],
)
def test_no_budget_without_an_amount(extract, text, language):
    assert "budget" not in extract(text, language)
