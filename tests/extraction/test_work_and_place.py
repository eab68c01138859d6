"""Cities, companies and job titles, with the job's gender agreement kept as spoken."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("J'habite à Dijon et je travaille chez Sportival comme chef de projet.", "fr",
         {"city": "Dijon", "company": "Sportival", "job_title": "chef de projet"}),
        ("Je suis comptable chez Sorevia, à Montpellier.", "fr",
         {"city": "Montpellier", "company": "Sorevia", "job_title": "comptable"}),
        ("Nouveau client : Zoé Gauthier, 35 ans, directrice commerciale chez Aérovia, basée à Nantes.", "fr",
         {"city": "Nantes", "company": "Aérovia", "job_title": "directrice commerciale"}),
        ("Elle est ingénieure chez Lebrun Castel.", "fr", {"company": "Lebrun Castel", "job_title": "ingénieure"}),
        ("Il est ingénieur chez Lebrun Castel.", "fr", {"company": "Lebrun Castel", "job_title": "ingénieur"}),
        ("Je suis ingénieure chez Le Bon Coin.", "fr", {"company": "Le Bon Coin", "job_title": "ingénieure"}),
        ("Ici Hélène Le Gall, directrice financière chez BNP Paribas à Saint-Étienne.", "fr",
         {"city": "Saint-Étienne", "company": "BNP Paribas", "job_title": "directrice financière"}),
        ("Madame Sophie Martin, avocate chez Dentons, habite à Aix-en-Provence.", "fr",
         {"city": "Aix-en-Provence", "company": "Dentons", "job_title": "avocate"}),
        ("Rencontre avec François Dubois, directeur général de la société Techno Plus, basé à "
         "Clermont-Ferrand.", "fr",
         {"city": "Clermont-Ferrand", "company": "Techno Plus", "job_title": "directeur général"}),
        ("Elle travaille pour Air France comme hôtesse de l'air.", "fr",
         {"company": "Air France", "job_title": "hôtesse de l'air"}),
        ("Je suis Sophie Durand, responsable des achats chez Carrefour.", "fr",
         {"company": "Carrefour", "job_title": "responsable des achats"}),
        ("J'ai soixante-cinq ans, je suis retraitée et j'habite à La Rochelle.", "fr",
         {"city": "La Rochelle", "job_title": "retraitée"}),
        ("Client : Lucie Garnier. Ville : Lille. Entreprise : Auchan. Poste : caissière.", "fr",
         {"city": "Lille", "company": "Auchan", "job_title": "caissière"}),
        ("I live in Tampa and I work at Veltrix as a software engineer.", "en",
         {"city": "Tampa", "company": "Veltrix", "job_title": "software engineer"}),
        ("I'm a marketing manager at Halberd Industries in Atlanta.", "en",
         {"city": "Atlanta", "company": "Halberd Industries", "job_title": "marketing manager"}),
        ("She works for Zentrix Corporation as a marketing manager.", "en",
         {"company": "Zentrix Corporation", "job_title": "marketing manager"}),
        ("New client: Peter Jones, 26, sales director at Brightloom, based in Atlanta.", "en",
         {"city": "Atlanta", "company": "Brightloom", "job_title": "sales director"}),
        ("Spoke with Kevin O'Brien today; he's the CFO of Blue Ocean Logistics in Miami.", "en",
         {"city": "Miami", "company": "Blue Ocean Logistics", "job_title": "CFO"}),
        ("Hello, it's Ahmed Khan, 31 years old, nurse at Kaiser Permanente, based in Oakland.", "en",
         {"city": "Oakland", "company": "Kaiser Permanente", "job_title": "nurse"}),
        ("I'm a registered nurse at Saint Mary's Hospital and I live in Portland.", "en",
         {"city": "Portland", "company": "Saint Mary's Hospital", "job_title": "registered nurse"}),
        ("Client: Jane Doe, Age: 35, City: Chicago, Company: Tesla, Title: product manager.", "en",
         {"city": "Chicago", "company": "Tesla", "job_title": "product manager"}),
        ("Mr. Robert Brown called, he lives in New York.", "en", {"city": "New York"}),
        ("I'm from Boston and I work for Brightloom.", "en", {"city": "Boston", "company": "Brightloom"}),
        ("Client : Madame Sophie Martin. Localisation : Nantes. Employeur : La Poste. Fonction : factrice.", "fr",
         {"city": "Nantes", "company": "La Poste", "job_title": "factrice"}),
        ("Client: Peter Jones. Location: Boston. Employer: Brightloom. Occupation: accountant.", "en",
         {"city": "Boston", "company": "Brightloom", "job_title": "accountant"}),
        ("Client : Louis Berthier, 42 ans, ingénieur en informatique chez Logimatis, basé à Toulouse.", "fr",
         {"city": "Toulouse", "company": "Logimatis", "job_title": "ingénieur en informatique"}),
        ("Elle s'appelle Claire Martin et elle est comptable chez Vertalis.", "fr",
         {"company": "Vertalis", "job_title": "comptable"}),
        ("Mon métier c'est infirmière et je vis à Pau.", "fr", {"city": "Pau", "job_title": "infirmière"}),
        ("My age is 42 and I live in St. Louis.", "en", {"city": "St. Louis"}),
        ("My job is accountant at Deloitte.", "en", {"company": "Deloitte", "job_title": "accountant"}),
        ("Her title is VP of Engineering.", "en", {"company": None, "job_title": "VP of engineering"}),
        ("She is the Head of Human Resources at Zentrix.", "en",
         {"company": "Zentrix", "job_title": "head of human resources"}),
        ("He is the CEO of Zentrix Corp.", "en", {"company": "Zentrix Corp", "job_title": "CEO"}),
        ("Je suis développeuse chez Caisse d'Épargne, à Saint-Malo.", "fr",
         {"company": "Caisse d'Épargne", "city": "Saint-Malo"}),
        ("Je suis pharmacien chez La Poste, à Nice.", "fr", {"company": "La Poste", "city": "Nice"}),
        ("J'habite à Villeneuve-d'Ascq et je travaille chez McKinsey & Company.", "fr",
         {"company": "McKinsey & Company", "city": "Villeneuve-d'Ascq"}),
        ("I'm a software engineer at AT&T in Las Vegas.", "en", {"company": "AT&T", "city": "Las Vegas"}),
        ("I'm an accountant at Bank of New York Mellon in Salt Lake City.", "en",
         {"company": "Bank of New York Mellon", "city": "Salt Lake City"}),
        ("She works for Ben & Jerry's as a marketing manager.", "en", {"company": "Ben & Jerry's"}),
        ("Je suis responsable RH chez Pneumatix, à Lyon.", "fr",
         {"job_title": "responsable RH", "company": "Pneumatix"}),
        ("Fiche de Monsieur Henri Dumas : soixante-dix ans, retraité, habite à Vichy.", "fr",
         {"job_title": "retraité", "city": "Vichy"}),
        ("Hey, it's Marcus Reed, thirty-three, bartender at The Rusty Nail in Austin.", "en",
         {"job_title": "bartender", "company": "The Rusty Nail", "city": "Austin"}),
        ("I talked to a guy named Billy Bob Thornton.", "en", {"job_title": None}),
        ("Je suis ébéniste de métier et j'habite à Tulle.", "fr", {"job_title": "ébéniste", "city": "Tulle"}),
        ("Il est comptable de formation.", "fr", {"job_title": "comptable"}),
        ("I'm a real estate agent at Brightloom in Seattle.", "en",
         {"job_title": "real estate agent", "company": "Brightloom", "city": "Seattle"}),
        ("Elle est cheffe de cuisine chez Bocuse.", "fr", {"job_title": "cheffe de cuisine", "company": "Bocuse"}),
        ("Il est chargé d'affaires chez Vertalis.", "fr", {"job_title": "chargé d'affaires", "company": "Vertalis"}),
        ("Elle est directrice des Ressources Humaines chez Total.", "fr",
         {"company": "Total", "job_title": "directrice des ressources humaines"}),
        # After a name, "from" names an employer when the words have a company form or the city is said
        # elsewhere; otherwise a city (test_whisper_forms.py).
        ("Just met with Nadia Brun from Kestrel Labs.", "en", {"city": None, "company": "Kestrel Labs"}),
        ("Just met with Nadia Brun from Kestrel. She lives in Tulsa.", "en", {"city": "Tulsa", "company": "Kestrel"}),
        ("New Client, Peter Jones, 31, Sales Director at Brightlum, based in Tampa.", "en",
         {"city": "Tampa", "company": "Brightlum", "job_title": "sales director"}),
        # A job set beside a name or an age with its article, then its employer.
        ("Met Rosa Lind today. She is 52, a claims adjuster with Harbor Mutual in Tulsa.", "en",
         {"job_title": "claims adjuster", "company": "Harbor Mutual", "city": "Tulsa"}),
        ("Spoke to Omar Vance, the consultant at Kestrel Labs.", "en",
         {"job_title": "consultant", "company": "Kestrel Labs"}),
        ("Ben Osei, 38, an electrician with Voltline.", "en", {"job_title": "electrician", "company": "Voltline"}),
        # Company forms say an employer after "from" too ("Traders", "Academy").
        ("Follow up with Tessa Marsh from Harbor Traders. Her number is 555.", "en",
         {"city": None, "company": "Harbor Traders"}),
        ("Call with Owen Pike from Cedar Hill Academy about the books.", "en",
         {"city": None, "company": "Cedar Hill Academy"}),
        # Whisper writes the company form without its capital: it is still part of the name.
        ("Lena Voss is a nurse at Birchwood clinic in Tulsa.", "en",
         {"job_title": "nurse", "company": "Birchwood Clinic", "city": "Tulsa"}),
        ("He works for Norvane corporation as a buyer.", "en",
         {"company": "Norvane Corporation", "job_title": "buyer"}),
        ("Met Ida Brook today. She is 40, a teacher with Oakridge school.", "en",
         {"job_title": "teacher", "company": "Oakridge School"}),
        ("Elle travaille chez Vertalis pharmacie à Nantes.", "fr", {"company": "Vertalis Pharmacie", "city": "Nantes"}),
        # "works as a" heard as "works and a", with the employer after the job.
        ("Quick update on Ida Brook, 40, works and a teacher for Oakridge School, lives in Reno.", "en",
         {"job_title": "teacher", "company": "Oakridge School", "city": "Reno"}),
        ("He worked and an electrician with Voltline in Tulsa.", "en",
         {"job_title": "electrician", "company": "Voltline", "city": "Tulsa"}),
        # A dictated record: the name, the employer (with a company form), the town.
        ("Add a contact: Dana Pike, Harbor Traders, Austin, email dana at gmail.com.", "en",
         {"first_name": "Dana", "last_name": "Pike", "company": "Harbor Traders", "city": "Austin"}),
        ("New contact, Ivo Lund, 44, Birchwood Clinic, Reno.", "en",
         {"age": 44, "company": "Birchwood Clinic", "city": "Reno"}),
        ("Nouveau contact : Lise Morel, Vertalis Conseil, Angers, téléphone 06 12 34 56 78.", "fr",
         {"company": "Vertalis Conseil", "city": "Angers"}),
        ("Contact, Omar Vance, Kestrel Labs.", "en", {"company": "Kestrel Labs", "city": None}),
        # Without a company form, the item could be a town or an employer: nothing is guessed.
        ("Add a contact: Dana Pike, Brightloom, Austin.", "en", {"company": None}),
        # …but not a word that goes on into something else.
        ("She works at Orbis media relations team.", "en", {"company": "Orbis"}),
    ],
)
def test_city_company_and_job(extract, text, language, expected):
    values = extract(text, language)
    assert {k: values.get(k) for k in expected} == expected


@pytest.mark.parametrize(
    ("text", "language", "absent"),
    [
        ("Je suis très intéressé par votre offre.", "fr", "job_title"),
        ("Il est marié.", "fr", "job_title"),
        ("Comme convenu, je vous envoie le devis.", "fr", "job_title"),
        ("Mon numéro est le 06 12 34 56 78.", "fr", "job_title"),
        ("I work at an ITEC as a software engineer.", "en", "company"),
        ("As soon as possible, please.", "en", "job_title"),
        # What one has with a firm is not a post.
        ("Rosa Lind, 52, a call with Harbor Mutual next week.", "en", "job_title"),
        ("Omar Vance: the meeting at Kestrel Labs went well.", "en", "job_title"),
        ("Talked pricing, then the lunch with Voltline.", "en", "job_title"),
        ("She works and a colleague of hers told me about it.", "en", "job_title"),
        ("Ben Osei, 38, a trip with Voltline in Tulsa.", "en", "job_title"),
        ("Rosa Lind: the presentation at Harbor Mutual went fine.", "en", "job_title"),
        ("Omar Vance, 51, a negotiation with Kestrel Labs next month.", "en", "job_title"),
        ("He works and a lot of people at Voltline know it.", "en", "job_title"),
    ],
)
def test_no_field_from_look_alike_phrases(extract, text, language, absent):
    assert absent not in extract(text, language)


def test_working_with_someone_does_not_name_an_employer(extract):
    assert "company" not in extract("Il travaille avec Marie Dupont sur le projet.", "fr")
    assert "company" not in extract("She works with Peter Jones on the project.", "en")


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        # An ampersand joins the names of a firm, never of a town.
        ("Spoke with Nora Quist from Hallam & Pike in Leeds.", "en", {"company": "Hallam & Pike", "city": "Leeds"}),
        ("Add a contact: Ivo Lark, Brennan & Daughters, Tulsa.", "en", {"company": "Brennan & Daughters"}),
        ("Vu Paul Roche de Marchal & Fils, à Tours.", "fr", {"company": "Marchal & Fils", "city": "Tours"}),
        # What is in a town, said in one breath after "from", is an employer.
        # "from X in Y" is too uncertain to write X as either ("from Quillmore in Boise", "from Paris in April").
        ("Lunch with Dara Voss from Quillmore in Boise.", "en", {"company": None, "city": None}),
        ("Met Claire Roux from Paris in April.", "en", {"company": None, "city": None}),
        ("Spoke with Nora Quist from Procurement in Leeds.", "en", {"company": None}),
        ("Spoke with Dana Pike, Sales & Marketing, Austin.", "en", {"company": None}),
        ("Dara Voss from Boise, in Idaho.", "en", {"city": "Boise", "company": None}),
        # "They're in …" states where the person's firm is, so what came after "from" is the firm.
        ("Call with Ravi Dunn from Zelvora. They're in Tacoma.", "en", {"company": "Zelvora", "city": "Tacoma"}),
        ("Met Ada Finch from Orvale, she's in Fresno.", "en", {"company": "Orvale", "city": "Fresno"}),
        # A place's cue ends the job before it.
        ("nouveau contact, il est développeur installé à Brest", "fr", {"job_title": "développeur", "city": "Brest"}),
        ("Elle est graphiste basée à Rouen.", "fr", {"job_title": "graphiste", "city": "Rouen"}),
    ],
)
def test_employers_and_towns_by_the_words_around_them(extract, text, language, expected):
    values = extract(text, language)
    assert {k: values.get(k) for k in expected} == expected


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Met Tom Reed, he's in charge of purchasing.", "en"),
        ("Lena Fox, she's very keen on the offer.", "en"),
        ("Ben Hart, ex-Brightwave, looking for a new role.", "en"),
        ("Her email changed. Everything else is the same.", "en"),
        ("Omar Vance, they're happy with the pilot.", "en"),
    ],
)
def test_a_pronoun_a_former_employer_or_sameness_is_no_job(extract, text, language):
    assert "job_title" not in extract(text, language)


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        # A post an employer cue also names is still a job.
        ("RDV avec Lou Bret, 31 ans, consultante chez Vestal à Reims.", "fr",
         {"job_title": "consultante", "company": "Vestal"}),
        ("Met Ana Ruiz, 29, consultant at Brelan in Austin.", "en", {"job_title": "consultant", "company": "Brelan"}),
        # "de la", "lead", acronyms and "now" in a title.
        ("Appel avec Yves Coste, responsable de la flotte chez Marvane.", "fr",
         {"job_title": "responsable de la flotte", "company": "Marvane"}),
        ("She's a procurement lead at Talmore Systems.", "en",
         {"job_title": "procurement lead", "company": "Talmore Systems"}),
        ("He's the IT director at Brockway Council.", "en",
         {"job_title": "IT director", "company": "Brockway Council"}),
        ("Elle est DRH chez Velan Transports à Lille.", "fr", {"job_title": "DRH", "company": "Velan Transports"}),
        ("Met Rui Sousa, ex-Brightwave, now head of growth at Quillo in Reno.", "en",
         {"job_title": "head of growth", "company": "Quillo", "city": "Reno"}),
        ("Vu Léo Brun, maintenant chef de rayon chez Brico Est à Laval.", "fr",
         {"job_title": "chef de rayon", "company": "Brico Est", "city": "Laval"}),
        # An employer after "de" or "à la" only with a company form.
        ("Il est directeur général de Fromagerie Brassac & Fils, à Rodez.", "fr",
         {"company": "Fromagerie Brassac & Fils", "city": "Rodez"}),
        ("Elle est pharmacienne à la Pharmacie des Halles à Niort.", "fr",
         {"company": "Pharmacie des Halles", "city": "Niort"}),
        ("Elle est directrice de Lyon Centre.", "fr", {"company": None}),
        # What follows the employer after a comma may be a division: no town is read there.
        ("She works at Orbis, Oncology.", "en", {"city": None}),
        ("Il travaille chez Orvale, Entreprises.", "fr", {"city": None}),
        # Where a contact was met is no town of theirs.
        ("Nouveau contact à Vivatech : Eva Claes, acheteuse chez Brelan.", "fr", {"city": None}),
        # Relations to a firm are no posts at it.
        ("Il est fournisseur de Groupe Casino.", "fr", {"job_title": None, "company": None}),
        ("Elle est patiente à la Clinique du Parc.", "fr", {"job_title": None, "company": None}),
        ("Elle est professeure d'Informatique au lycée.", "fr", {"company": None}),
        ("Met Tom Reed, now studying at Harvard.", "en", {"job_title": None}),
        ("Elle est maintenant assurée chez Maxance.", "fr", {"job_title": None}),
        # An acronym alone after "est" is no French post.
        ("Le devis est HT.", "fr", {"job_title": None}),
        ("Son contrat est CDI.", "fr", {"job_title": None}),
    ],
)
def test_posts_employers_and_towns_in_more_forms(extract, text, language, expected):
    values = extract(text, language)
    assert {k: values.get(k) for k in expected} == expected


@pytest.mark.parametrize(("text", "language"), [("Il est OK avec ça.", "fr"), ("Is it OK with IT?", "en")])
def test_ok_is_no_post_even_in_capitals(extract, text, language):
    assert "job_title" not in extract(text, language)


def test_a_number_said_alone_after_the_name_is_no_age_without_a_record_around_it(extract):
    assert "age" not in extract("Met Chris Wong. 45. Minutes late. Annoyed.", "en")
    assert "age" not in extract("Appel avec Paul Roy. 30. Licences à prévoir.", "fr")


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        # An age opening its own sentence after a company's name is the person's.
        ("She works at Dunmore Supply Company in Erie. She's thirty-two.", "en", {"age": 32}),
        ("He has two kids, aged 5 and 7.", "en", {"age": None}),
        # A new post said after what was left.
        ("He left Brantley and is now head of sales at Quorra Freight.", "en",
         {"job_title": "head of sales", "company": "Quorra Freight"}),
        ("Elle a quitté Orvale et est maintenant directrice commerciale chez Brelan.", "fr",
         {"job_title": "directrice commerciale", "company": "Brelan"}),
        # Where the person's practice or shop is.
        ("Il est kinésithérapeute, il a son cabinet à Vesoul.", "fr", {"city": "Vesoul"}),
        ("Son comptable a son cabinet à Lyon.", "fr", {"city": None}),
    ],
)
def test_ages_new_posts_and_workplaces_across_sentences(extract, text, language, expected):
    values = extract(text, language)
    assert {k: values.get(k) for k in expected} == expected


@pytest.mark.parametrize(("text", "job"), [
    ("Il travaille comme chef d'équipe et papa.", "chef d'équipe"),
    ("Elle est comptable et elle habite à Lyon.", "comptable"),
])
def test_et_ends_a_french_title(extract, text, job):
    assert extract(text, "fr").get("job_title") == job


@pytest.mark.parametrize(("text", "absent"), [
    # Whisper's "Caroline. Ashby at lindenmoss.co.uk" for a spoken address: no job at a lower-case "employer".
    ("London Caroline. Ashby at lindenmoss.co.uk", "job_title"),
    ("Note. Tallis at brightmoor dot com.", "job_title"),
])
def test_words_before_at_and_a_lower_case_word_are_no_job(extract, text, absent):
    assert absent not in extract(text, "en")


def test_the_second_adjective_of_a_title_is_no_title_of_its_own(extract):
    values = extract("Vu Sophie Blanc, directrice administrative et financière chez Nexalys.", "fr")
    assert values.get("job_title") != "financière"


@pytest.mark.parametrize(("text", "company"), [
    ("Rendez-vous avec Hélène Marchal, elle travaille à la Banque Horizon à Brest.", "Banque Horizon"),
    ("Yann Keller est conseiller à la Caisse Solidaire.", "Caisse Solidaire"),
    ("Appel de Nadia Ferret, elle est juriste à la Société Fontenay.", "Société Fontenay"),
    ("Rendez-vous avec Hélène Marchal, elle travaille à la société Orvane à Brest.", "Orvane"),
])
def test_a_capitalised_workplace_noun_is_the_first_word_of_the_employers_name(extract, text, company):
    """"à la société Orvane" names Orvane, but "à la Banque Horizon" names "Banque Horizon", not "Horizon"."""
    assert extract(text, "fr").get("company") == company


@pytest.mark.parametrize(("text", "language", "job"), [
    ("Nouvelle cliente Agathe Roux, directrice administrative et financière chez Orvane.", "fr",
     "directrice administrative et financière"),
    ("Bastien Lucas est responsable achats et logistique.", "fr", "responsable achats et logistique"),
    ("Bastien Lucas, directeur technique et commercial à Lille.", "fr", "directeur technique et commercial"),
    ("Dana Kemp, head of sales and marketing at Norvex.", "en", "head of sales and marketing"),
    ("Dana Kemp is an engineer and marketing is her hobby.", "en", "engineer"),
    ("Il travaille comme chef d'équipe et papa.", "fr", "chef d'équipe"),
])
def test_a_title_may_join_two_functions_with_et_or_and(extract, text, language, job):
    """"directrice administrative et financière" was cut to "directrice administrative"."""
    assert extract(text, language).get("job_title") == job


@pytest.mark.parametrize(("text", "language", "absent"), [
    ("Rencontré Hugo Brun, il est suisse et travaille chez Orvane.", "fr", "job_title"),
    ("Hugo Brun est belge, il habite à Namur.", "fr", "job_title"),
    ("Appel de Léna Morel, elle est canadienne.", "fr", "job_title"),
    ("Hugo Brun vient de Belgique, il a 40 ans.", "fr", "city"),
    ("Hugo Brun, de Suisse, 52 ans.", "fr", "city"),
    ("Dana Kemp from Canada, works at Norvex.", "en", "city"),
    ("Dana Kemp, from Ireland, 44.", "en", "city"),
    ("She moved from Germany, her cell is 617 555 0198.", "en", "company"),
])
def test_a_country_or_a_nationality_is_never_a_town_an_employer_or_a_post(extract, text, language, absent):
    assert absent not in extract(text, language)


def test_a_town_named_like_its_country_is_still_a_town(extract):
    assert extract("Nouveau client Hugo Brun, il habite à Luxembourg.", "fr").get("city") == "Luxembourg"
    assert extract("Hugo Brun est belge, il habite à Namur.", "fr").get("city") == "Namur"


@pytest.mark.parametrize(("text", "language", "absent"), [
    ("Appel avec Agnès Perrot. Son mari est médecin.", "fr", "job_title"),
    ("Bastien Leroux, 38 ans. Sa femme Léa, 36 ans, est dentiste.", "fr", "job_title"),
    ("Rencontré Hugo Tessier, son frère est directeur chez Cyberlis.", "fr", "company"),
    ("Rencontré Hugo Tessier, son frère est directeur chez Cyberlis.", "fr", "job_title"),
    ("Bastien Ross, 38. His wife is a dentist.", "en", "job_title"),
    ("Met Dana Kemp, her husband works as a pilot for Aerolis.", "en", "company"),
    ("Agnès Perrot, mère de deux enfants, habite à Lille.", "fr", "job_title"),
])
def test_what_a_relatives_or_co_workers_sentence_says_is_not_the_clients(extract, text, language, absent):
    """Found by a separate agent's attack: "Son mari est médecin" gave the client the job "médecin"."""
    assert absent not in extract(text, language)


