"""Due dates of follow-ups: the date conventions of issue 12, in French and English.

Reference days used below: Wednesday 10 March 2027 (``WED``), and others named where they matter.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path

import pytest

from voicecrm.extraction.dates import add_months, find_dates, next_weekday, resolve_due

WED = datetime(2027, 3, 10, 14, 40)
SRC = Path(__file__).resolve().parents[2] / "src"


def due(text: str, language: str, now: datetime = WED) -> date | datetime | None:
    """The due date of the only date expression in ``text``."""
    (mention,) = find_dates(text, now=now, language=language)
    return mention.due


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("à rappeler mardi", "fr", date(2027, 3, 16)),
        ("à rappeler mardi prochain", "fr", date(2027, 3, 16)),
        ("à rappeler vendredi prochain", "fr", date(2027, 3, 12)),
        ("à rappeler ce vendredi", "fr", date(2027, 3, 12)),
        ("call her on Tuesday", "en", date(2027, 3, 16)),
        ("call her next Friday", "en", date(2027, 3, 12)),
        ("call her this Friday", "en", date(2027, 3, 12)),
    ],
)
def test_a_weekday_is_the_first_such_day_strictly_after_the_recording(text, language, expected):
    assert due(text, language) == expected


@pytest.mark.parametrize(("text", "language"), [("à rappeler mercredi", "fr"), ("ce mercredi", "fr"),
                                                ("on Wednesday", "en"), ("this Wednesday", "en")])
def test_the_recordings_own_weekday_is_next_weeks(text, language):
    assert due(text, language) == date(2027, 3, 17)


@pytest.mark.parametrize(
    ("now", "expected"),
    [(WED, date(2027, 3, 15)), (datetime(2027, 3, 14, 18, 0), date(2027, 3, 15)),
     (datetime(2027, 3, 15, 8, 0), date(2027, 3, 22))],
)
def test_next_week_without_a_day_is_next_weeks_monday(now, expected):
    assert due("relancer la semaine prochaine", "fr", now) == expected
    assert due("follow up next week", "en", now) == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("dans 3 jours", "fr", date(2027, 3, 13)),
        ("dans trois jours", "fr", date(2027, 3, 13)),
        ("dans deux semaines", "fr", date(2027, 3, 24)),
        ("in 10 days", "en", date(2027, 3, 20)),
        ("in three weeks", "en", date(2027, 3, 31)),
        ("in a fortnight", "en", date(2027, 3, 24)),
    ],
)
def test_in_n_days_or_weeks_adds_them(text, language, expected):
    assert due(text, language) == expected


@pytest.mark.parametrize(("text", "days"), [("dans quinze jours", 14), ("dans 15 jours", 14),
                                            ("dans huit jours", 7), ("dans 8 jours", 7)])
def test_french_fifteen_and_eight_days_are_two_weeks_and_one(text, days):
    assert (due(text, "fr") - WED.date()).days == days


@pytest.mark.parametrize(
    ("now", "expected"),
    [(datetime(2027, 3, 10, 9, 0), date(2027, 4, 10)), (datetime(2027, 1, 31, 9, 0), date(2027, 2, 28)),
     (datetime(2028, 1, 31, 9, 0), date(2028, 2, 29)), (datetime(2027, 12, 15, 9, 0), date(2028, 1, 15))],
)
def test_in_a_month_is_the_same_day_next_month_or_its_last_day(now, expected):
    assert due("relancer dans un mois", "fr", now) == expected
    assert due("book the demo in a month", "en", now) == expected


@pytest.mark.parametrize(
    ("now", "expected"),
    [(datetime(2027, 2, 10, 9, 0), date(2027, 2, 28)), (datetime(2028, 2, 3, 9, 0), date(2028, 2, 29)),
     (datetime(2027, 12, 20, 9, 0), date(2027, 12, 31))],
)
def test_the_end_of_the_month_is_its_last_day(now, expected):
    assert due("envoyer le devis avant la fin du mois", "fr", now) == expected
    assert due("send the quote by the end of the month", "en", now) == expected


def test_the_end_of_the_week_is_its_friday():
    assert due("d'ici la fin de la semaine", "fr") == date(2027, 3, 12)
    assert due("by the end of the week", "en") == date(2027, 3, 12)


@pytest.mark.parametrize(
    ("text", "language", "now", "expected"),
    [
        ("le 15 janvier", "fr", WED, date(2028, 1, 15)),
        ("on January 15th", "en", WED, date(2028, 1, 15)),
        ("le 15 mars", "fr", WED, date(2027, 3, 15)),
        ("le 3", "fr", WED, date(2027, 4, 3)),
        ("on the 3rd", "en", datetime(2027, 12, 20, 9, 0), date(2028, 1, 3)),
        ("le 10", "fr", WED, date(2027, 3, 10)),
        ("on the 31st", "en", datetime(2027, 4, 5, 9, 0), date(2027, 5, 31)),
    ],
)
def test_a_day_of_a_month_is_the_next_such_date_on_or_after_the_recording(text, language, now, expected):
    assert due(text, language, now) == expected


@pytest.mark.parametrize(
    ("text", "language", "now", "expected"),
    [
        ("je la rappelle le vingt-deux", "fr", WED, date(2027, 3, 22)),
        ("on se voit le cinq", "fr", WED, date(2027, 4, 5)),
        ("relance le trente et un", "fr", datetime(2027, 4, 5, 9, 0), date(2027, 5, 31)),
        ("send it by the thirtieth", "en", WED, date(2027, 3, 30)),
        ("call her on the twenty-first", "en", WED, date(2027, 3, 21)),
        ("visit on the fourteenth at eleven thirty", "en", WED, datetime(2027, 3, 14, 11, 30)),
    ],
)
def test_a_day_of_the_month_said_in_words_is_read_as_its_number(text, language, now, expected):
    assert due(text, language, now) == expected


@pytest.mark.parametrize(
    ("text", "language"),
    [("On prend le six places.", "fr"), ("Send him the directions the day before.", "en")],
)
def test_a_number_after_le_or_a_day_counted_from_another_date_is_no_date(text, language):
    assert [m.due for m in find_dates(text, now=WED, language=language) if m.due] == []


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("demain à 10 h", "fr", datetime(2027, 3, 11, 10, 0)),
        ("demain à 10h", "fr", datetime(2027, 3, 11, 10, 0)),
        ("jeudi vers 14 h 30", "fr", datetime(2027, 3, 11, 14, 30)),
        ("lundi à 9 heures", "fr", datetime(2027, 3, 15, 9, 0)),
        ("demain à midi", "fr", datetime(2027, 3, 11, 12, 0)),
        ("tomorrow at 3 pm", "en", datetime(2027, 3, 11, 15, 0)),
        ("tomorrow at 4:45 pm", "en", datetime(2027, 3, 11, 16, 45)),
        ("tomorrow at noon", "en", datetime(2027, 3, 11, 12, 0)),
        ("tomorrow at ten", "en", datetime(2027, 3, 11, 10, 0)),
        ("on Tuesday at half past three", "en", datetime(2027, 3, 16, 15, 30)),
        ("mardi à quatorze heures trente", "fr", datetime(2027, 3, 16, 14, 30)),
    ],
)
def test_a_stated_time_makes_a_date_and_time(text, language, expected):
    assert due(text, language) == expected


@pytest.mark.parametrize(
    ("text", "language", "hour"),
    [("tomorrow at three", "en", 15), ("tomorrow at 3", "en", 15), ("demain à 3 h", "fr", 15),
     ("tomorrow at 3 am", "en", 3), ("demain à 5 h du matin", "fr", 5), ("tomorrow at 8", "en", 8)],
)
def test_an_early_hour_without_am_is_in_the_afternoon(text, language, hour):
    assert due(text, language).hour == hour


def test_a_time_said_after_a_relative_day_completes_it():
    (mention,) = find_dates("À rappeler dans trois jours à 16 heures.", now=WED, language="fr")
    assert mention.due == datetime(2027, 3, 13, 16, 0)


@pytest.mark.parametrize(("text", "language"), [("demain matin", "fr"), ("jeudi matin", "fr"),
                                                ("tomorrow morning", "en"), ("on Monday morning", "en")])
def test_a_part_of_the_day_adds_no_time(text, language):
    assert type(due(text, language)) is date


@pytest.mark.parametrize(
    ("text", "language"),
    [("mardi dernier", "fr"), ("hier", "fr"), ("avant-hier", "fr"), ("ce matin", "fr"), ("la semaine dernière", "fr"),
     ("il y a trois jours", "fr"), ("last Tuesday", "en"), ("yesterday", "en"), ("this morning", "en"),
     ("two days ago", "en"), ("last week", "en")],
)
def test_a_past_reference_is_no_due_date(text, language):
    (mention,) = find_dates(text, now=WED, language=language)
    assert mention.due is None and mention.past


def test_times_are_naive_local_times_unmoved_by_daylight_saving():
    # Europe's clocks go forward on 28 March 2027 at 2:00, the United States' on 14 March.
    assert due("demain à 2 h 30 du matin", "fr", datetime(2027, 3, 27, 10, 0)) == datetime(2027, 3, 28, 2, 30)
    assert due("dans sept jours à 10 h", "fr", datetime(2027, 3, 27, 10, 0)) == datetime(2027, 4, 3, 10, 0)
    assert due("tomorrow at 2:30 am", "en", datetime(2027, 3, 13, 10, 0)) == datetime(2027, 3, 14, 2, 30)


@pytest.mark.parametrize(
    ("text", "language"),
    [("Son numéro est le 06 12 34 56 78.", "fr"), ("Son numéro : zéro sept vingt-deux quinze trente.", "fr"),
     ("You can reach me at four zero four five five five zero one two three.", "en"),
     ("Il est disponible maintenant.", "fr"), ("Elle a quatre-vingt-deux ans.", "fr")],
)
def test_numbers_that_are_no_dates_give_no_due_date(text, language):
    assert [m.due for m in find_dates(text, now=WED, language=language) if m.due] == []


def test_mentions_quote_the_text_they_come_from():
    text = "Il faut la relancer jeudi prochain, après la réunion."
    (mention,) = find_dates(text, now=WED, language="fr")
    assert text[mention.start:mention.end] == mention.text == "jeudi prochain"


def test_resolve_due_reads_a_spoken_expression_or_an_iso_date():
    assert resolve_due("vendredi prochain vers 11 h", now=WED, language="fr") == datetime(2027, 3, 12, 11, 0)
    assert resolve_due("in two weeks", now=WED, language="en") == date(2027, 3, 24)
    assert resolve_due("2027-04-02", now=WED, language="fr") == date(2027, 4, 2)
    assert resolve_due("2027-04-02T09:30", now=WED, language="en") == datetime(2027, 4, 2, 9, 30)


@pytest.mark.parametrize("expression", ["mardi dernier", "2027-03-01", "2027-03-10T08:00", "quand il pourra", ""])
def test_resolve_due_gives_none_for_the_past_or_no_date(expression):
    assert resolve_due(expression, now=WED, language="fr") is None


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="French or English"):
        find_dates("morgen", now=WED, language="de")


def test_helpers_add_months_and_next_weekday():
    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)
    assert next_weekday(date(2027, 3, 10), 2) == date(2027, 3, 17)
    assert next_weekday(date(2027, 3, 10), 3) == date(2027, 3, 11)


@pytest.mark.parametrize("odd", ["\x00", "\ud800", "\udfff"])
def test_text_duckling_cannot_take_is_read_around_with_its_offsets(odd):
    """A NUL panics Duckling's binding (a BaseException) and a lone surrogate cannot reach it as UTF-8: both are
    replaced character for character, so the rest is read and the offsets still index the text."""
    text = f"Note{odd} : client vu{odd}, à rappeler jeudi prochain à 11 h{odd}."
    (mention,) = find_dates(text, now=WED, language="fr")
    assert text[mention.start:mention.end] == mention.text == "jeudi prochain à 11 h"
    assert mention.due == datetime(2027, 3, 11, 11, 0)


# Each repeated without a period between, these take Duckling minutes to hours uncut (it tries every way to
# combine adjacent times). The child process bounds the wait so that a regression fails instead of hanging.
_RUNS = [("midi ", "fr"), ("à 10h ", "fr"), ("le 12 ", "fr"), ("demain soir, ", "fr"), ("12h ", "fr"),
         ("1 ", "fr"), ("at noon tomorrow ", "en"), ("next Monday at 9, ", "en")]
_READ_RUNS = """
import json, sys
from datetime import datetime
from voicecrm.extraction.dates import find_dates
now = datetime(2027, 3, 10, 14, 40)
for unit, language in json.loads(sys.argv[1]):
    text = "Rappeler jeudi prochain à 11 h pour le devis. " + unit * 40 if language == "fr" else \\
        "Call back next Thursday at 11 am about the quote. " + unit * 40
    first = find_dates(text, now=now, language=language)[0]
    print(json.dumps([first.text, str(first.due)]))
