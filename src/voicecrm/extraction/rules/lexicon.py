"""What a language's cue table holds; the French and English tables fill it in."""

from __future__ import annotations

from dataclasses import dataclass, field

# A cue is (regular expression, confidence). The value starts where the expression ends, unless
# the expression has a named group ``v`` holding the value itself.
Cue = tuple[str, float]


@dataclass(frozen=True)
class Lexicon:
    """The cue words and phrases of one language, grouped by the field they announce."""

    code: str
    # Words common in the language, used to guess the language of an utterance.
    markers: frozenset[str]
    name_cues: tuple[Cue, ...]
    # Cues that come after the name ("Louis Berthier à l'appareil", "Peter Jones speaking").
    name_after_cues: tuple[Cue, ...]
    first_name_cues: tuple[Cue, ...]
    last_name_cues: tuple[Cue, ...]
    titles: frozenset[str]
    company_cues: tuple[Cue, ...]
    city_cues: tuple[Cue, ...]
    # After a company: "chez Sorevia, à Lyon" / "at Brightloom in Boston".
    city_after_company: str
    job_cues: tuple[Cue, ...]
    # Job cues whose phrase must end at a clause boundary or a workplace word, and must not
    # start with a word of ``not_job`` ("il est pharmacien" but not "il est intéressé").
    job_predicate_cues: tuple[Cue, ...]
    # The word that links a job to its employer in dictated notes ("développeur chez X").
    job_company_link: str
    age_patterns: tuple[Cue, ...]
    # Words before "35 ans" / "35 years" that make it a duration, not an age.
    age_not_before: str
    # Someone or something else whose age may be said in the same clause ("son fils a 12 ans").
    age_other_owner: str
    budget_cues: tuple[Cue, ...]
    spend_cues: tuple[Cue, ...]
    notes_cues: tuple[Cue, ...]
    # Lower-case words that end a job title, company or city.
    stop_words: frozenset[str]
    not_job: frozenset[str]
    # Capitalised words that are never (the start of) a person's name.
    not_name: frozenset[str] = field(default_factory=frozenset)
    # Dictated field labels ("age", "city", "new client"): Whisper ends them with a full stop ("Age. 52.")
    # or, in a transcript without punctuation, with nothing ("contact marcus age 52").
    labels: frozenset[str] = field(default_factory=frozenset)
    # Cues after which the words are a name even when Whisper wrote them in lower case ("my name is
    # kevin harlow"): cues that introduce nothing else.
    strong_name_cues: tuple[Cue, ...] = ()
    # A label and a name with no mark between them ("Client Marcus Whitfield, Denver."): only a first
    # name with a surname is read, since the label word may also be a verb ("Contact Owen tomorrow").
    bare_label_cues: tuple[Cue, ...] = ()
    # What joins a person's name to where they are from ("Sarah Collins from Boston", "Louis Berthier de
    # Lyon"): a place or an employer; rules/engine.py decides which.
    origin_link: str = r"(?!)"
    # What introduces a place set beside a name ("Paul Ferrand, 45 ans, à Rennes", "…, in Denver").
    place_link: str = r"(?!)"
    # What Whisper writes for the word joining an employer to a job when it mishears it ("I work at Orbis
    # and a data analyst": "as a" heard as "and a"); read only right after an employer a work cue announced.
    job_after_employer: str = r"(?!)"
    # A job set beside a name or an age with its article, then its employer ("Angela Price, 61, a data
    # analyst with Coastal Bank"): the article, and the words that may then link the job to the employer.
    # The employer must follow, so "…, a call with Brightloom" needs "call" in ``not_job``.
    appositive_article: str = r"(?!)"
    appositive_link: str = r"(?!)"
    # "Works as a" heard as "works and a" ("She works and a teacher for Maple…"): the misheard cue, and the
    # words linking the job to the employer that must follow it.
    misheard_job_cue: str = r"(?!)"
    misheard_job_link: str = r"(?!)"