@pytest.mark.parametrize(("text", "language", "job"), [
    ("Appel avec Agnès Perrot. Son mari est médecin. Elle est professeure.", "fr", "professeure"),
    ("Agnès Perrot est avocate, son mari est médecin.", "fr", "avocate"),
    ("Dana Kemp is a nurse, her husband works as a pilot.", "en", "nurse"),
    ("Contact Pierre Vallet, associé chez Cabinet Vallet & Associés, à Lyon.", "fr", "associé"),
    ("Met Dana Kemp. She is a partner at Brightwell Law in Denver.", "en", "partner"),
    ("Met Dana Kemp, she is a partner with Orsay Capital.", "en", "partner"),
    ("Met Dana Kemp. She is a partner.", "en", None),  # a partner in life or in a firm: who can tell
])
def test_the_clients_own_post_beside_a_relatives_stays(extract, text, language, job):
    assert extract(text, language).get("job_title") == job


@pytest.mark.parametrize(("text", "language", "field", "value"), [
    ("Il travaillait avant chez Metalor mais il est maintenant chez Vitrex. Client Gaspard Morin.", "fr",
     "company", "Vitrex"),
    ("Gaspard Morin ne travaille plus chez Ferrotec.", "fr", "company", None),
    ("Gaspard Morin rêve de travailler chez Modalia.", "fr", "company", None),
    ("Gaspard Morin rêve de travailler chez Modalia.", "fr", "job_title", None),
    ("Avant il était chez Pharmadis à Rouen. Gaspard Morin est maintenant chez Biolis.", "fr", "city", None),
    ("Gaspard Morin, ancien directeur chez Solaris.", "fr", "job_title", None),
    ("Dana Kemp no longer works at Ferrotec.", "en", "company", None),
    ("Dana Kemp no longer lives in Bristol, she moved to Bath.", "en", "city", "Bath"),
    ("Dana Kemp would love to work at Modalia someday.", "en", "company", None),
    ("Dana Kemp worked at Ferrotec for ten years.", "en", "company", None),
    ("Dana Kemp left Ferrotec last year and joined Veltrix.", "en", "company", "Veltrix"),
    ("Dana Kemp has worked at Veltrix since 2019.", "en", "company", "Veltrix"),
])
def test_a_past_given_up_or_wished_for_workplace_town_or_post_is_not_the_clients(
        extract, text, language, field, value):
    """Found by a separate agent's attack: "ne travaille plus chez Ferrotec" stored Ferrotec."""
    assert extract(text, language).get(field) == value


