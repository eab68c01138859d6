"""Recordings the extractor was never tuned on: notes made up here, spoken by espeak-ng, scored like the eval set.

The development set (`../shared/eval/dev/audio.jsonl`) is what the rules were tuned on; the same measures also
run on cases nobody here sees, with other names, companies and phrasings. This set stands in for those: its
people, companies, towns and sentences are our own (none is in the eval data: `scripts/eval_overlap` checks
`bench/`), drawn with a fixed seed so that two runs score the same recordings, and spoken with several
espeak-ng voices. The figures it gives are the ones to watch for over-fitting: a rule that helps the
development set and hurts here learnt the data, not the language.

    .venv/bin/python -m bench --sections unseen --backends sqlite
"""

from __future__ import annotations

import hashlib
import json
import random
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import phonenumbers

from bench.audio import _require

_EN_DIGITS = "zero one two three four five six seven eight nine".split()


@dataclass(frozen=True)
class Case:
    id: str
    language: str
    text: str
    expected: dict


# Values: invented people and firms, real towns and jobs.
_EN = {
    "people": [("Brenda", "Whitfield", "she"), ("Marcus", "Greene", "he"), ("Tanya", "Brooks", "she"),
               ("Gregory", "Hale", "he"), ("Natalie", "Ford", "she"), ("Victor", "Salazar", "he"),
               ("Kelly", "Morgan", "she"), ("Derek", "Coleman", "he"), ("Angela", "Price", "she"),
               ("Trevor", "Nash", "he"), ("Monica", "Reyes", "she"), ("Howard", "Banks", "he")],
    "companies": ["Pinecrest Logistics", "Northwind Traders", "Silverline Media", "Riverside Clinic",
                  "Ironwood Capital", "Lakeside Dental", "Maple Grove Academy", "Coastal Bank",
                  "Evergreen Partners", "Redstone Insurance"],
    "cities": ["Denver", "Chicago", "Portland", "Houston", "Phoenix", "Miami", "Baltimore", "Dallas",
               "Minneapolis", "Austin", "Nashville"],
    "jobs": ["project manager", "operations director", "pharmacist", "data analyst", "office manager",
             "teacher", "consultant", "underwriter", "chief engineer"],
    "domains": ["gmail.com", "yahoo.com", "outlook.com"],
}
_FR = {
    "people": [("Hélène", "Fontaine", "elle"), ("Mathieu", "Carrel", "il"), ("Isabelle", "Chevalier", "elle"),
               ("Antoine", "Rousseau", "il"), ("Céline", "Lambert", "elle"), ("Julien", "Bonnet", "il"),
               ("Nathalie", "Mercier", "elle"), ("Olivier", "Blanc", "il"), ("Sandrine", "Faure", "elle"),
               ("Romain", "Roux", "il")],
    "companies": ["Transports Girardin", "Atelier Lumière", "Groupe Soleva", "Ciments du Sud",
                  "Vignobles Ardent", "Imprimerie Morel"],
    "cities": ["Nantes", "Lille", "Grenoble", "Rennes", "Dijon", "Strasbourg", "Angers", "Nice"],
    "jobs": ["architecte", "technicien", "avocat", "infirmière", "ingénieur", "comptable"],
    "domains": ["gmail.com", "orange.fr", "free.fr"],
}


def _en_phone(rng: random.Random) -> tuple[str, str]:
    """A North American number in the fictional 555-01xx range, said digit by digit; and its E.164."""
    area = rng.choice(["312", "415", "617", "713", "206", "303"])
    digits = area + "55501" + f"{rng.randrange(100):02d}"
    spoken = " ".join(_EN_DIGITS[int(d)] for d in digits[:3]) + ", " + " ".join(
        _EN_DIGITS[int(d)] for d in digits[3:6]) + ", " + " ".join(_EN_DIGITS[int(d)] for d in digits[6:])
    return spoken, "+1" + digits


def _fr_phone(rng: random.Random) -> tuple[str, str]:
    """A French mobile number written in pairs (espeak-ng says "zéro six, douze, …"); and its E.164. Drawn
    again until `phonenumbers` finds it a valid number of metropolitan France (some 06 and 07 blocks are not
    allocated, others belong to overseas departments)."""
    while True:
        pairs = [rng.choice(["06", "07"])] + [f"{rng.randrange(100):02d}" for _ in range(4)]
        number = phonenumbers.parse("".join(pairs), "FR")
        if phonenumbers.is_valid_number(number) and phonenumbers.region_code_for_number(number) == "FR":
            return " ".join(pairs), "+33" + "".join(pairs)[1:]