"""


def test_a_long_run_of_time_words_is_cut_so_duckling_ends_and_the_dates_around_it_stand():
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    proc = subprocess.run([sys.executable, "-c", _READ_RUNS, json.dumps(_RUNS)], env=env, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    firsts = [json.loads(line) for line in proc.stdout.splitlines()]
    assert firsts == [["jeudi prochain à 11 h", "2027-03-11 11:00:00"]] * 6 + \
        [["next Thursday at 11 am", "2027-03-11 11:00:00"]] * 2


@pytest.mark.parametrize(("text", "expected"), [
    ("rendez-vous le mardi 16 mars à 10 h 30 du matin", datetime(2027, 3, 16, 10, 30)),
    ("call her next Tuesday the 16th at 10:30 in the morning", datetime(2027, 3, 16, 10, 30)),
])
def test_a_long_date_as_people_say_it_is_not_cut(text, expected):
    language = "fr" if "rendez" in text else "en"
    assert [m.due for m in find_dates(text, now=WED, language=language)] == [expected]


def test_a_text_longer_than_a_duckling_piece_keeps_every_date_and_its_offsets():
    days = ["lundi", "mardi", "jeudi", "vendredi"]
    text = "".join(f"Point {i} : le devis avance bien, il faudra rappeler {days[i % 4]} à {9 + i % 8} h. "
                   for i in range(64))
    mentions = find_dates(text, now=WED, language="fr")
    assert len(text) > 4000 and len(mentions) == 64
    assert all(text[m.start:m.end] == m.text for m in mentions)
    assert [(m.text, m.due.hour) for m in mentions] == [(f"{days[i % 4]} à {9 + i % 8} h", 9 + i % 8)
                                                        for i in range(64)]



def test_a_transcript_without_punctuation_is_cut_between_words_and_keeps_every_date():
    days = ["lundi", "mardi", "jeudi", "vendredi"]
    text = "".join(f"point {i} le client est content du produit il faudra rappeler {days[i % 4]} à {9 + i % 8} h "
                   for i in range(64))
    started = time.perf_counter()
    mentions = find_dates(text, now=WED, language="fr")
    assert time.perf_counter() - started < 5  # in one piece, Duckling takes tens of seconds
    assert "." not in text and len(text) > 4000 and len(mentions) == 64
    assert all(text[m.start:m.end] == m.text for m in mentions)
    assert [(m.text, m.due.hour) for m in mentions] == [(f"{days[i % 4]} à {9 + i % 8} h", 9 + i % 8)
                                                        for i in range(64)]

@pytest.mark.parametrize(("text", "language", "expected"), [
    ("rendez-vous le mardi 16 mars 2027 à 10 h 30", "fr", datetime(2027, 3, 16, 10, 30)),
    ("rappeler le 16/03/2027 à 10 h 30", "fr", datetime(2027, 3, 16, 10, 30)),
    ("rappeler le 16/03 à 10 h", "fr", datetime(2027, 3, 16, 10, 0)),
    ("meeting on March 16 2027 at 10 30", "en", datetime(2027, 3, 16, 10, 30)),
])
def test_a_year_or_a_day_and_month_before_a_time_are_no_phone_digit_groups(text, language, expected):
    """"2027 à 10 h 30" and "16/03 à 10" were taken for the digit groups of a phone number: no due date."""
    assert [m.due for m in find_dates(text, now=WED, language=language)] == [expected]