@pytest.mark.parametrize(("text", "language"), [
    ("Kevin Marsh, 28, bought two licences.", "en"),
    ("Alan Pettit, told me he needs a quote.", "en"),
    ("Sandra Gibbs, 42, needs a demo next week.", "en"),
    ("Sandra Gibbs, 42, asked about pricing.", "en"),
    ("Sandrine Gilles, 42 ans, a demandé un devis.", "fr"),
    ("Sandrine Gilles, 42 ans, veut une démo.", "fr"),
])
def test_what_a_person_did_or_wants_set_beside_their_name_is_no_post(extract, text, language):
    """Found by a separate agent's attack: "Kevin Marsh, 28, bought two licences" stored that as the job."""
    assert "job_title" not in extract(text, language)


@pytest.mark.parametrize("text", ["Call from Frank Morgan from Logistar.", "Email from Kim Ortega from Solvane."])
def test_a_callers_name_is_no_firm_and_what_follows_from_is_not_guessed(extract, text):
    """"Call from Frank Morgan from Logistar" gave company "Frank Morgan" and city "Logistar"."""
    found = extract(text, "en")
    assert "company" not in found and "city" not in found and found.get("first_name") in ("Frank", "Kim")


@pytest.mark.parametrize(("text", "language", "absent"), [
    ("Appel de Gaspard Morin. Son patron, Bernard Coste, 60 ans, valide le budget.", "fr", "age"),
    ("Gilles Mallet appelle pour sa mère, qui habite à Angers.", "fr", "city"),
    ("Gaspard Morin, le budget de son concurrent est de 100 000 euros.", "fr", "budget"),
    ("Gaspard Morin, appelez ma collègue Inès au 06 11 22 33 44.", "fr", "phone"),
    ("Gaspard Morin, appelez ma collègue Inès au 06 11 22 33 44.", "fr", "job_title"),
    ("Dana Kemp lives in Austin. Her boss, Tom Reyes, is 60.", "en", "age"),
])
def test_a_relatives_or_co_workers_age_town_phone_or_budget_is_not_the_clients(extract, text, language, absent):
    """Found by a separate agent's attack: "Son patron, Bernard Coste, 60 ans" gave the client the age 60."""
    assert absent not in extract(text, language)


def test_the_clients_own_values_beside_a_relatives_stay(extract):
    found = extract("Gaspard Morin, 45 ans, habite à Lyon. Son patron, Bernard Coste, 60 ans.", "fr")
    assert (found.get("age"), found.get("city")) == (45, "Lyon")


@pytest.mark.parametrize(("text", "language", "field", "value"), [
    ("Tim Vidal. He told me he doesn't work at Ferrotek anymore.", "en", "company", None),
    ("Océane Berthon, 24 ans, vendeuse chez Florabel... non pardon chez Vertiflor.", "fr", "company", "Vertiflor"),
    ("Patricia Huet nous a été recommandée par Gérard Bouvier, 65 ans.", "fr", "age", None),
    ("Fleur Marchal, la quarantaine, fleuriste.", "fr", "job_title", None),
    ("Stella Aubert, 29, apartment on the 5th floor.", "en", "job_title", None),
    ("New prospect Laura Mason, 38, order of 250 units.", "en", "job_title", None),
])
def test_more_kinds_from_the_attack(extract, text, language, field, value):
    assert extract(text, language).get(field) == value


@pytest.mark.parametrize(("text", "language", "age"), [
    ("Ray Dunmore, 46, his 19-year-old daughter wants a car.", "en", 46),
    ("Met Paula Ingram, 52. Her 23-year-old son came along.", "en", 52),
    ("Gus Halloran drives a 12-year-old truck.", "en", None),
    ("Gus Halloran is a 38-year-old welder with a 10-year-old van.", "en", 38),
    ("Met Ellen Vasko, a 45-year-old partner at a law firm.", "en", 45),
    ("Ray Dunmore, his wife and their 9-year-old kids.", "en", None),
])
def test_an_age_said_of_a_relative_or_a_thing_is_not_the_clients(extract, text, language, age):
    """"his 19-year-old daughter" gave the client the age 19; "a 45-year-old partner" is the client's own."""
    assert extract(text, language).get("age") == age