def _english(rng: random.Random, index: int) -> Case:
    first, last, he = _EN["people"][index % len(_EN["people"])]
    company, city, job = rng.choice(_EN["companies"]), rng.choice(_EN["cities"]), rng.choice(_EN["jobs"])
    age, budget = rng.randrange(25, 66), rng.choice([5000, 12000, 25000, 40000])
    phone_said, phone = _en_phone(rng)
    domain = rng.choice(_EN["domains"])
    email = f"{first}.{last}@{domain}".lower()
    email_said = f"{first} dot {last} at {domain.replace('.', ' dot ')}"
    an = "an" if job[0] in "aeiou" else "a"
    templates = [
        (f"Quick update on {first} {last}: {age} years old, works as {an} {job} for {company}, lives in {city}.",
         dict(age=age, job_title=job, company=company, city=city)),
        (f"I just spoke to {first} {last}, the {job} at {company}. Reach {'her' if he == 'she' else 'him'} on "
         f"{phone_said}.", dict(job_title=job, company=company, phone=phone)),
        (f"Add a contact: {first} {last}, {company}, {city}. Email {email_said}.",
         dict(company=company, city=city, email=email)),
        (f"Met {first} {last} today. {he.capitalize()} is {age}, {an} {job} with {company} in {city}. Budget "
         f"about {budget} dollars.", dict(age=age, job_title=job, company=company, city=city, budget=budget)),
        (f"Follow-up with {first} {last} from {company}. {'Her' if he == 'she' else 'His'} number is "
         f"{phone_said}.", dict(company=company, phone=phone)),
    ]
    text, fields = templates[index % len(templates)]
    return Case(f"unseen-en-{index:02d}", "en", text, {"first_name": first, "last_name": last, **fields})


def _french(rng: random.Random, index: int) -> Case:
    first, last, elle = _FR["people"][index % len(_FR["people"])]
    company, city, job = rng.choice(_FR["companies"]), rng.choice(_FR["cities"]), rng.choice(_FR["jobs"])
    age, budget = rng.randrange(25, 66), rng.choice([3000, 8000, 15000])
    phone_said, phone = _fr_phone(rng)
    domain = rng.choice(_FR["domains"])
    # An address is written without accents: "Hélène" → helene.
    email = unicodedata.normalize("NFKD", f"{first}.{last}@{domain}".lower()).encode("ascii", "ignore").decode()
    email_said = f"{first} point {last} arobase {domain.replace('.', ' point ')}"
    templates = [
        (f"Petit point sur {first} {last} : {age} ans, {job} chez {company}, habite à {city}.",
         dict(age=age, job_title=job, company=company, city=city)),
        (f"J'ai eu {first} {last} au téléphone, {job} chez {company}. Son numéro : {phone_said}.",
         dict(job_title=job, company=company, phone=phone)),
        (f"Nouveau contact : {first} {last}, de la société {company}, à {city}. Son mail : {email_said}.",
         dict(company=company, city=city, email=email)),
        (f"Rencontré {first} {last} aujourd'hui, {age} ans, {job} chez {company} à {city}. Budget d'environ "
         f"{budget} euros.", dict(age=age, job_title=job, company=company, city=city, budget=budget)),
    ]
    text, fields = templates[index % len(templates)]
    return Case(f"unseen-fr-{index:02d}", "fr", text, {"first_name": first, "last_name": last, **fields})


def cases(per_language: int = 12, *, seed: int = 13) -> list[Case]:
    """``per_language`` English then French notes, the same for the same seed."""
    rng = random.Random(seed)
    return [_english(rng, i) for i in range(per_language)] + [_french(rng, i) for i in range(per_language)]


_VOICES = {"en": ["en-us", "en-us+m3", "en-us+f2", "en"], "fr": ["fr", "fr+m3", "fr+f2"]}


def make(folder: Path, per_language: int = 12, *, seed: int = 13) -> Path:
    """Speak the cases into ``folder`` (Ogg/Opus, 16 kHz mono) and write ``folder/unseen.jsonl`` in the eval
    set's format (``id, file, language, text, expected``); returns that file. Needs espeak-ng and ffmpeg."""
    _require("espeak-ng")
    _require("ffmpeg")
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for n, case in enumerate(cases(per_language, seed=seed)):
        voices = _VOICES[case.language]
        voice = voices[n % len(voices)]
        # Named after what is said and by which voice: a recording made for other words is never reused.
        digest = hashlib.sha256(f"{voice}\n{case.text}".encode()).hexdigest()[:10]
        target = folder / f"{case.id}-{digest}.ogg"
        if not target.exists():
            wav = folder / f"{case.id}.wav"
            subprocess.run(["espeak-ng", "-v", voice, "-s", "150", "-w", str(wav), case.text], check=True)
            subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-i", str(wav), "-ac", "1", "-ar", "16000",
                            "-c:a", "libopus", str(target)], check=True)
            wav.unlink()
        lines.append(json.dumps({"id": case.id, "file": target.name, "language": case.language,
                                 "text": case.text, "expected": case.expected}, ensure_ascii=False))
    jsonl = folder / "unseen.jsonl"
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return jsonl
