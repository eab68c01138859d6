"""French cues: how French speakers introduce a name, an age, an employer, a city, a budget."""

from __future__ import annotations

from .lexicon import Lexicon

# Clause start: beginning of the text, after a sentence or clause mark, or after a greeting.
_START = r"(?:^|[.!?;,:]\s*|\b(?:bonjour|bonsoir|salut|allô|allo|oui|alors|bon|voilà)\b[ ,!.]*)"
# "L'entreprise, c'est Boréal Logiciels", "le nom, c'est Aubry": after a noun that is not a person, "c'est" names
# that thing, not the person the note is about.
_NOT_A_PERSON_BEFORE = "".join(
    rf"(?<!{noun})" for noun in ("entreprise", "société", "boîte", "boite", "fournisseur", "concurrent",
                                   "prestataire", "structure", "enseigne", "nom", "prénom", "famille", "ville",
                                   "adresse", "numéro", "mail", "poste", "métier", "budget"))
_NOW = r"(?:maintenant\s+|désormais\s+|aujourd'hui\s+|actuellement\s+|dorénavant\s+|depuis peu\s+)?"

FRENCH = Lexicon(
    code="fr",
    markers=frozenset(
        "je j' il elle est et à au aux chez le la les un une des du de avec mon ma mes son sa ses "
        "nouveau nouvelle numéro téléphone ans bonjour habite travaille appelle moi c'est pour "
        "dans sur adresse société entreprise ville qui que rendez-vous vous nous client cliente "
        "a maintenant déménagé portable budget environ euros comme mise jour petite nouvel arobase "
        "point ans adresse mail joindre téléphone appareil ici été ont sont être".split()
    ),
    name_cues=(
        (r"\bje m'appelle\s+", 0.95),
        (r"\bje me nomme\s+", 0.95),
        (r"\bje me présente\s*[:,.]?\s*", 0.95),
        (r"\bmoi,? c'est\s+", 0.95),
        (r"\bmon nom(?: complet)?,? (?:est|c'est)\s+", 0.95),
        (_NOT_A_PERSON_BEFORE + _START + r"c'est\s+", 0.85),
        (_START + r"ici\s+", 0.85),
        (r"\bje suis\s+", 0.85),
        (r"\b(?:il|elle|le client|la cliente)? ?s'appelle\s+", 0.9),
        # A new name (a marriage): said last, it is the one the record takes.
        (r"\b(?:elle|il) s'appelle (?:maintenant|désormais)\s+|\bson nom d'épouse,? (?:est|c'est)\s+", 0.97),
        (r"\b(?:il|elle) se nomme\s+", 0.9),
        # "C'est Patricia Moulin qui m'a recommandé ce client, Frédéric Texier": the client named as such.
        (r"\b(?:notre|le|ce|mon|cette|la|ma) (?:client|cliente|prospect)\s*[,:]\s*", 0.9),
        # "Sa société s'appelle Nord Levage, lui c'est Didier Vasseur": who the note is about, after the firm.
        (r"\b(?:le|la|notre|mon|ma) (?:client|cliente|contact|interlocuteur|interlocutrice)\s+(?:c'est|est)\s+",
         0.85),
        (r"\bnouv(?:eau|elle)s? (?:client|cliente|contact|prospect|lead|fiche)s?\s*[:,.-]?\s*", 0.9),
        (_START + r"(?:client|cliente|contact|prospect|nom complet|identité|interlocuteur|"
         r"interlocutrice)\s*[:,-]\s*", 0.9),
        (r"\b(?:rendez-vous|rdv|réunion|rencontre|entretien|échange|appel|déjeuner|dîner|café|visio|"
         r"entrevue|conversation|discussion|point)\s+(?:téléphonique\s+|rapide\s+|client\s+)?avec\s+", 0.9),
        (r"\b(?:rencontré|rappelé|appelé|contacté|eu|avoir|vu|croisé|reçu)\s+", 0.85),
        # A follow-up note opening on its verb names the client after it: "Rappeler Isabelle Faure mardi".
        (r"(?:^|[.!?;]\s*)(?:rappeler|relancer|appeler|recontacter|contacter|joindre|rencontrer|revoir)"
         r"\s+(?=(?-i:[A-ZÀ-Ý]))", 0.8),
        (r"\b(?:appel|message|coup de fil|mail|visite|nouvelles?)\s+(?:de la part\s+)?(?:de|d')\s*", 0.8),
        # Below a name read before it: "Rappeler Paul Henry de la part de Julie Faure" is about Paul Henry.
        (r"\bde la part (?:de|d')\s*", 0.75),
        (r"\b(?:discuté|parlé|déjeuné|échangé)\s+avec\s+", 0.85),
        (r"\b(?:fiche|compte[- ]rendu|notes?)\s+(?:d'appel\s+|de rendez-vous\s+|client\s+)?"
         r"(?:de|pour|sur|avec|concernant)\s+", 0.85),
        (r"\bnouv(?:eau|el|elle)s?\s+(?:numéro|numéro de téléphone|portable|mobile|téléphone|tél|email|e-mail|"
         r"mail|adresse|adresse e-mail|adresse mail|courriel|contact|poste|emploi|travail|budget|ville)\s+"
         r"(?:pour|de|d')\s*", 0.8),
        (r"\bmise à jour (?:pour|de|sur|concernant)\s+", 0.8),
        # "Petit point sur Hélène Faure :", "suivi pour M. Roux", "rappel concernant …".
        (r"\b(?:point|suivi|rappel|infos?)\s+(?:rapide\s+)?(?:sur|pour|concernant)\s+", 0.8),
        (r"\b(?=(?:Monsieur|Madame|Mademoiselle|M\.|Mme|Mlle|Docteur|Dr|Maître|Professeur)\s+[A-ZÀ-Þ])",
         0.85),
    ),
    name_after_cues=(
        (r"\s+(?:à l'appareil|au téléphone|au bout du fil|en ligne)\b", 0.9),
    ),
    first_name_cues=((r"\bprénom\s*(?:[:,-]|est|c'est)\s*", 0.9),),
    last_name_cues=(
        (r"\bnom de famille\s*(?:[:,-]\s*(?:c'est)?|est|c'est)\s*", 0.9),
        # "correction sur le nom, c'est Aubry": a correction of the name gives the surname.
        (r"\bcorrection (?:sur|du|pour) (?:le|son) nom\s*(?:[:,-]\s*)?(?:c'est|est)\s*", 0.9),
        (r"\bnom\s*:\s*", 0.85),
        # "…, prénom, Matthias, nom, Caron, ville, …": an item of a card dictated with commas.
        (r"(?:^|[,.]\s*)nom\s*,\s*(?=[^,]{2,30},)", 0.8),
        # "Mon prénom est Louis et mon nom est Berthier": after a first name, "nom" is the surname.
        (r"(?<=\bet )(?:mon|son|le) nom\s*(?:[:,-]|est|c'est)\s*", 0.96),
    ),
    titles=frozenset(
        "monsieur madame mademoiselle m mme mlle docteur dr maître professeur pr".split()
    ),
    company_cues=(
        (r"\bchez\s+", 0.9),
        # "à la société Orvane" names Orvane; a capitalised noun is the name's first word ("à la Société
        # Générale", "à la Banque Populaire").
        (r"\b(?:de|à|pour|dans|par) (?:la|une) (?-i:société|boîte|boite|compagnie|start-up|startup|"
         r"firme|banque|maison|entreprise|agence|enseigne|marque|PME)\s+", 0.9),
        (r"\b(?:de|à|pour|dans|par) la (?=(?-i:Société|Banque|Caisse|Compagnie|Mutuelle|Maison|Agence|Entreprise)"
         r"\s+\w)", 0.85),
        (r"\b(?:de|à|pour|dans|par) l'(?:entreprise|agence|enseigne)\s+", 0.9),
        (r"\b(?:la|sa|une|notre|leur) (?:société|entreprise|boîte|compagnie|agence)\s+", 0.85),
        (r"\b(?:société|entreprise|boîte|boite|compagnie|agence|enseigne|start-up|startup)\s+(?:s'appelle|se nomme)"
         r"\s+", 0.9),
        # "L'entreprise, c'est Boréal Logiciels", "sa boîte c'est Technoval"
        (r"\b(?:l'|la |sa |son |leur )(?:entreprise|société|boîte|boite|compagnie|employeur)\s*,?\s*c'est\s+", 0.85),
        (r"\btravaill(?:e|es|ent|ait|é)\s+" + _NOW + r"(?:pour|au sein de|au sein d')\s*", 0.85),
        # "consultante à Biarritz" names a town: a consultant "à" is somewhere, an employee "à" works for someone.
        (r"\b(?:employée?|salariée?|consultante?|stagiaire)\s+(?:de|d'|chez|pour)\s*", 0.85),
        (r"\b(?:employée?|salariée?|stagiaire)\s+à\s+", 0.8),
        (r"\bau sein (?:de|d')\s*", 0.85),
        (r"\b(?:a rejoint|rejoint|rejoindre|intégré|intègre)\s+", 0.85),
        (r"\b(?:est|a été) (?:passée?|embauchée?|recrutée?)\s+(?:chez|par)\s+", 0.9),
        (_START + r"(?:nouvelle\s+|nouvel\s+)?(?:société|entreprise|employeur|boîte|compagnie|organisation|structure)"
         r"\s*[:,-]\s*", 0.9),
    ),
    city_cues=(
        (r"\b(?:j'habite|habite|habitent|habitait|habitant|vit|vis|vivent|vivant|vivre|réside|"
         r"résides|résidant|résidante|résident|demeurante?|demeure|domiciliée?|basée?s?|installée?s?|installer|située?s?|localisée?s?|"
         r"emménagé|emménager|déménagé|déménage|déménager|déménagera|partie? vivre|mutée?|"
         r"implantée?s?)\s+" + _NOW + r"(?:à|a|sur|près de|vers)\s+", 0.9),
        # "il a son cabinet à Besançon": where the person works is their town ("sa femme a sa boutique à …" is not).
        (r"\b(?:il|elle)\s+a\s+(?:son|sa)\s+(?:cabinet|agence|boutique|magasin|atelier|commerce|étude)\s+"
         r"(?:à|a)\s+", 0.75),
        # "J'habite Nantes": habiter takes the town without a preposition (a capitalised word must follow).
        (r"\b(?:j'habite|habite|habites|habitent|habitait|habitant)\s+" + _NOW + r"(?=[A-ZÀ-Þ])", 0.85),
        (r"\b(?:est|suis|sont)\s+" + _NOW + r"(?:à|sur)\s+", 0.7),
        (_START + r"(?:nouvelle\s+)?(?:ville|localité|commune|localisation|lieu)\s*[:,-]\s*", 0.9),
        (r"\bvient de\s+", 0.6),
    ),
    city_after_company=r"\s*,?\s*(?:à|a|sur|basée? à|située? à)\s+",
    job_cues=(
        (r"\b(?:comme|en tant que|en qualité de|au poste de)\s+|\b(?:au poste d'|en tant qu')", 0.85),
        (r"\b(?:est|a été) (?:passée?|nommée?|promue?)\s+(?:au poste de\s+|au rang de\s+)?", 0.85),
        (r"\b(?:poste|rôle|fonction|métier) (?:de\s+|d')", 0.8),
        (r"\b(?:mon|son|sa|ma) (?:métier|poste|fonction|profession)\s*(?:est|c'est|:)\s*"
         r"(?:un |une |le |la |l'|de |d')?", 0.85),
        (r"\b(?:devenue?|promue?|nommée?)\s+", 0.85),
        (_START + r"(?:nouveau\s+|nouvelle\s+)?(?:poste|fonction|métier|profession|titre|rôle|intitulé)\s*[:,-]\s*",
         0.9),
    ),
    job_predicate_cues=(
        # "c'est" only with an article ("c'est la gérante"): "c'est tout", "c'est réglé" are no posts; nor is what
        # "tout est" / "s'est" / "ça est" say ("tout est calé", "on s'est vus").
        (r"\b(?:je suis|il est|elle est|c'est(?=\s+(?:un |une |le |la |l'))|"
         r"(?<!\btout )(?<!s')(?<!c')(?<!\bça )est)\s+" + _NOW + r"(?:un |une |le |la |l')?", 0.8),
        (r"\btravaill(?:e|es|ent|ait)\s+" + _NOW + r"(?:comme|en tant que)\s+", 0.85),
    ),
    job_company_link=r"chez",
    age_patterns=(
        (r"(?P<v>\d{1,3})\s*ans\b", 0.9),
        (r"\bâgée?\s+de\s+(?P<v>\d{1,3})\b", 0.9),
        (r"\b[âa]ge\s*[:,-]?\s*(?P<v>\d{1,3})\b", 0.85),
    ),
    age_not_before=r"\b(?:depuis|pendant|il y a|dans|sur|en|tous les|toutes les|de|d'|plus de|moins de|"
    r"environ|près de|durant|voilà|pour|contrat de|expérience de|ces|ça fait|ca fait|cela fait|"
    r"(?:a |avait )?(?:passé|travaillé|bossé|resté))\s*$",
    age_other_owner=r"\b(?:fils|fille|filles|enfants?|bébé|petits?-enfants?|femme|mari|épouse|époux|conjointe?|"
    r"compagne|compagnon|père|mère|parents?|frère|sœur|soeur|chien|chat|voiture|maison|société|entreprise|"
    r"boîte|agence|contrat|appartement|magasin|budget|prix|coût|devis|montant|commande|facture)\b",
    budget_cues=(
        (r"\bbudget\b", 0.9),
        (r"\benveloppe\b", 0.8),
    ),
    spend_cues=(
        (r"\b(?:prête?|disposée?|compte|pense|souhaite|veut|peut)\s+(?:à\s+)?(?:dépenser|investir|"
         r"mettre|allouer|consacrer)\b", 0.8),
        (r"\b(?:jusqu'à|maximum|max|plafond de)\b", 0.6),
    ),
    notes_cues=(
        (_START + r"(?:notes?|remarques?|à noter|commentaires?|ps|nb)\s*[:,-]\s*", 0.9),
        (r"\b(?:une|la|en) (?:note|remarque)\s*:\s*", 0.9),
        (r"\b(?:il|elle) (?:est|serait) (?:très )?intéressée? par\s+", 0.7),
        (r"\b(?:il|elle) (?:cherche|recherche|souhaite|voudrait|aimerait)\s+", 0.7),
    ),
    stop_words=frozenset(
        "chez à a au aux dans pour depuis qui que et ou mais avec sur sous basé basée basés basées "
        "situé située habite vit en comme où dont il elle je j' nous vous ils elles son sa ses mon ma "
        "mes leur leurs ce cette est était sera a ont par puis donc car ni ne pas avant après vers "
        "le la les un une des du l' d' s' tél téléphone email mail budget ans an environ "
        "travaille travaillent travaillait bosse habite habitent vit vivent maintenant désormais "
        "actuellement aujourd'hui toujours encore aussi également".split()
    ),
    not_job=frozenset(
        "ok okay fournisseur fournisseuse actionnaire patient patiente abonné abonnée adhérent adhérente "
        "bénévole membre investisseur investisseuse partenaire prestataire assuré assurée hébergé hébergée "
        "inscrit inscrite "
        "intéressé intéressée intéressés motivé motivée marié mariée célibataire divorcé divorcée "
        "né née ravi ravie content contente satisfait satisfaite disponible disponibles absent absente "
        "occupé occupée pressé pressée prêt prête d'accord partant partante sûr sûre certain certaine "
        "malade en très vraiment assez trop plutôt pas toujours encore déjà ici là là-bas convenu "
        "prévu d'habitude moi toi lui elle nous vous eux elles ça cela ceci celui celle ceux un une "
        "le la les l' à au aux chez dans sur pour par avec sans de du des d' maintenant désormais "
        "aujourd'hui actuellement joignable injoignable originaire propriétaire locataire client "
        "cliente âgé âgée ok bien mal parti partie arrivé arrivée venu venue passé passée allé allée "
        "rentré rentrée revenu revenue sorti sortie resté restée tombé tombée devenu devenue "
        "travaille travaillant habite habitant vit vivant est était a avait veut "
        "cherche déménagé ici joint joignable basé basée installé installée aussi également "
        "domicilié domiciliée résidant résidante demeurant demeurante natif native "
        # Un état, un jugement ou un tiers posé après le nom ("…, difficile à joindre", "le concurrent lui
        # propose…", "…, indécis").
        "difficile facile dur dure compliqué compliquée indécis indécise hésitant hésitante sceptique "
        "mécontent mécontente fâché fâchée inquiet inquiète concurrent concurrente concurrents jamais "
        "peut-être sans doute cc pardon désolé désolée euh heu plus moins environ presque".split()
    ),
    not_name=frozenset(
        "bonjour bonsoir salut allô allo oui non merci alors bon voilà donc ensuite puis enfin "
        "standard secrétariat "
        "je j' il elle ils elles nous vous on moi lui le la les l' un une des du de mon ma mes son sa "
        "ses ton ta notre votre leur ce cette ces c'est ici client cliente nouveau nouvelle contact "
        "prospect rendez-vous rdv réunion appel email e-mail mail courriel téléphone tél portable "
        "mobile numéro budget âge age ville société entreprise poste fonction métier profession titre "
        "nom prénom adresse note notes remarque mise jour info infos suite objet "
        "monsieur madame mademoiselle docteur maître professeur lundi mardi mercredi jeudi vendredi "
        "samedi dimanche janvier février mars avril mai juin juillet août septembre octobre novembre "
        "décembre aujourd'hui demain hier est a et ou mais chez à au aux pour avec sur dans par "
        "compte-rendu compte fiche rappel urgent important "
        # Headers a dictated note opens with ("Compte rendu.", "Note vocale."): never a name.
        "rendu résumé synthèse bilan rapport récap récapitulatif mémo visite entretien vocal vocale dictée "
        "noël pâques toussaint "
        # What a follow-up note opens with ("Rappeler Isabelle Faure mardi", "Relance Hugo Sanchez"): a verb.
        "rappeler rappelle rappeller relancer relance appeler appelle contacter contacte recontacter recontacte "
        "joindre envoyer envoie renvoyer prévoir planifier caler organiser préparer prépare confirmer confirme "
        "vérifier transmettre proposer propose rencontrer revoir voir noter faire penser".split()
    ),
    labels=frozenset(
        "nom,prénom,nom de famille,contact,client,cliente,prospect,nouveau client,nouvelle cliente,"
        "nouveau contact,âge,age,ville,localité,société,entreprise,employeur,poste,fonction,métier,profession,"
        "titre,téléphone,tél,portable,mobile,numéro,email,e-mail,mail,courriel,adresse mail,adresse e-mail,"
        "budget,nouvelle entreprise,nouvelle société,nouveau poste,nouvelle fonction,nouvelle ville,"
        "nouveau numéro,nouveau téléphone,nouveau mail,nouvel email".split(",")
    ),
    strong_name_cues=(
        (r"\bje m'appelle\s+", 0.85),
        (r"\bje me nomme\s+", 0.85),
        (r"\bmon nom(?: complet)?,? (?:est|c'est)\s+", 0.85),
        (r"\b(?:il|elle|le client|la cliente)? ?s'appelle\s+", 0.8),
        (r"\b(?:elle|il) s'appelle (?:maintenant|désormais)\s+", 0.85),
        (_START + r"(?:cliente|client|contact|prospect|nom complet|nom)\s*[:,-]\s*", 0.8),
        (r"\bnouv(?:eau|elle)s? (?:clientes?|clients?|contacts?|prospects?)\b\s*[:,.-]?\s*", 0.8),
    ),
    bare_label_cues=((_START + r"(?:cliente|client|contact|prospect)\s+", 0.85),),
    origin_link=r"\s+(?:de\s+|d')",
    place_link=r"à",
)