@pytest.mark.parametrize(("text", "language"), [
    ("Call from Nadia Perle on behalf of her boss, Ms Lise Ardent, director of Veltrix.", "en"),
    ("Appel de Nadia Perle de la part de son patron, Luc Ardent, directeur de Veltrix SA.", "fr"),
    ("Nadia Perle called. Her manager, Lise Ardent, buyer at Veltrix, wants a quote.", "en"),
])
def test_the_post_and_employer_beside_a_co_workers_name_are_not_the_callers(extract, text, language):
    """"Call from Karen … on behalf of her boss, Ms Joan …, director of …" gave the caller the boss's post."""
    found = extract(text, language)
    assert "job_title" not in found and "company" not in found and found.get("first_name") == "Nadia"


@pytest.mark.parametrize(("text", "language", "field", "value"), [
    ("Client Loïc Kerbrat, imprimeur. Sa femme travaille aussi, elle a 39 ans.", "fr", "age", None),
    ("Ben Ross, 38. His wife Leah works at a bank, she is 36.", "en", "age", 38),
    ("Son fils a 12 ans et elle a 41 ans.", "fr", "age", 41),
    ("Appel avec Agnès Perrot. Son mari est médecin. Elle est professeure.", "fr", "job_title", "professeure"),
])
def test_a_pronoun_of_the_gender_of_the_relative_named_last_stands_for_that_relative(
        extract, text, language, field, value):
    assert extract(text, language).get(field) == value


@pytest.mark.parametrize(("text", "expected"), [
    ("Mathilde Guérin, consultante à Solvane Conseil.", {"job_title": "consultante", "company": "Solvane Conseil"}),
    ("Mathilde Guérin, conseillère à Crédit Agricole, à Vannes.",
     {"job_title": "conseillère", "company": "Crédit Agricole", "city": "Vannes"}),
    ("Mathilde Guérin, notaire au Cabinet Lestrade, à Vannes.",
     {"job_title": "notaire", "company": "Cabinet Lestrade", "city": "Vannes"}),
    ("Mathilde Guérin, comptable à Orvalis Partners.", {"job_title": "comptable", "company": "Orvalis Partners"}),
    ("Mathilde Guérin habite à Solvane Conseil.", {}),
    ("Mathilde Guérin, comptable à Saint-Malo.", {"job_title": "comptable", "city": "Saint-Malo"}),
])
def test_a_firm_after_a_is_the_employer_never_a_town(extract, text, expected):
    """"consultante à Vireo Conseil" gave the town "Vireo Conseil"; "à Crédit Mutuel, à Brest" the town "Crédit
    Mutuel" and lost Brest."""
    found = extract(text, "fr")
    assert {k: v for k, v in found.items() if k not in ("first_name", "last_name")} == expected


@pytest.mark.parametrize(("text", "job"), [
    ("Inès Carrel, vendeuse de la boutique Lune et Sable, à Sète.", "vendeuse"),
    ("Inès Carrel, gérante du magasin Val Fleuri à Agde.", "gérante"),
    ("Inès Carrel est directrice de l'école de Pézenas.", "directrice"),
    ("Inès Carrel, gérante de la boulangerie du port.", "gérante"),
    ("Inès Carrel, directrice d'usine à Sète.", "directrice d'usine"),
    ("Inès Carrel est secrétaire de mairie à Agde.", "secrétaire de mairie"),
    ("Inès Carrel, responsable de l'exploitation.", "responsable de l'exploitation"),
])
def test_a_post_ends_before_the_place_of_work_it_names_with_an_article(extract, text, job):
    """"vendeuse de la boutique …" gave the post "vendeuse de la boutique"; without an article the place is part of
    the post ("directrice d'usine")."""
    assert extract(text, "fr").get("job_title") == job


@pytest.mark.parametrize(("text", "expected"), [
    ("Visite chez Armand Picot, 61 ans, à Gaillac.",
     {"first_name": "Armand", "last_name": "Picot", "age": 61, "city": "Gaillac"}),
    ("Passé chez Armand Picot, 61 ans, viticulteur à Gaillac.",
     {"first_name": "Armand", "last_name": "Picot", "age": 61, "job_title": "viticulteur", "city": "Gaillac"}),
    ("Visite chez Armand Picot à Gaillac, il dirige la menuiserie Picot.",
     {"first_name": "Armand", "last_name": "Picot", "city": "Gaillac"}),
    ("Visite chez Armand Picot à Gaillac, ils ont 40 salariés.", {"company": "Armand Picot", "city": "Gaillac"}),
    ("Odile Brassac travaille chez Armand Picot, 12 salariés.",
     {"first_name": "Odile", "last_name": "Brassac", "company": "Armand Picot"}),
    ("Odile Brassac travaille chez Picot Industries, 40 ans d'histoire.",
     {"first_name": "Odile", "last_name": "Brassac", "company": "Picot Industries"}),
])
def test_a_name_after_chez_with_an_age_beside_it_is_a_person_not_a_firm(extract, text, expected):
    """"Visite chez Bernard Cazals, 60 ans, à Albi" gave the employer "Bernard Cazals" and no name."""
    assert extract(text, "fr") == expected


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("Nell Corbin, the mayor of Ashgrove, wants new street lights.", "en",
     {"first_name": "Nell", "last_name": "Corbin", "job_title": "mayor", "city": "Ashgrove"}),
    ("Nell Corbin is the mayor of Ashgrove.", "en",
     {"first_name": "Nell", "last_name": "Corbin", "job_title": "mayor", "city": "Ashgrove"}),
    ("Nell Corbin, town clerk of Ashgrove, needs a quote.", "en",
     {"first_name": "Nell", "last_name": "Corbin", "job_title": "town clerk", "city": "Ashgrove"}),
    ("Armand Picot, maire de Lavaur, veut un devis.", "fr",
     {"first_name": "Armand", "last_name": "Picot", "job_title": "maire", "city": "Lavaur"}),
    ("Nell Corbin is the purchasing manager at Dunmore Freight.", "en",
     {"first_name": "Nell", "last_name": "Corbin", "job_title": "purchasing manager", "company": "Dunmore Freight"}),
    ("Kestrel Tools is the main supplier of Nell Corbin's shop.", "en", {}),
])
def test_the_town_a_mayor_serves_is_no_employer_and_the_post_of_someone_named_gives_their_name(
        extract, text, language, expected):
    """"Tina Ross is the mayor of Millbrook" gave no name and the employer "Millbrook"."""
    assert extract(text, language) == expected


@pytest.mark.parametrize(("text", "language", "job"), [
    ("Nell Corbin is a customer success manager at Dunmore Freight.", "en", "customer success manager"),
    ("Nell Corbin, senior client services director at Dunmore Freight.", "en", "senior client services director"),
    ("Nell Corbin works as a customer service rep.", "en", "customer service rep"),
    ("Odile Brassac est responsable clients chez Vireo.", "fr", "responsable clients"),
    ("Odile Brassac, chargée de clientèle chez Vireo.", "fr", "chargée de clientèle"),
    ("Nell Corbin is our customer.", "en", None),
])
def test_a_post_about_clients_is_read_whole(extract, text, language, job):
    """"customer success manager" gave no post (and no name), "responsable client" the post "responsable"."""
    assert extract(text, language).get("job_title") == job


@pytest.mark.parametrize(("text", "language", "budget"), [
    ("Wes Gorman. His budget last year was 18k, this year it's 30k.", "en", None),
    ("Wes Gorman, budget was 18,000 last year.", "en", None),
    ("Wes Gorman used to have a budget of 18k.", "en", None),
    ("Wes Gorman, 44. Last year he spent 18,000 with us; this year his budget is 30,000.", "en", 30000),
    ("Wes Gorman said his budget was around 18k.", "en", 18000),
    ("Rémi Castaing, l'an dernier son budget était de 18 000 euros.", "fr", None),
    ("Rémi Castaing, il avait 18 000 euros de budget l'année passée.", "fr", None),
    ("Rémi Castaing, avant il avait un budget de 18 000 euros.", "fr", None),
    ("Rémi Castaing, budget 18 000 euros avant la fin de l'année.", "fr", 18000),
])
def test_a_budget_of_a_past_period_is_not_the_one_to_spend(extract, text, language, budget):
    """"Her budget last year was 20k, this year it's 35k" gave the budget 20000."""
    assert extract(text, language).get("budget") == budget


@pytest.mark.parametrize(("text", "language", "field", "value"), [
    ("Rendez-vous avec Rémi Castaing. Le portable de Solène c'est le 06 59 14 23 87.", "fr", "phone", None),
    ("Rendez-vous avec Rémi Castaing. Le portable de Rémi c'est le 06 59 14 23 87.", "fr", "phone", "+33659142387"),
    ("Rendez-vous avec Rémi Castaing. Le portable de M. Castaing : 06 59 14 23 87.", "fr", "phone", "+33659142387"),
    ("Met Nell Corbin, practice administrator. Glen's email is glen.b@fastmail.com.", "en", "email", None),
    ("Met Wes Gorman, 58. Wes's cell 505-449-3172.", "en", "phone", "+15054493172"),
    ("Met Wes Gorman. The company's number is 505-449-3172.", "en", "phone", "+15054493172"),
])
def test_a_phone_or_address_said_as_someone_elses_by_name_is_not_the_clients(extract, text, language, field, value):
    """"Le portable de Laure c'est …" in a note about someone else gave the client Laure's number."""
    assert extract(text, language).get(field) == value


@pytest.mark.parametrize(("text", "language", "city"), [
    ("Inès Carrel, directrice chez Les Tilleuls, une crèche privée à Vierzon.", "fr", "Vierzon"),
    ("Rémi Castaing, c'est le gérant de Castaing Autos, un garage à Figeac.", "fr", "Figeac"),
    ("Nell Corbin, owner of Fern & Co, a bakery in Tulsa.", "en", "Tulsa"),
    ("Inès Carrel, comptable chez Verdane, une PME de 40 salariés.", "fr", None),
    ("Loïc Amand, paysagiste. Il se fournit chez Brico Ouest, un magasin à Brest.", "fr", None),
    ("Inès Carrel habite à Bourges, directrice chez Les Tilleuls, une crèche à Vierzon.", "fr", "Bourges"),
])
def test_the_town_in_an_apposition_describing_the_workplace_is_read(extract, text, language, city):
    """"directrice chez Les Petits Pas, une école Montessori à Toulouse" gave no town (a separate agent's notes)."""
    assert extract(text, language).get("city") == city


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("C'est Noël Ferrand de chez Tilia Conseil qui m'a recommandé Mme Inès Carrel, directrice chez Les Tilleuls.",
     "fr", {"first_name": "Inès", "last_name": "Carrel", "job_title": "directrice", "company": "Les Tilleuls"}),
    ("Got this lead from my buddy Hank Morrow. Guy's name is Wes Gorman, 58.", "en",
     {"first_name": "Wes", "last_name": "Gorman", "age": 58}),
    ("Lead from Dora Kemp, 67, a retired teacher. She introduced me to Wes Gorman.", "en", {}),
    ("Contact transmis par Noël Ferrand : Inès Carrel, 46 ans.", "fr",
     {"first_name": "Inès", "last_name": "Carrel", "age": 46}),
    ("Un contact de chez Verdane, Inès Carrel, acheteuse, veut un devis.", "fr",
     {"first_name": "Inès", "last_name": "Carrel", "company": "Verdane"}),
])
def test_who_passed_a_lead_on_is_not_the_client(extract, text, language, expected):
    """"Lead from Carol …, 67", "Got this lead from my buddy Pete …", "Contact transmis par …", "X de chez Axiome qui
    m'a recommandé …" gave the referrer's name, age or firm to the client."""
    found = extract(text, language)
    assert {k: v for k, v in found.items() if k in expected or k in ("first_name", "last_name", "age")} == expected


