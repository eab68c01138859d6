"""Follow-up tasks and interaction notes read by the rules extractor, in French and English.

The recordings below are made on Wednesday 10 March 2027 at 14:40 (``WED``) unless said otherwise.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from voicecrm.extraction import Extraction, RulesExtractor, run_jsonl
from voicecrm.extraction.followups import read_followups
from voicecrm.extraction.schema import FollowUp

SRC = Path(__file__).resolve().parents[2] / "src"
WED = datetime(2027, 3, 10, 14, 40)


def read(text: str, language: str, existing: dict | None = None, now: datetime = WED) -> Extraction:
    return RulesExtractor().extract(text, language=language, existing=existing, now=now)


def tasks(text: str, language: str, existing: dict | None = None, now: datetime = WED) -> list[tuple[str, str]]:
    return [(t.title, t.due_text) for t in read(text, language, existing, now).tasks]


INES = {"first_name": "Inès", "last_name": "Caradec", "company": "Verdane"}
OWEN = {"first_name": "Owen", "last_name": "Hughes", "company": "Kestrel Labs"}


# -- French ---------------------------------------------------------------------------------------

def test_rappeler_mardi_is_the_next_tuesday():
    assert tasks("À rappeler mardi.", "fr", INES) == [("Rappeler Inès Caradec", "2027-03-16")]


def test_a_call_back_names_the_client_dictated_in_the_same_note():
    text = "Compte rendu de visite avec Yann Le Floch de chez Solvix. Il faut le relancer jeudi."
    assert tasks(text, "fr") == [("Relancer Yann Le Floch", "2027-03-11")]


def test_a_call_back_without_a_known_name_says_the_client_with_its_gender():
    assert tasks("Je dois la rappeler demain.", "fr") == [("Rappeler la cliente", "2027-03-11")]
    assert tasks("Je dois le rappeler demain.", "fr") == [("Rappeler le client", "2027-03-11")]


def test_je_dois_la_rappeler_demain_a_10_h_is_due_at_ten():
    assert tasks("Je dois la rappeler demain à 10 h.", "fr", INES) == [("Rappeler Inès Caradec", "2027-03-11T10:00")]


def test_sending_keeps_what_is_sent_without_the_date():
    assert tasks("Je lui envoie le devis vendredi.", "fr", INES) == [("Envoyer le devis", "2027-03-12")]
    assert tasks("Envoyer le devis signé avant la fin du mois.", "fr") == [("Envoyer le devis signé", "2027-03-31")]
    assert tasks("Je lui enverrai la proposition dans huit jours.", "fr") == [("Envoyer la proposition", "2027-03-17")]


def test_a_thing_to_do_said_before_its_verb():
    assert tasks("Le contrat à renvoyer lundi.", "fr") == [("Renvoyer le contrat", "2027-03-15")]
    assert tasks("La facture à envoyer avant le 20.", "fr") == [("Envoyer la facture", "2027-03-20")]


def test_relancer_dans_quinze_jours_is_two_weeks_later():
    assert tasks("Relancer dans quinze jours.", "fr", INES) == [("Relancer Inès Caradec", "2027-03-24")]


def test_a_reflexive_plan_to_talk_again_is_a_call_back():
    text = "On a convenu de se reparler lundi prochain."
    assert tasks(text, "fr", INES) == [("Rappeler Inès Caradec", "2027-03-15")]
    assert tasks("On se rappelle la semaine prochaine.", "fr", INES) == [("Rappeler Inès Caradec", "2027-03-15")]


def test_a_meeting_said_as_a_noun_is_a_task_with_the_client():
    assert tasks("Rendez-vous jeudi à 14 h.", "fr", INES) == [("Rendez-vous avec Inès Caradec", "2027-03-11T14:00")]
    assert tasks("On se voit jeudi à midi.", "fr", INES) == [("Rendez-vous avec Inès Caradec", "2027-03-11T12:00")]
    assert tasks("Relance prévue le 3 mai.", "fr", INES) == [("Relancer Inès Caradec", "2027-05-03")]


def test_two_actions_in_one_sentence_make_two_tasks():
    text = "Je lui envoie le programme demain et je la rappelle vendredi."
    assert tasks(text, "fr", INES) == [("Envoyer le programme", "2027-03-11"), ("Rappeler Inès Caradec", "2027-03-12")]


def test_a_date_in_the_clause_beside_the_action_is_its_due_date():
    assert tasks("Il faut la rappeler, disons jeudi.", "fr", INES) == [("Rappeler Inès Caradec", "2027-03-11")]
    assert tasks("Jeudi prochain, il faut la rappeler.", "fr", INES) == [("Rappeler Inès Caradec", "2027-03-11")]


def test_a_topic_after_the_client_stays_in_the_title():
    text = "Il faut relancer le client pour la maintenance dans un mois."
    assert tasks(text, "fr", INES) == [("Relancer Inès Caradec pour la maintenance", "2027-04-10")]


def test_someone_else_to_call_is_named_as_said():
    assert tasks("Rappeler son assistante mercredi matin.", "fr", INES) == [("Rappeler son assistante", "2027-03-17")]


def test_what_the_client_asks_for_with_a_date_is_a_task():
    assert tasks("Elle veut une démo vendredi à 11 h.", "fr", INES) == [("Démo avec Inès Caradec", "2027-03-12T11:00")]
    assert tasks("Il souhaite être rappelé lundi.", "fr", INES) == [("Rappeler Inès Caradec", "2027-03-15")]
    text = "Il m'a demandé un rendez-vous le 22 mars à 9 h."
    assert tasks(text, "fr", INES) == [("Rendez-vous avec Inès Caradec", "2027-03-22T09:00")]
    assert tasks("Elle veut recevoir l'offre d'ici la fin du mois.", "fr", INES) == [("Envoyer l'offre", "2027-03-31")]
    text = "Elle me demande de la rappeler jeudi à 10 h."
    assert tasks(text, "fr", INES) == [("Rappeler Inès Caradec", "2027-03-11T10:00")]
    assert tasks("Il m'a dit de repasser dans huit jours.", "fr", INES) == [("Repasser", "2027-03-17")]


@pytest.mark.parametrize(
    "text",
    ["Elle veut être livrée lundi.", "Il veut repousser la démo à jeudi.", "Il veut agrandir le magasin en mai.",
     "Elle voulait une démo mardi dernier."],
)
def test_what_the_client_wants_without_a_meeting_or_a_document_is_no_task(text):
    assert tasks(text, "fr", INES) == []


def test_a_document_or_meeting_said_with_its_date_and_no_verb_is_a_task():
    assert tasks("Devis à envoyer avant vendredi.", "fr") == [("Envoyer le devis", "2027-03-12")]
    assert tasks("Facture à faire pour le 20 mars.", "fr") == [("Faire la facture", "2027-03-20")]
    text = "Présentation le mardi 16 mars à 14 h."
    assert tasks(text, "fr", INES) == [("Présentation avec Inès Caradec", "2027-03-16T14:00")]
    text = "Proposition lundi, et relance téléphonique le 25 mars."
    assert tasks(text, "fr", INES) == [
        ("Envoyer la proposition", "2027-03-15"), ("Relancer Inès Caradec", "2027-03-25"),
    ]
    text = "ines caradec verdane veut des tarifs pour trois sites rappel vendredi 10h"
    assert tasks(text, "fr", INES) == [("Rappeler Inès Caradec", "2027-03-12T10:00")]


@pytest.mark.parametrize(
    "text",
    ["Elle a reçu le devis lundi.", "La démo de jeudi dernier s'est bien passée.", "On a signé le contrat mardi."],
)
def test_a_document_or_meeting_of_the_past_is_no_task(text):
    assert tasks(text, "fr", INES) == []


def test_spoken_verbs_of_meeting_again_calling_again_and_starting():
    assert tasks("On se recale lundi à 15 h.", "fr", INES) == [("Rendez-vous avec Inès Caradec", "2027-03-15T15:00")]
    assert tasks("On en reparle le 2 avril.", "fr", INES) == [("Rappeler Inès Caradec", "2027-04-02")]
    assert tasks("Pas de réponse, je retente vendredi.", "fr", INES) == [("Rappeler Inès Caradec", "2027-03-12")]
    text = "On démarre le chantier le lundi 22 mars à 8 h."
    assert tasks(text, "fr", INES) == [("Démarrer le chantier", "2027-03-22T08:00")]


def test_et_que_opens_a_second_task():
    text = "Il faut que je lui envoie le contrat demain et que je la rappelle lundi."
    assert tasks(text, "fr", INES) == [("Envoyer le contrat", "2027-03-11"), ("Rappeler Inès Caradec", "2027-03-15")]
    text = "Faut que je finalise le devis vendredi et qu'on se voie le 19 à 10 h."
    assert tasks(text, "fr", INES) == [
        ("Finaliser le devis", "2027-03-12"), ("Rendez-vous avec Inès Caradec", "2027-03-19T10:00"),
    ]


def test_a_past_date_said_before_the_action_or_beside_it_is_not_its_due():
    text = "on a livré la machine mardi il faut que je la rappelle lundi à 9 heures"
    assert tasks(text, "fr", INES) == [("Rappeler Inès Caradec", "2027-03-15T09:00")]
    assert tasks("Appel de suivi, elle a reçu les échantillons jeudi, tout va bien.", "fr", INES) == []


def test_a_pronoun_for_a_thing_takes_the_thing_said_before():
    text = "Il veut la maquette du catalogue, on la fait vendredi."
    assert tasks(text, "fr", INES) == [("Faire la maquette du catalogue", "2027-03-12")]
    text = "Elle veut deux choses : un chiffrage du projet, que je lui envoie lundi."
    assert tasks(text, "fr", INES) == [("Envoyer un chiffrage du projet", "2027-03-15")]


def test_a_run_on_note_keeps_what_it_says_before_its_follow_up():
    found = read_followups("ines veut changer de logiciel je la relance le vingt-deux", language="fr", now=WED,
                           record=INES)
    assert [(t.title, t.due_text) for t in found.tasks] == [("Relancer Inès Caradec", "2027-03-22")]
    assert "logiciel" in (found.note or "")


# -- English --------------------------------------------------------------------------------------

def test_call_her_back_tomorrow_at_10_is_due_at_ten():
    assert tasks("Call her back tomorrow at 10.", "en", OWEN) == [("Call back Owen Hughes", "2027-03-11T10:00")]


def test_follow_up_next_week_is_next_mondays():
    assert tasks("We need to follow up next week.", "en", OWEN) == [("Follow up with Owen Hughes", "2027-03-15")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Schedule a demo for the whole team in two weeks.", ("Schedule a demo for the whole team", "2027-03-24")),
        ("Send the revised quote by the end of the month.", ("Send the revised quote", "2027-03-31")),
        ("I'll send him the proposal on Friday.", ("Send the proposal", "2027-03-12")),
        ("He asked me to send over the pricing sheet by Friday.", ("Send over the pricing sheet", "2027-03-12")),
        ("Touch base on the 15th.", ("Touch base with Owen Hughes", "2027-03-15")),
        ("Let's touch base in a fortnight.", ("Touch base with Owen Hughes", "2027-03-24")),
        ("I'm calling him back on Monday.", ("Call back Owen Hughes", "2027-03-15")),
        ("Reach out to him in a month.", ("Reach out to Owen Hughes", "2027-04-10")),
        ("Next meeting is scheduled for Thursday at 3 pm.", ("Meeting with Owen Hughes", "2027-03-11T15:00")),
        ("Remind me to email him the contract on January 15th.", ("Email the contract", "2028-01-15")),
        ("Email him on Friday.", ("Email Owen Hughes", "2027-03-12")),
        ("She wants references. I have to send them by Thursday at 5 pm.", ("Send references", "2027-03-11T17:00")),
        ("Check back in a month.", ("Check back with Owen Hughes", "2027-04-10")),
        ("Get in touch with him next Tuesday.", ("Get in touch with Owen Hughes", "2027-03-16")),
        ("Reconnect in two weeks.", ("Reconnect with Owen Hughes", "2027-03-24")),
    ],
)
def test_english_follow_ups(text, expected):
    assert tasks(text, "en", OWEN) == [expected]


def test_an_english_topic_after_the_client_stays_in_the_title():
    text = "Don't forget to follow up with him about the pricing on Wednesday at noon."
    assert tasks(text, "en", OWEN) == [("Follow up with Owen Hughes about the pricing", "2027-03-17T12:00")]


def test_english_send_then_follow_up_make_two_tasks():
    text = "Send the proposal tomorrow, then follow up with her next Tuesday."
    assert tasks(text, "en", OWEN) == [("Send the proposal", "2027-03-11"),
                                       ("Follow up with Owen Hughes", "2027-03-16")]


def test_what_an_english_client_asks_for_with_a_date_is_a_task():
    text = "He wants a proposal for the new warehouse by Friday."
    assert tasks(text, "en", OWEN) == [("Send the proposal for the new warehouse", "2027-03-12")]
    text = "She asked for a callback on Monday at 3 pm."
    assert tasks(text, "en", OWEN) == [("Call back Owen Hughes", "2027-03-15T15:00")]
    assert tasks("He wants to talk again tomorrow at noon.", "en", OWEN) == [("Call Owen Hughes", "2027-03-11T12:00")]
    text = "They want to be called back the day after tomorrow."
    assert tasks(text, "en", OWEN) == [("Call Owen Hughes", "2027-03-12")]
    found = read_followups("She wants a quote for the new roof by Friday.", language="en", now=WED, record=OWEN)
    assert "roof" in (found.note or "")


@pytest.mark.parametrize(
    "text",
    ["She wants to expand next year.", "He wants to move the meeting to Friday.",
     "She received the quote on Monday.", "We installed the new sign on the 2nd."],
)
def test_an_english_wish_without_a_task_or_a_past_document_is_no_task(text):
    assert tasks(text, "en", OWEN) == []


def test_an_english_document_or_meeting_said_with_its_date_is_a_task():
    text = "Quote by Monday, and install visit on March 22nd at 8 am."
    assert tasks(text, "en", OWEN) == [("Send the quote", "2027-03-15"), ("Visit with Owen Hughes", "2027-03-22T08:00")]
    assert tasks("Estimate due in 10 days.", "en", OWEN) == [("Send the estimate", "2027-03-20")]
    assert tasks("Zoom on Thursday at 4:30 pm.", "en", OWEN) == [("Zoom with Owen Hughes", "2027-03-11T16:30")]
    text = "we have a kickoff call on the 18th at 9 am"
    assert tasks(text, "en", OWEN) == [("Kickoff call with Owen Hughes", "2027-03-18T09:00")]
    assert tasks("Quote her on Friday.", "en", OWEN) == [("Quote Owen Hughes", "2027-03-12")]


def test_english_spoken_verbs_of_visiting_dropping_off_and_planning():
    assert tasks("ill stop by thursday", "en", OWEN) == [("Visit Owen Hughes", "2027-03-11")]
    assert tasks("I'll swing by on Friday at 10 am.", "en", OWEN) == [("Visit Owen Hughes", "2027-03-12T10:00")]
    assert tasks("Drop off the samples on Monday.", "en", OWEN) == [("Drop off the samples", "2027-03-15")]
    assert tasks("I send the contract by Thursday.", "en", OWEN) == [("Send the contract", "2027-03-11")]
    text = "Put a review on the calendar for March 19th."
    assert tasks(text, "en", OWEN) == [("Put a review on the calendar", "2027-03-19")]


def test_english_run_on_tasks_and_a_second_task_after_and():
    text = "send the invoice by friday and a meeting with her team on the 24th at 2 pm"
    assert tasks(text, "en", OWEN) == [
        ("Send the invoice", "2027-03-12"), ("Meeting with Owen Hughes", "2027-03-24T14:00"),
    ]
    text = "owen hughes wants the premium plan call him tomorrow at 11"
    assert tasks(text, "en", OWEN) == [("Call Owen Hughes", "2027-03-11T11:00")]
    text = "owen wants to try the mobile app follow up with him a week from today"
    assert tasks(text, "en", OWEN) == [("Follow up with Owen Hughes", "2027-03-17")]
    text = "we signed the order last monday i need to call him thursday"
    assert tasks(text, "en", OWEN) == [("Call Owen Hughes", "2027-03-11")]
    assert tasks("Follow-up call, he got the parts on Friday, all good.", "en", OWEN) == []


def test_an_english_it_takes_the_thing_asked_for_before():
    text = "She asked for a security audit. Schedule it for Thursday at 3 pm."
    assert tasks(text, "en", OWEN) == [("Schedule a security audit", "2027-03-11T15:00")]
    text = "He requested our price list. Send it next Tuesday."
    assert tasks(text, "en", OWEN) == [("Send our price list", "2027-03-16")]


# -- what makes no task ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Elle était ravie de la livraison de mardi dernier.", "fr"),
        ("Je l'ai rappelé hier, il était absent.", "fr"),
        ("Ce matin on a fait la démo, tout s'est bien passé.", "fr"),
        ("She loved last Tuesday's workshop.", "en"),
        ("We met yesterday at the fair, he already uses our app.", "en"),
        ("I called him this morning but he was out.", "en"),
    ],
)
def test_a_past_reference_makes_no_task(text, language):
    assert tasks(text, language, INES) == []


@pytest.mark.parametrize(
    ("text", "language"),
    [("Je l'ai rappelé lundi, il n'était pas disponible.", "fr"), ("I called him on Monday.", "en"),
     ("We met on Friday and he liked the offer.", "en")],
)
def test_what_was_done_on_a_weekday_makes_no_task(text, language):
    assert tasks(text, language, INES) == []


@pytest.mark.parametrize(
    ("text", "language"),
    [("Il doit me rappeler demain.", "fr"), ("She'll call me back on Thursday.", "en"),
     ("He'll decide by the end of the month.", "en"), ("Il est prêt à passer commande la semaine prochaine.", "fr")],
)
def test_what_the_client_will_do_makes_no_task(text, language):
    assert tasks(text, language, INES) == []


@pytest.mark.parametrize(
    ("text", "language"),
    [("Pas besoin de la rappeler avant mardi.", "fr"), ("No need to call him before Friday.", "en"),
     ("Rendez-vous de jeudi annulé.", "fr"), ("Thursday's meeting is cancelled.", "en")],
)
def test_a_negated_or_cancelled_follow_up_makes_no_task(text, language):
    assert tasks(text, language, INES) == []


@pytest.mark.parametrize(
    ("text", "language"),
    [("Elle part en vacances la semaine prochaine.", "fr"), ("He is on holiday until next Monday.", "en"),
     ("Call notes from Tuesday's meeting with the buyer.", "en")],
)
def test_a_date_without_an_action_makes_no_task(text, language):
    assert tasks(text, language, INES) == []


def test_an_action_without_a_date_makes_no_task_and_stays_in_the_note():
    extraction = read("Elle hésite sur le tarif. Il faudra la rappeler.", "fr", INES)
    assert extraction.tasks == []
    assert extraction.note == "Elle hésite sur le tarif. Il faudra la rappeler."


def test_a_task_said_twice_is_kept_once():
    assert tasks("À rappeler mardi. Oui, à rappeler mardi.", "fr", INES) == [("Rappeler Inès Caradec", "2027-03-16")]


def test_tasks_carry_their_evidence_and_confidence():
    (task,) = read("Elle attend le catalogue. Je dois la rappeler vendredi.", "fr", INES).tasks
    assert task == FollowUp(title="Rappeler Inès Caradec", due=date(2027, 3, 12),
                            evidence="Je dois la rappeler vendredi", confidence=task.confidence)
    assert 0.5 < task.confidence <= 1


# -- notes -----------------------------------------------------------------------------------------

def test_the_note_keeps_needs_and_objections_without_the_card_fields():
    text = ("Nouvelle cliente : Margot Delaunay, 38 ans, directrice des achats chez Verdane à Rennes. "
            "Elle trouve notre offre trop chère mais la qualité l'intéresse. À rappeler mardi.")
    extraction = read(text, "fr")
    assert extraction.note == "Elle trouve notre offre trop chère mais la qualité l'intéresse."
    assert [(t.title, t.due_text) for t in extraction.tasks] == [("Rappeler Margot Delaunay", "2027-03-16")]


def test_the_note_drops_the_reports_header_and_a_follow_up_that_says_nothing_more():
    text = "Compte rendu d'appel avec Bastien Morel. Il cherche un outil de planning pour ses équipes. " \
           "À rappeler jeudi."
    assert read(text, "fr").note == "Il cherche un outil de planning pour ses équipes."
    # A follow-up about something ("la documentation") is part of what was said: it stays in the note too.
    text = "Compte rendu d'appel avec Bastien Morel. Il cherche un outil de planning pour ses équipes. " \
           "Je lui envoie la documentation jeudi."
    assert read(text, "fr").note == "Il cherche un outil de planning pour ses équipes. Je lui envoie la " \
                                    "documentation jeudi."
    text = "Remind me to call Tariq Benali tomorrow at 9:30 about the delivery delay."
    assert read(text, "en").note == "Remind me to call Tariq Benali tomorrow at 9:30 about the delivery delay."
    text = "Call notes for Priya Raman from Kestrel Labs. She is worried about the migration. Call her back Friday."
    assert read(text, "en").note == "She is worried about the migration."


def test_a_dated_report_header_is_no_note():
    text = "Compte rendu d'appel du 3 mars avec Bastien Morel. Il veut changer de logiciel de caisse."
    assert read(text, "fr").note == "Il veut changer de logiciel de caisse."


def test_the_note_keeps_the_rest_of_a_sentence_whose_follow_up_became_a_task():
    extraction = read("Il faut le rappeler demain, il attend le contrat.", "fr")
    assert extraction.note == "Il attend le contrat."
    assert [(t.title, t.due_text) for t in extraction.tasks] == [("Rappeler le client", "2027-03-11")]
    extraction = read("Please call her back tomorrow, she is waiting for the contract.", "en", OWEN)
    assert extraction.note == "She is waiting for the contract."


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Bonjour, je m'appelle Hugo Lemaire, j'ai 44 ans. J'habite à Brest et je travaille chez Solvix comme "
         "technicien. Vous pouvez me joindre au 06 11 22 33 44.", "fr"),
        ("Petite mise à jour : il a maintenant 45 ans et son nouveau numéro est le 07 98 76 54 32.", "fr"),
        ("Hi, my name is Owen Hughes, I am 39 years old. I live in Leeds and I work at Kestrel Labs as an "
         "analyst. You can reach me at 0113 496 0000.", "en"),
        ("Call notes for Priya Raman. She works for Kestrel Labs. Email priya.raman@kestrel-labs.com.", "en"),
    ],
)
def test_the_note_is_null_when_only_card_fields_were_dictated(text, language):
    assert read(text, language).note is None


def test_read_followups_works_on_a_plain_transcript():
    found = read_followups("Elle veut une remise. Je dois la relancer lundi.", language="fr", now=WED,
                           record={"first_name": "Léa", "last_name": "Roy"})
    assert [(t.title, t.due_text) for t in found.tasks] == [("Relancer Léa Roy", "2027-03-15")]
    assert found.note == "Elle veut une remise."


def test_the_recording_time_defaults_to_now():
    extraction = RulesExtractor().extract("À rappeler demain.", language="fr")
    assert [t.due for t in extraction.tasks] == [date.today() + timedelta(days=1)]


# -- the extract --jsonl contract ------------------------------------------------------------------

def run(*rows: dict) -> list[dict]:
    out = io.StringIO()
    run_jsonl(io.StringIO("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)), out, RulesExtractor())
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_jsonl_lines_carry_now_and_answer_with_tasks_and_note():
    (row,) = run({"id": 7, "text": "Elle veut une démo. À rappeler vendredi vers 11 h.", "language": "fr",
                  "existing": INES, "now": "2027-03-10T14:40"})
    assert row == {"id": 7, "fields": INES, "tasks": [{"title": "Rappeler Inès Caradec", "due": "2027-03-12T11:00"}],
                   "note": "Elle veut une démo."}


def test_jsonl_without_now_counts_from_the_current_local_time():
    (row,) = run({"id": 1, "text": "Call him back tomorrow.", "language": "en"})
    assert row["tasks"] == [{"title": "Call back the client", "due": (date.today() + timedelta(days=1)).isoformat()}]


def test_jsonl_rejects_a_now_that_is_not_a_local_time():
    rows = run({"id": "a", "text": "À rappeler mardi.", "now": "mardi"}, {"id": "b", "text": "x", "now": 5})
    assert [r["id"] for r in rows] == ["a", "b"]
    assert all("YYYY-MM-DDTHH:MM" in r["error"] for r in rows)


def test_module_command_line_gives_tasks_and_note():
    env = {**os.environ, "PYTHONPATH": str(SRC), "VOICECRM_EXTRACTOR": "rules"}
    feed = json.dumps({"id": "x", "text": "He liked the mobile app. Schedule the demo next Friday at 9 am.",
                       "language": "en", "existing": None, "now": "2027-03-10T14:40"}) + "\n"
    proc = subprocess.run([sys.executable, "-m", "voicecrm.extraction", "--jsonl"], input=feed, env=env,
                          capture_output=True, text=True, timeout=60, check=True)
    assert json.loads(proc.stdout) == {"id": "x", "fields": {}, "tasks": [
        {"title": "Schedule the demo", "due": "2027-03-12T09:00"}],
        "note": "He liked the mobile app. Schedule the demo next Friday at 9 am."}