@pytest.mark.parametrize(("text", "language", "field", "value"), [
    # a supplier's shop is no employer
    ("Loïc Amand tient la crêperie du port. Il se fournit chez Minoterie Vasseur.", "fr", "company", None),
    ("Loïc Amand, paysagiste. Il achète ses outils chez Brico Ouest.", "fr", "company", None),
    ("Loïc Amand, paysagiste chez Vert Bocage. Il achète ses outils chez Brico Ouest.", "fr", "company",
     "Vert Bocage"),
    # years spent at a firm: no age, a former employer
    ("Maëlle Corre a passé quinze ans chez Banque Iroise, maintenant elle est directrice chez Armor Crédit.", "fr",
     "company", "Armor Crédit"),
    ("Maëlle Corre a passé quinze ans chez Banque Iroise.", "fr", "age", None),
    # a part in the deal is no post
    ("Met Tom Varga, general manager at Lakeview Inn. He's the decision maker.", "en", "job_title", "general manager"),
    ("Tom Varga, 44, used to work for Lakeview Inn.", "en", "job_title", None),
    # corrections said as "no", "wait, no", "actually no"
    ("Met with Mr. Varga, no, Mr. Vargas.", "en", "last_name", "Vargas"),
    ("Tom Varga, he's 61, wait, no, 63.", "en", "age", 63),
    ("Budget is 20k, actually no, he said 25k.", "en", "budget", 25000),
    ("Tom Varga, 45, no kids.", "en", "age", 45),
    # halves of a million
    ("Projet d'atelier, budget un million et demi d'euros.", "fr", "budget", 1500000),
    ("Budget half a million for the new system.", "en", "budget", 500000),
    ("Budget two and a half million.", "en", "budget", 2500000),
    # … and what a second review found them to misfire on
    ("Loïc Amand commande pour toute l'équipe chez Vert Bocage où il est chef d'équipe.", "fr", "company",
     "Vert Bocage"),
    ("Loïc Amand gère la commande publique chez Agglo Ouest.", "fr", "company", "Agglo Ouest"),
    ("Nell Corbin orders from us every month and works at Dunmore Freight as a buyer.", "en", "company",
     "Dunmore Freight"),
    ("Loïc Amand, 62 ans chez lui à Quimper.", "fr", "age", 62),
    ("Maëlle Corre a passé dix ans chez Armor Crédit et vient d'y être promue directrice.", "fr", "company",
     "Armor Crédit"),
    ("Maëlle Corre a passé 20 ans chez Armor Crédit, où elle est aujourd'hui directrice.", "fr", "age", None),
    ("Tom Varga, 45, actually no kids yet.", "en", "age", 45),
    ("Budget 30k, wait, no rush on delivery.", "en", "budget", 30000),
    ("Budget de 50k, en fait non négociable.", "fr", "budget", 50000),
    ("Tom Varga, 45, no, 2 kids.", "en", "age", 45),
    ("Lives in Reno, no, no plans to move to Sparks.", "en", "city", "Reno"),
    ("Budget de 25k, non, 15k pour le matériel et 10k pour la pose.", "fr", "budget", 25000),
    ("Budget de vingt-deux millions et demi pour la résidence.", "fr", "budget", 22000000),
    ("Budget de 1,5 million.", "fr", "budget", 1500000),
])
def test_suppliers_years_at_a_firm_parts_in_a_deal_corrections_and_halves(extract, text, language, field, value):
    """Found by a separate agent's 240 unseen notes: "Il se fournit chez …" gave the employer, "a passé vingt ans chez"
    the age 20, "He's the decision maker" the post, "he's 61, wait, no, 63" 61, "un million et demi" 1000000."""
    assert extract(text, language).get(field) == value


@pytest.mark.parametrize(("text", "language", "field", "value"), [
    # "chez <Name>, N" after a post is the client's employer and the client's age
    ("Odile Brassac, comptable chez Armand Picot, 34 ans, à Albi.", "fr", "company", "Armand Picot"),
    ("Odile Brassac travaille chez Armand Picot, 12, rue des Lilas à Albi.", "fr", "first_name", "Odile"),
    ("Passé chez Armand Picot, 3 ans déjà qu'on travaille ensemble.", "fr", "company", "Armand Picot"),
    ("Dana Whitfield works for Hale Fenwick, 44 years old, lives in Omaha.", "en", "company", "Hale Fenwick"),
    # a pronoun after a co-worker's mention is the client's, whatever its gender
    ("Vu Nadège Ferrand. Sa secrétaire gère l'agenda, elle a 47 ans.", "fr", "age", 47),
    ("Lunch with Curtis Baylor. His secretary booked it. He's 60, cell 303 555 0142.", "en", "phone", "+13035550142"),
    ("Met Tara Quinlan, the assistant of Dr Ocampo, she's 33, lives in Boise.", "en", "city", "Boise"),
    # "contact:" after a relative gives the relative's number, not a new subject
    ("Dana Whitfield. Son fils, contact : 06 31 72 48 90.", "fr", "phone", None),
    ("Dana Whitfield. His wife runs the books, contact: 303 555 0186.", "en", "phone", None),
    ("Dana Whitfield, 51. Her boss, lead: 303 555 0142.", "en", "phone", None),
    ("Nadège Ferrand. Sa mère, prospect : 71 ans, Montauban.", "fr", "age", None),
    ("Armelle Quintin, 02 345 67 89.", "fr", "phone", None),  # a French number short of a digit, not a Belgian one
    # an address with more than someone else's names, or of a relative named through another person
    ("Vu Louise Castaing, gérante de la boutique Chez Louise. Sa fille Louise l'aide. Mail : chez.louise@gmail.com",
     "fr", "email", "chez.louise@gmail.com"),
    ("Met Glen Pell's wife Nora, she's the decision maker, email nora.pell@fastmail.com", "en", "email",
     "nora.pell@fastmail.com"),
    # budgets compared with or agreed in a past period are this one's
    ("Budget 25k same as last year.", "en", "budget", 25000),
    ("He has had a 40k budget since last year.", "en", "budget", 40000),
    ("Budget this year 30k vs last year 20k.", "en", "budget", 30000),
    ("Previous budget was 10k, new budget 18k.", "en", "budget", 18000),
    ("Il confirme le budget de 20 000 euros évoqué la dernière fois.", "fr", "budget", 20000),
    ("Elle a levé 2 millions l'an dernier mais pour nous le budget c'est 40 000 euros.", "fr", "budget", 40000),
    ("Il garde 15 000 euros de budget comme l'an dernier.", "fr", "job_title", None),
    # towns named like firms, posts that need their complement, ages in a trade's name
    ("Dana Ruiz, roofer in Red Bank.", "en", "city", "Red Bank"),
    ("Dana Ruiz lives in Grosse Pointe Farms, Michigan.", "en", "city", "Grosse Pointe Farms"),
    ("Inès Carrel, responsable du garage Dumas.", "fr", "job_title", "responsable du garage"),
    ("Dana Ruiz is a 44-year-old in business banking.", "en", "age", 44),
])
def test_counter_examples_a_review_found_for_the_second_days_rules(extract, text, language, field, value):
    """A separate agent wrote sentences each of the day's rules might misfire on; these lost a right value or
    gained a wrong one until the rules were narrowed."""
    assert extract(text, language).get(field) == value


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("Appel du cabinet Mourier. Sa secrétaire s'appelle Odile Brassac, son numéro 06 31 72 48 90.", "fr", {}),
    ("Vu Rémi Castaing, 52 ans. Son associé, M. Joël Pradier, était là aussi.", "fr",
     {"first_name": "Rémi", "last_name": "Castaing", "age": 52}),
    ("Rendez-vous avec Rémi Castaing. Sa femme s'appelle Nadine.", "fr",
     {"first_name": "Rémi", "last_name": "Castaing"}),
    ("Appel avec l'assistante de Maître Pradier. Elle s'appelle Odile Brassac.", "fr", {"last_name": "Pradier"}),
    ("His assistant is called Tara Quinlan, her number is 303 555 0186.", "en", {}),
    ("Met Wes Gorman, 44. His wife's name is Lena Gorman.", "en", {"first_name": "Wes", "last_name": "Gorman",
                                                                   "age": 44}),
    ("His secretary picked up. She's called Tara Quinlan.", "en", {}),
])
def test_a_name_given_as_a_relatives_or_co_workers_is_not_the_clients(extract, text, language, expected):
    """"Sa secrétaire s'appelle Lucie …, son numéro …" gave the secretary's name as the client's."""
    assert extract(text, language) == expected


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("Nouveau client : Rémi Castaing. Il s'appelle Rémi Castaing, 52 ans.", "fr",
     {"first_name": "Rémi", "last_name": "Castaing", "age": 52}),
    ("New client today. He's called Wes Gorman, 44, roofer in Omaha.", "en",
     {"first_name": "Wes", "last_name": "Gorman", "age": 44, "job_title": "roofer", "city": "Omaha"}),
    ("My colleague Dale Ortiz passed on this lead: Wes Gorman, 44.", "en",
     {"first_name": "Wes", "last_name": "Gorman", "age": 44}),
    ("Rencontré le patron de la boutique, Rémi Castaing, 52 ans.", "fr",
     {"first_name": "Rémi", "last_name": "Castaing", "age": 52}),
    ("Rendez-vous avec notre fournisseur, M. Joël Sabatier.", "fr", {"first_name": "Joël", "last_name": "Sabatier"}),
    ("Met Ken Ostrander's son, Ray Ostrander, who is taking over the farm.", "en",
     {"first_name": "Ray", "last_name": "Ostrander"}),
])
def test_the_clients_own_name_beside_a_relative_or_a_pronoun_stays(extract, text, language, expected):
    assert extract(text, language) == expected


@pytest.mark.parametrize(("text", "language", "email"), [
    ("Met Nora Pell, 39. Her husband Glen does the paperwork, his email is glen.pell@fastmail.com.", "en", None),
    ("Vu Rémi Castaing. Son assistante, Odile Brassac, m'a donné son mail : odile.brassac@atelier-rc.fr", "fr",
     None),
    ("Met Nora Pell. Her husband Glen does the paperwork, email is nora.pell@fastmail.com.", "en",
     "nora.pell@fastmail.com"),
    ("Vu Rémi Castaing. Son fils Rémi est là aussi. Mail : remi.castaing@laposte.net", "fr",
     "remi.castaing@laposte.net"),
])
def test_an_address_made_of_a_relatives_or_co_workers_name_is_not_the_clients(extract, text, language, email):
    """"Her husband Mark …, his email is mark.ruiz@…" gave the husband's address to the client."""
    assert extract(text, language).get("email") == email


@pytest.mark.parametrize(("text", "language"), [
    ("Client Laurent Garnier. Il est à Paris jusqu'à jeudi puis il rentre chez lui.", "fr"),
    ("Client Larry Green. He's in New York until Thursday.", "en"),
    ("Gaspard Morin est en vacances à Nice.", "fr"),
    ("Dana Kemp, on vacation in Miami.", "en"),
])
def test_a_town_the_client_is_only_passing_through_is_not_their_town(extract, text, language):
    assert "city" not in extract(text, language)


def test_the_home_town_beside_a_passing_one_is_read(extract):
    assert extract("Gaspard Morin est en vacances à Nice, il habite à Lyon.", "fr").get("city") == "Lyon"


@pytest.mark.parametrize(("text", "language", "city"), [
    ("Client Gaspard Morin, il est à Paris jusqu'à jeudi puis rentre à Nancy où il habite.", "fr", "Nancy"),
    ("Gaspard Morin, il rentre à Quimper, où il vit depuis dix ans.", "fr", "Quimper"),
    ("Dana Kemp is in Chicago until Thursday, then back to Tulsa where she lives.", "en", "Tulsa"),
    ("Dana Kemp, back in Tulsa, where she lives with her wife.", "en", "Tulsa"),
    ("Gaspard Morin travaille à Rennes où sa femme habite.", "fr", None),
])
def test_a_town_a_clause_after_it_says_the_person_lives_in_is_their_town(extract, text, language, city):
    """"… à Paris jusqu'à jeudi puis rentre à Nancy où il habite" gave no town."""
    assert extract(text, language).get("city") == city


@pytest.mark.parametrize(("text", "field"), [
    ("Dana Kemp, back in Tulsa, where she lives with her wife.", "job_title"),
    ("Dana Kemp, away until May, wants a call.", "job_title"),
    ("Dana Kemp flew in from Omaha, where her sister lives.", "company"),
    ("Dana Kemp is back from Denver next week.", "company"),
    ("Dana Kemp moved from Omaha last year.", "company"),
])
def test_where_a_person_is_or_travels_from_is_no_post_and_no_employer(extract, text, field):
    """"Larry …, back in Tulsa" gave the job "back"; "flew in from Omaha" the employer Omaha."""
    assert field not in extract(text, "en")


@pytest.mark.parametrize(("text", "language", "first", "company"), [
    ("Sa société s'appelle Brise Levage, lui c'est Didier Vasselin.", "fr", "Didier", "Brise Levage"),
    ("L'entreprise s'appelle Vert Cobalt, le contact c'est Paul Henrion.", "fr", "Paul", "Vert Cobalt"),
    ("His company is called North Hoist, he's Dennis Valdez.", "en", "Dennis", "North Hoist"),
    ("The company is Blue Quay, the contact is Dan Pierson.", "en", "Dan", "Blue Quay"),
])
def test_a_firm_named_before_the_person_is_the_firm_not_the_persons_name(extract, text, language, first, company):
    """"Sa société s'appelle Nord …, lui c'est …" gave the firm's two words as first and last name."""
    found = extract(text, language)
    assert (found.get("first_name"), found.get("company")) == (first, company)


@pytest.mark.parametrize(("text", "expected"), [
    ("Mr. Lambrecht's son Quinn, 22, runs the farm. The client is the father, Gerald Lambrecht, 68.",
     {"first_name": "Gerald", "last_name": "Lambrecht", "age": 68}),
    ("Bert Gibbons's company, Gibbons Haulage, needs a quote.",
     {"first_name": "Bert", "last_name": "Gibbons", "company": "Gibbons Haulage"}),
    ("Ann Colby's husband, Jim Colby, 50, is the client.", {"first_name": "Jim", "last_name": "Colby"}),
    ("Paul Henrion's wife's cell is 415 555 0199.", {}),
])
def test_a_possessive_name_is_never_stored_with_its_s_nor_given_what_its_relative_said(extract, text, expected):
    """"Mr. Lambert's son Quinn" gave first and last name "Lambert's"; "X's wife's cell" the client's phone."""
    assert extract(text, "en") == expected


@pytest.mark.parametrize(("text", "language"), [
    ("Call with Frederick, didn't get his last name, wants a quote.", "en"),
    ("Client Ray Mullins, born in 1961.", "en"),
    ("Saw Laura Whitby, torn between us and a competitor.", "en"),
    ("Ray Mullins, undecided.", "en"),
    ("Ray Mullins, hard to reach.", "en"),
    ("Ray Mullins, pretty busy lately.", "en"),
    ("Ray Mullins, cc his colleague.", "en"),
    ("Paul Henrion, difficile à joindre.", "fr"),
    ("Paul Henrion, le concurrent lui propose un prix.", "fr"),
])
def test_a_state_a_negation_or_a_mail_word_beside_a_name_is_no_post(extract, text, language):
    """Found by a separate agent's attack: "…, didn't get his last name" gave the job "didn't get"."""
    assert "job_title" not in extract(text, language)


def test_someone_else_of_the_clients_name_gives_nothing(extract):
    found = extract("Her name is Emma Walden, not the Emma Walden from Reno.", "en")
    assert found == {"first_name": "Emma", "last_name": "Walden"}


@pytest.mark.parametrize(("text", "language", "job"), [
    ("Contact Noémie Charvet, charpentière ? non, architecte d'intérieur à Annecy.", "fr", "architecte d'intérieur"),
    ("Ludovic Ferrant, directeur, enfin directeur adjoint, de l'agence.", "fr", "directeur adjoint"),
    ("Contact Nora Carr, carpenter? no, interior designer in Boulder.", "en", "interior designer"),
    ("Luke Farrell, director, well, deputy director, of the branch in Erie.", "en", "deputy director"),
])
def test_a_post_the_speaker_corrects_gives_way_to_the_post_said_after(extract, text, language, job):
    """Found by a separate agent's attack: "charpentière ? non, architecte d'intérieur" stored "charpentière"."""
    assert extract(text, language).get("job_title") == job


@pytest.mark.parametrize(("text", "language", "age"), [
    ("Dana Kemp, 45, well, she wants a quote.", "en", 45),  # a filler word, nothing corrected
    ("Nicolas Dupré a 30 ans, en juin il déménage.", "fr", 30),
    ("Nick Dorsey turns 40 next year.", "en", None),
    ("Nick Dorsey will be 40 in May.", "en", None),
    ("Nick Dorsey just turned 40.", "en", 40),
    ("Nicolas Dupré, il a 40 ans l'année prochaine.", "fr", None),
    ("Nicolas Dupré a 30 ans en juin.", "fr", None),
    ("Nicolas Dupré va avoir 30 ans.", "fr", None),
    ("Paul Henrion, ça fait 20 ans qu'il est dans le métier.", "fr", None),
    ("Paul Henrion, 52 ans, ça fait 20 ans qu'il est boulanger.", "fr", 52),
    ("Paul Henrion, son bâtiment a 60 ans.", "fr", None),
    ("Gus Halloran, his building is 60 years old.", "en", None),
    ("Gus Halloran is 50, his barn is 100 years old.", "en", 50),
])
def test_an_age_to_come_a_length_of_service_or_a_things_age_is_not_the_clients_age(extract, text, language, age):
    """Found by a separate agent's attack: "il a 40 ans l'année prochaine" and "his building is 60 years old"
    were stored as the client's age."""
    assert extract(text, language).get("age") == age


@pytest.mark.parametrize(("text", "language"), [
    ("Appel avec Laetitia Gaudin, elle a un devis de 18 000 euros de chez Vortal.", "fr"),
    ("Call with Lisa Gorman, she has a quote for 18,000 from Rivalsoft.", "en"),
])
def test_the_firm_a_quote_came_from_is_not_the_clients_employer(extract, text, language):
    assert "company" not in extract(text, language)


@pytest.mark.parametrize(("text", "company"), [
    ("Lisa Gorman from Rivalsoft wants a quote.", "Rivalsoft"),
    ("Call from 503 555 0177, a guy called Max Fowler from Cascade Packaging.", "Cascade Packaging"),
    ("Nina Ortiz from Datatek called.", "Datatek"),
])
def test_a_name_with_a_firms_ending_or_trade_after_from_is_an_employer_not_a_town(extract, text, company):
    """"Max Fowler from Cascade Packaging" gave the town "Cascade Packaging"."""
    found = extract(text, "en")
    assert found.get("company") == company and "city" not in found


@pytest.mark.parametrize(("text", "language", "city"), [
    ("Client Lou Sheffer, a shepherd in Montana, has 300 sheep.", "en", None),
    ("Dana Kemp lives in Ontario.", "en", None),
    ("Paul Henrion habite en Bretagne.", "fr", None),
    ("Dana Kemp lives in New York.", "en", "New York"),  # a state named like its big town is that town
    ("Paul Henrion habite à Québec.", "fr", "Québec"),
])
def test_a_state_province_or_region_is_not_a_town(extract, text, language, city):
    """Found by a separate agent's attack: "a shepherd in Montana" gave the town "Montana"."""
    assert extract(text, language).get("city") == city


@pytest.mark.parametrize(("text", "language", "city"), [
    ("Client Lionel Moulard, il est de Nancy mais sa société Est Courtage est à Strasbourg.", "fr", None),
    ("Lionel Moulard habite à Metz, sa société est à Nancy.", "fr", "Metz"),
    ("Sa société s'appelle Nord Treuil, lui c'est Didier Vasselin, il est basé à Douai.", "fr", "Douai"),
    ("His company is called North Hoist, he's Dennis Valdez, based in Toledo.", "en", "Toledo"),
    ("Client Leon Burkett is from Omaha but his company, Plains Brokerage, is in Lincoln.", "en", None),
])
def test_the_town_of_the_clients_firm_is_not_the_clients_town(extract, text, language, city):
    assert extract(text, language).get("city") == city


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("Simon Bailey is a site foreman at Ross Buildings, the director is Mark Ross.", "en",
     {"first_name": "Simon", "last_name": "Bailey", "job_title": "site foreman", "company": "Ross Buildings"}),
    ("L'entreprise de Bertrand Girard, Girard Transports, a 25 camions.", "fr", {}),
    ("Aline Pruvot a travaillé quinze ans chez Banque Albaret, aujourd'hui elle est consultante à Biarritz.", "fr",
     {"first_name": "Aline", "last_name": "Pruvot", "job_title": "consultante", "city": "Biarritz"}),
    ("Aline Pruvot a été embauchée chez Vortal.", "fr", {"first_name": "Aline", "last_name": "Pruvot",
                                                         "company": "Vortal"}),
])
def test_more_kinds_from_the_second_attack(extract, text, language, expected):
    """A person named with their post is the client, not a later name; a firm's name is no person's; "a travaillé
    quinze ans chez" a former employer; "consultante à Biarritz" a town."""
    assert extract(text, language) == expected


def test_the_manager_of_a_place_is_a_post_not_someone_elses_relative(extract):
    assert extract("No name yet, the manager of the Old Quay restaurant in Galveston, budget 3,000.", "en").get(
        "budget") == 3000


@pytest.mark.parametrize(("text", "language", "field", "value"), [
    ("Client Paul Henrion, not the one from Austin, lives in Waco.", "en", "company", None),
    ("Paul Henrion a été dix ans chez Simcor avant de créer sa boîte.", "fr", "company", None),
    ("Paul Henrion, directeur, enfin plutôt responsable d'équipe.", "fr", "job_title", "responsable d'équipe"),
    ("Paul Henrion, son mail c'est pas paul.henrion@example.org, c'est p.henrion@example.org.", "fr", "email",
     "p.henrion@example.org"),
    ("Paul Henrion, l'email de son assistante c'est claire.roy@example.org.", "fr", "email", None),
    ("Paul Henrion, cc his colleague at dana.fox@example.org.", "en", "email", None),
    ("Paul Henrion, he's 2 hours from Denver.", "en", "company", None),
    ("Paul Henrion buys his supplies from Simcor.", "en", "company", None),
    ("Rappeler Paul Henrion de la part de Julie Faurel.", "fr", "first_name", "Paul"),
])
def test_kinds_from_the_second_attacks_single_trap_sentences(extract, text, language, field, value):
    assert extract(text, language).get(field) == value


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("Referred by Dr Alan Pierson. The client, Toby Carrow, runs a bakery.", "en",
     {"first_name": "Toby", "last_name": "Carrow"}),
    ("C'est Patricia Moulinet qui m'a recommandé ce client, Frédéric Texeira, 52 ans.", "fr",
     {"first_name": "Frédéric", "last_name": "Texeira", "age": 52}),
    ("Il a déjà vu Jérémy Colasse de chez Dataflux, notre concurrent. Notre client, Sébastien Pasquet, est DSI "
     "chez Maritel.", "fr", {"first_name": "Sébastien", "last_name": "Pasquet", "company": "Maritel",
                             "job_title": "DSI"}),
])
def test_the_client_named_as_such_wins_over_a_referrer_or_a_competitors_rep(extract, text, language, expected):
    """Found by a third separate-agent attack: the referrer or the competitor's rep named first became the client."""
    assert extract(text, language) == expected


@pytest.mark.parametrize(("text", "language", "field", "value"), [
    ("Marion Pichard, son numéro 06 12 34 56 78, ah non, 06 12 34 56 87.", "fr", "phone", "+33612345687"),
    ("Budget is 50k, well actually more like 35k.", "en", "budget", 35000),
    ("Mason Garner, sorry, Mason Gardner, 44.", "en", "job_title", None),
    ("I think he's from Reading or Slough, need to confirm, Dana Kemp.", "en", "city", None),
    ("Dana Kemp is moving to Lumora in June.", "en", "city", None),
    ("Standard de Calyxo : 01 45 67 89 10. Ligne directe de Marion Pichard : 01 45 67 89 32.", "fr", "phone",
     "+33145678932"),
    ("Standard de Calyxo : 01 45 67 89 10. Ligne directe de Marion Pichard : 01 45 67 89 32.", "fr", "first_name",
     None),
    ("Adresse générique contact@floravie.example, mais le mail perso d'Ophélie Tardif c'est "
     "ophelie.tardif@example.org.", "fr", "email", "ophelie.tardif@example.org"),
    ("Adresse générique contact@floravie.example, mais le mail perso d'Ophélie Tardif c'est "
     "ophelie.tardif@example.org.", "fr", "first_name", "Ophélie"),
    ("Old email for Ross Whitby bounced (ross@tallis.example); his new one is ross.whitby@example.org.", "en",
     "email", "ross.whitby@example.org"),
    ("His old number was 720-555-0147.", "en", "phone", None),
    ("He turned 52 years old and his new cell is 720 555 0147.", "en", "phone", "+17205550147"),
    ("Ça fait 25 ans que Denise Charpentier est chez Sylvatec.", "fr", "age", None),
    ("The 8,400 dollar quote we sent in January was turned down by Agatha Poole.", "en", "budget", None),
    ("Jeremy Vance from Quantworks.", "en", "company", "Quantworks"),
])
def test_kinds_from_the_third_attack(extract, text, language, field, value):
    assert extract(text, language).get(field) == value


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("Met Tom Reyes, a 38-year-old truck driver.", "en",
     {"first_name": "Tom", "last_name": "Reyes", "age": 38, "job_title": "truck driver"}),
    ("Met Tom Reyes, a 45-year-old business owner in Tulsa.", "en",
     {"first_name": "Tom", "last_name": "Reyes", "age": 45, "job_title": "business owner", "city": "Tulsa"}),
    ("Dana Kemp, home care nurse in Tulsa.", "en",
     {"first_name": "Dana", "last_name": "Kemp", "job_title": "home care nurse", "city": "Tulsa"}),
    ("His old number doesn't work anymore, the new one is 720 555 0147, Dana Kemp.", "en",
     {"phone": "+17205550147", "first_name": "Dana", "last_name": "Kemp"}),
    ("Dana Kemp, who sent me her plans yesterday.", "en", {"first_name": "Dana", "last_name": "Kemp"}),
    ("Dana Kemp from Delaware.", "en", {"first_name": "Dana", "last_name": "Kemp"}),
    ("Paul Martel qui m'a parlé de son projet, 45 ans.", "fr", {"first_name": "Paul", "last_name": "Martel",
                                                                "age": 45}),
    ("Anne Colin, hôtesse d'accueil, son portable 06 12 34 56 78.", "fr",
     {"phone": "+33612345678", "first_name": "Anne", "last_name": "Colin", "job_title": "hôtesse d'accueil"}),
    ("Anne Colin vient de Saint-Cloud.", "fr", {"first_name": "Anne", "last_name": "Colin", "city": "Saint-Cloud"}),
    ("Son ancien numéro ne marche plus, le nouveau c'est le 06 12 34 56 78, Anne Colin.", "fr",
     {"phone": "+33612345678", "first_name": "Anne", "last_name": "Colin"}),
])
def test_the_new_rules_leave_alone_what_they_were_not_meant_for(extract, text, language, expected):
    """Counter-examples to the day's rules: a thing's age is not a post's ("truck driver"), a receptionist's own
    phone, a new number after an old one, someone who sent plans (not a referrer), a hyphenated town."""
    assert extract(text, language) == expected


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("Called Dana Ruiz at Kestrel Farms. The client, Kestrel Farms, wants 12 new tractors.", "en",
     {"first_name": "Dana", "last_name": "Ruiz"}),
    ("Met Paul Serra. Our client, Ridley Homes, is his employer.", "en", {"first_name": "Paul", "last_name": "Serra"}),
    ("Rencontré Louise Tanguy, 35 ans. Ce client, Garage Tanguy, a trois ateliers.", "fr",
     {"first_name": "Louise", "last_name": "Tanguy", "age": 35}),
    ("Bruno Delmas, 45 ans, plutôt dynamique, veut un devis.", "fr", {"first_name": "Bruno", "last_name": "Delmas",
                                                                     "age": 45}),
    ("Kate Lyons, head of sales, um, no rush on this.", "en", {"first_name": "Kate", "last_name": "Lyons",
                                                             "job_title": "head of sales"}),
    ("Spoke to the bakery's manager, Dana Ruiz, 45, cell 312 555 0147.", "en",
     {"first_name": "Dana", "last_name": "Ruiz", "age": 45, "phone": "+13125550147"}),
    ("Rencontré la mère d'Hugo, Claire Vidal, 41 ans.", "fr", {"first_name": "Claire", "last_name": "Vidal",
                                                              "age": 41}),
    ("Margot Leroux a 47 ans que je sache.", "fr", {"first_name": "Margot", "last_name": "Leroux", "age": 47}),
    ("Brian Cole, 52, lives in Delaware, Ohio.", "en", {"first_name": "Brian", "last_name": "Cole", "age": 52,
                                                       "city": "Delaware"}),
    ("Sean Boyd from Tallis Roofing asked about the offer.", "en", {"first_name": "Sean", "last_name": "Boyd",
                                                                   "company": "Tallis Roofing"}),
    ("Dana Ruiz works at Pinebrook Dental, a competitor of BrightSmile.", "en",
     {"first_name": "Dana", "last_name": "Ruiz", "company": "Pinebrook Dental"}),
    ("Dana Ruiz lives in Boise or just outside it.", "en", {"first_name": "Dana", "last_name": "Ruiz",
                                                          "city": "Boise"}),
    ("Dana Ruiz wants a quote for a kitchen remodel, around $15,000.", "en",
     {"first_name": "Dana", "last_name": "Ruiz", "budget": 15000}),
    ("Claire Vidal, employée à Vantis depuis trois ans.", "fr", {"first_name": "Claire", "last_name": "Vidal",
                                                                "company": "Vantis"}),
    ("Message de la part de Claire Vidal, responsable achats chez Ferlin, elle veut un rappel.", "fr",
     {"first_name": "Claire", "last_name": "Vidal", "job_title": "responsable achats", "company": "Ferlin"}),
    ("Jenna Brothers, 31, nurse at Wynn Clinic.", "en", {"first_name": "Jenna", "last_name": "Brothers", "age": 31,
                                                        "job_title": "nurse", "company": "Wynn Clinic"}),
    ("Liam Orr runs a small media company called Tidewell Media.", "en",
     {"first_name": "Liam", "last_name": "Orr", "company": "Tidewell Media"}),
])
def test_counter_examples_a_review_found_for_the_days_rules(extract, text, language, expected):
    """A separate agent read the day's rules and wrote sentences each might misfire on; these had a right value
    lost (or a wrong one added) until the rules were narrowed."""
    assert extract(text, language) == expected


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("Referral from Donna Kessler: her neighbor Ruth Ashcombe, 63, wants a quote.", "en",
     {"first_name": "Ruth", "last_name": "Ashcombe", "age": 63}),
    ("Ce n'est pas Mme Dumay mais Mme Dumontel, elle a 50 ans.", "fr", {"last_name": "Dumontel", "age": 50}),
    ("Il n'a pas 45 ans mais 54 ans, Paul Girardin.", "fr", {"first_name": "Paul", "last_name": "Girardin",
                                                             "age": 54}),
    ("Visit to Hollow Creek Farms. Spoke with the son, Caleb Yoderman.", "en",
     {"first_name": "Caleb", "last_name": "Yoderman"}),
    ("Met Tom Reyes, he lives in Naples Florida.", "en", {"first_name": "Tom", "last_name": "Reyes",
                                                          "city": "Naples"}),
    ("Anne Colin, va rejoindre le groupe Alvéa comme directeur commercial le mois prochain.", "fr",
     {"first_name": "Anne", "last_name": "Colin"}),
    ("Vu Loïc Le Flochmoen, plus de 60 ans, artisan couvreur.", "fr", {"first_name": "Loïc",
                                                                       "last_name": "Le Flochmoen"}),
])
def test_kinds_from_the_fourth_attack(extract, text, language, expected):
    """Found in a fourth separate agent's notes: the referrer after "Referral from" became the client, "pas X mais
    Y" kept X, a farm's name became a person's, "Naples Florida" a town."""
    assert extract(text, language) == expected


@pytest.mark.parametrize(("text", "language", "expected"), [
    # After "from"/"de", a name no known town has: a firm (towns.is_town: GeoNames, 15,000 people or more).
    ("Call with Nadia Orwell from Lakemont Dental. They're unhappy with their supplier.", "en",
     {"first_name": "Nadia", "last_name": "Orwell", "company": "Lakemont Dental"}),
    ("Curtis Vang from Blackstone Fabrication said no.", "en", {"first_name": "Curtis", "last_name": "Vang",
                                                                 "company": "Blackstone Fabrication"}),
    ("Curtis Vang from Quillmore said no.", "en", {"first_name": "Curtis", "last_name": "Vang",
                                                    "company": "Quillmore"}),
    # … a hyphenated one may be a small town or a firm: neither.
    ("Curtis Vang from Brackley-Fenwick said no.", "en", {"first_name": "Curtis", "last_name": "Vang"}),
    ("Curtis Vang from Wexford said no.", "en", {"first_name": "Curtis", "last_name": "Vang", "city": "Wexford"}),
    ("Ben Ostrow from Ostrow Plumbing wants a quote.", "en",
     {"first_name": "Ben", "last_name": "Ostrow", "company": "Ostrow Plumbing"}),
    ("Rémi Tessier de Tessier Menuiserie, appel de courtoisie.", "fr",
     {"first_name": "Rémi", "last_name": "Tessier", "company": "Tessier Menuiserie"}),
    ("Vu Anaïs Perrot de Valmont Vins au salon.", "fr", {"first_name": "Anaïs", "last_name": "Perrot",
                                                         "company": "Valmont Vins"}),
    ("Vu Anaïs Perrot de Besançon au salon.", "fr", {"first_name": "Anaïs", "last_name": "Perrot",
                                                     "city": "Besançon"}),
    # A known town set alone beside the name is the client's town; a firm there is no town, nor a job.
    ("Client Dana Whitcombe, Norwich. She's 44.", "en", {"first_name": "Dana", "last_name": "Whitcombe",
                                                          "city": "Norwich", "age": 44}),
    ("Prospect Brandon Kettle, Kansas City, he works as an office manager.", "en",
     {"first_name": "Brandon", "last_name": "Kettle", "city": "Kansas City", "job_title": "office manager"}),
    ("Cliente Maxime Tessard, Louvain-la-Neuve. Il a 58 ans.", "fr",
     {"first_name": "Maxime", "last_name": "Tessard", "city": "Louvain-la-Neuve", "age": 58}),
    ("Kim Dae-ho, Golden Lotus BBQ. Interested in ordering tablets.", "en", {"first_name": "Kim",
                                                                            "last_name": "Dae-ho",
                                                                            "company": "Golden Lotus BBQ"}),
    ("Tom Reeder, CTO, 45.", "en", {"first_name": "Tom", "last_name": "Reeder", "job_title": "CTO", "age": 45}),
    # … while towns of several words keep their form: an article or a saint first, a place noun last.
    ("Met Tom Reeder from Salt Lake City today.", "en", {"first_name": "Tom", "last_name": "Reeder",
                                                          "city": "Salt Lake City"}),
    ("Met Tom Reeder from San Antonio today.", "en", {"first_name": "Tom", "last_name": "Reeder",
                                                       "city": "San Antonio"}),
    ("Rencontré Paul Gautrin de La Rochelle hier.", "fr", {"first_name": "Paul", "last_name": "Gautrin",
                                                           "city": "La Rochelle"}),
    ("Call with Dana Pruitt from Tulsa.", "en", {"first_name": "Dana", "last_name": "Pruitt",
                                                                    "city": "Tulsa"}),
    # "c'est" opens a post only with an article; "tout est", "s'est" never.
    ("Paul Gervais, 45 ans, plombier à Lyon. Voilà, c'est tout.", "fr",
     {"first_name": "Paul", "last_name": "Gervais", "age": 45, "job_title": "plombier", "city": "Lyon"}),
    ("Lucie a payé l'acompte. Tout est calé de son côté.", "fr", {}),
    ("lucie a eu un souci avec sa caisse c'est réglé", "fr", {}),
    ("On s'est vus lundi avec Marc Aubrac pour le chantier.", "fr", {"first_name": "Marc", "last_name": "Aubrac"}),
    ("Marc Aubrac, c'est le gérant, il a 50 ans.", "fr", {"first_name": "Marc", "last_name": "Aubrac",
                                                          "job_title": "gérant", "age": 50}),
])
def test_kinds_from_the_fifth_attack(extract, text, language, expected):
    """Found in a fifth agent's notes: a firm named by its trade after "from" became a city, "c'est tout" and
    "c'est réglé" became job titles."""
    assert extract(text, language) == expected


@pytest.mark.parametrize(("text", "language", "expected"), [
    # A filler or pointer after a post is no part of it.
    ("J'ai eu Madame Odile Ferrat au téléphone. Elle est responsable des achats là-bas.", "fr",
     {"first_name": "Odile", "last_name": "Ferrat", "job_title": "responsable des achats"}),
    ("Odile Ferrat travaille chez Vantel en tant que directrice financière du coup, basée à Tours.", "fr",
     {"first_name": "Odile", "last_name": "Ferrat", "company": "Vantel", "job_title": "directrice financière",
      "city": "Tours"}),
    ("Met Kurt Ambler, a plant manager over at Dunmore Steel, he's 50.", "en",
     {"first_name": "Kurt", "last_name": "Ambler", "job_title": "plant manager", "company": "Dunmore Steel",
      "age": 50}),
    ("Spoke to the buyer over at Dunmore Steel, Kurt Ambler.", "en",
     {"first_name": "Kurt", "last_name": "Ambler"}),
    # A word spelled letter by letter is one word, and a spelling of the word before it is that word.
    ("New client Lena Marsh, email l-m-a-r-s-h at harbor.com.", "en",
     {"first_name": "Lena", "last_name": "Marsh", "email": "lmarsh@harbor.com"}),
    ("Le client s'appelle Yves Pradel, P-R-A-D-E-L, 52 ans.", "fr",
     {"first_name": "Yves", "last_name": "Pradel", "age": 52}),
    ("Correction on the last name, it's Quill, Q-U-I-L-L.", "en", {"last_name": "Quill"}),
    ("Mise à jour. Nom de famille, c'est Pradel.", "fr", {"last_name": "Pradel"}),
    # After a noun that is no person, "c'est" names that thing.
    ("Appel avec Odile Ferrat. L'entreprise, c'est Vantel Industrie. Elle a 41 ans.", "fr",
     {"first_name": "Odile", "last_name": "Ferrat", "company": "Vantel Industrie", "age": 41}),
    ("Appel avec Odile Ferrat. Leur fournisseur, c'est Norvel Conseil.", "fr",
     {"first_name": "Odile", "last_name": "Ferrat"}),
    ("Bonjour, c'est Odile Ferrat, 41 ans.", "fr", {"first_name": "Odile", "last_name": "Ferrat", "age": 41}),
])
def test_more_kinds_from_the_fifth_attack(extract, text, language, expected):
    """Also from the fifth agent's notes: "là-bas", "du coup" and "over" glued to posts, spelled letters kept with
    their hyphens in addresses, "L'entreprise, c'est …" read as a person."""
    assert extract(text, language) == expected


@pytest.mark.parametrize(("text", "language", "expected"), [
    # A capitalised item ending its sentence beside a name, no town, post, day or country: the employer.
    ("Dernier appel avec Odile Ferrat, Optique Marsan. Elle a signé le contrat.", "fr",
     {"first_name": "Odile", "last_name": "Ferrat", "company": "Optique Marsan"}),
    ("Yann Le Duff, Biomarée. Besoin de 200 kits.", "fr",
     {"first_name": "Yann", "last_name": "Le Duff", "company": "Biomarée"}),
    ("Nora Quill, 52, chief engineer, Baltic Freight. Budget 80k.", "en",
     {"first_name": "Nora", "last_name": "Quill", "age": 52, "job_title": "chief engineer",
      "company": "Baltic Freight", "budget": 80000}),
    # … but a post, a day, a country or a town there is none.
    ("Nora Quill, Account Manager. She wants a demo.", "en", {"first_name": "Nora", "last_name": "Quill",
                                                             "notes": "She wants a demo"}),
    ("Nora Quill, Pharmacist.", "en", {"first_name": "Nora", "last_name": "Quill"}),
    ("Nora Quill, Monday.", "en", {"first_name": "Nora", "last_name": "Quill"}),
    ("Nora Quill, Canada.", "en", {"first_name": "Nora", "last_name": "Quill"}),
    ("Nora Quill, Tulsa.", "en", {"first_name": "Nora", "last_name": "Quill", "city": "Tulsa"}),
])
def test_a_capitalised_item_beside_a_name_is_its_employer_unless_a_post_a_day_a_country_or_a_town(
        extract, text, language, expected):
    """Found in follow-up notes of a fifth agent: "Name, Firm." is how salespeople open a note; the firm was lost."""
    assert extract(text, language) == expected
