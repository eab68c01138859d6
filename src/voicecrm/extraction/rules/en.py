"""English cues: how English speakers introduce a name, an age, an employer, a city, a budget."""

from __future__ import annotations

from .lexicon import Lexicon

# Clause start: beginning of the text, after a sentence or clause mark, or after a greeting.
_START = r"(?:^|[.!?;,:]\s*|\b(?:hi|hello|hey|good morning|good afternoon|yes|yeah|ok|okay|so|well)\b[ ,!.]*)"
_NOW = r"(?:now\s+|currently\s+|recently\s+|just\s+|actually\s+)?"
# An age said as an adjective between the article and the job ("a 42-year-old nurse").
_AGED = r"(?:\d{1,3}\s*-?\s*(?:years?|yrs?)\s*-?\s*old\s+)?"
# A job said as new or current in its post ("she's the new purchasing manager"); "former" is not a current job.
_IN_POST = r"(?:(?:new|current|acting|interim)\s+)?"

ENGLISH = Lexicon(
    code="en",
    markers=frozenset(
        "i i'm my me he she his her is am are the a an and at in of for with from this that name "
        "years old lives live work works based phone number email new client call met just "
        "moved cell update quick you can reach budget around dollars as has now dot here speaking "
        "was were been be it's he's she's who what".split()
    ),
    name_cues=(
        (r"\bmy (?:full )?name(?:'s| is)\s+", 0.95),
        (r"\bname's\s+", 0.9),
        (_START + r"this is\s+", 0.9),
        (r"\b(?:i'm|i am)\s+", 0.85),
        (r"(?<!name)" + _START + r"it's\s+", 0.8),  # not "the last name, it's Sharma"
        (r"\b(?:his|her|their|the client's|the customer's) (?:full )?name(?:'s| is)\s+", 0.9),
        (r"\b(?:guy|man|woman|lady|owner|buyer|contact|lead|prospect)'s (?:full )?name(?:'s| is)\s+", 0.85),
        (r"\b(?:he|she|they) (?:is|are|'s) called\s+", 0.9),
        # A new name (a marriage): said last, it is the one the record takes.
        (r"\b(?:she|he) (?:goes|now goes) by\s+|\b(?:her|his) (?:new|married) name is\s+", 0.97),
        (r"\b(?:called|named)\s+", 0.8),
        # "Referred by Dr Alan Pierce. The client, Toby Carr, …": the client named as such, over a name before (a
        # firm named so, "Our client, Ridley Homes", is no name: Finder._add_name).
        (r"\b(?:the|our|this|my) (?:client|customer|prospect)\s*[,:]\s*", 0.9),
        # "The company is Blue Harbor, the contact is Dan Pierce": who the note is about, after the firm.
        (r"\b(?:the|our|my) (?:client|customer|contact|contact person)\s+is\s+"
         r"(?:the\s+(?:father|mother|son|daughter|husband|wife|owner|boss|manager)\s*,?\s*)?", 0.85),
        (r"\bnew (?:client|customer|contact|prospect|lead|account)s?\s*[:,.-]?\s*", 0.9),
        (_START + r"(?:client|customer|contact|prospect|lead|name|full name)\s*[:,-]\s*", 0.9),
        (r"\b(?:met|meeting|meet|call|called|spoke|speaking|talked|talking|chatted|chatting|lunch|"
         r"dinner|coffee|catch-up|follow-up|follow up|followup|check-in|phone|notes|session|conversation|"
         r"appointment|interview|visit|demo)\s+"
         r"(?:up\s+|recap\s+|summary\s+|notes\s+|report\s+)?(?:with|to|for)\s+", 0.9),
        (r"\b(?:just\s+)?(?:met|phoned|emailed|visited|saw|reached)\s+", 0.85),
        (r"\b(?:call|message|email|note|voicemail)\s+from\s+", 0.85),  # "lead from …" is a referrer
        (r"\bon behalf of\s+", 0.8),
        # A follow-up note opening on its verb names the client after it: "Call back Frank Doyle on Monday".
        (r"(?:^|[.!?;]\s*)(?:call(?: back)?|ring|phone|email|text|ping|chase|follow up with)"
         r"\s+(?=(?-i:[A-Z]))", 0.8),
        (r"\bnew\s+(?:cell|cell phone|number|phone|phone number|mobile|mobile number|email|e-mail|"
         r"address|email address|contact details|job|role|position|title|budget|city)\s+(?:for|of)\s+", 0.8),
        (r"\b(?:update|note|notes|info|reminder|follow-up|memo)\s+(?:for|on|about|regarding|re)\s+", 0.8),
        (r"\b(?=(?:Mr|Mrs|Ms|Miss|Mx|Dr|Doctor|Prof|Professor)\.?\s+[A-Z])", 0.85),
    ),
    name_after_cues=(
        (r"\s+(?:speaking|here|calling|on the line|on the phone)\b", 0.9),
    ),
    first_name_cues=((r"\b(?:first|given) name\s*(?:[:,-]|is)\s*", 0.9),),
    # "last name: Sharma", "the last name, it's Sharma"
    last_name_cues=((r"\b(?:(?:last|family) name|surname)\s*(?:[:,-]\s*(?:it's|it is)?|is)\s*", 0.9),),
    titles=frozenset("mr mrs ms miss mx dr doctor prof professor sir".split()),
    company_cues=(
        (r"\b(?:work|works|working|worked|employed|employee|intern|consultant)\s+" + _NOW
         + r"(?:at|for|by)\s+", 0.9),
        (r"\b(?:i'm|i am|he's|he is|she's|she is|they're|they are|(?:has|have|'s|'ve) been)\s+" + _NOW
         + r"(?:at|with)\s+", 0.8),
        (r"\b(?:joined|joins|joining|moved over to|switched to)\s+", 0.85),
        (r"\b(?:job|position|role|career|internship|post)\s+(?:at|with)\s+", 0.85),
        # "Rebecca Collins from Brightloom", but "I'm from Boston" is a place (a city cue below).
        # "flew in from Omaha", "back from Denver", "moved from Reno": travel or a move, not an employer.
        (r"(?<=[a-z])(?<!'m)(?<!\bis)(?<!\bam)(?<!\bare)(?<!'s)(?<!'re)(?<!come)(?<!comes)(?<!originally)(?<!\band)"
         r"(?<!\bback)(?<!\bcame)(?<!coming)(?<!arrived)(?<!\bflew)(?<!flying)(?<!\bdrove)(?<!driving)"
         r"(?<!moved)(?<!moving)(?<!relocated)(?<!returned)(?<!\baway)"
         # "2 hours from Denver", "buys his supplies from Simco": a distance, a supplier
         r"(?<!hours)(?<!\bhour)(?<!minutes)(?<!miles)(?<!\bkm)(?<!\bfar)(?<!\bdrive)(?<!supplies)(?<!ordered)"
         r"(?<!\bbuys)(?<!bought)(?<!flew in)(?<!came in)(?<!flying in)(?<!coming in)(?<!referral)"
         r" from\s+", 0.75),
        (r"\b(?:company|employer|organization|organisation|firm|business)(?: name)?\s*(?:[:,-]|is)\s*",
         0.9),
        # "runs a company called Tidewell", "the firm is called …" (but "The agency called Dana twice": a verb)
        (r"\b(?:(?:a|an|his|her|their|its)\s+(?:[\w-]+\s+){0,2}(?:company|firm|business|agency|shop|store|startup|"
         r"start-up|brand)|"
         r"(?:company|firm|business|agency|shop|store|startup|start-up|brand)(?:\s+is|'s))\s+(?:called|named)\s+",
         0.9),
    ),
    city_cues=(
        (r"\b(?:live|lives|living|lived|based|located|residing|resides|reside|settled|staying|"
         r"headquartered)\s+" + _NOW + r"(?:in|at|out of|near)\s+", 0.9),
        (r"\b(?:moved|moving|moves|move|relocated|relocating|relocate|relocates)\s+(?:back\s+)?"
         r"(?:over\s+)?(?:to|in)\s+", 0.9),
        (_START + r"(?:city|town|location|hometown)\s*[:,-]\s*", 0.9),
        # (Not "originally from": a hometown, not where the client lives or works.)
        (r"\b(?:i'm|i am|he's|he is|she's|she is|they're|they are|comes?)\s+from\s+(?!originally\b)", 0.75),
        # "she is 44 and from Tacoma", "he's 38, from Reno": the age, then where the person is from.
        (r"\b(?:i'm|i am|he's|he is|she's|she is|they're|they are|is)\s+\d{1,3}(?:\s*(?:years?|yrs?)\s*old)?"
         r"\s*(?:,|and)\s+from\s+", 0.75),
        (r"(?:\b(?:is|am|are)|(?<=\w)'(?:s|re|m))\s+" + _NOW + r"in\s+", 0.65),
    ),
    city_after_company=r"\s*,?\s*(?:in|based in|out of)\s+",
    job_cues=(
        (r"\b(?:works|working|work|worked|employed|hired|started|serves|serving|joined)\s+as\s+"
         r"(?:an?\s+|the\s+)?", 0.85),
        (r"\bas\s+(?:an?|the)\s+", 0.85),
        (r"\b(?:promoted|appointed)\s+(?:to\s+|as\s+)?(?:an?\s+|the\s+)?", 0.85),
        (r"\bnamed\s+(?:to\s+|as\s+)(?:an?\s+|the\s+)?", 0.85),
        (r"\b(?:became|become|becomes)\s+(?:an?|the)\s+", 0.85),
        (r"\bnew (?:role|position|job|title) (?:as|is)\s+(?:an?\s+|the\s+)?", 0.85),
        (r"\b(?:my|his|her|their) (?:job|job title|title|position|role|occupation|profession) is\s+"
         r"(?:an?\s+|the\s+)?", 0.85),
        (_START + r"(?:job title|title|position|role|occupation|job|profession)\s*[:,-]\s*", 0.9),
        # "Role is store manager.", "…, role is product manager, …"
        (r"(?:^|[.!?;,]\s*)(?:job title|title|position|role|occupation|job|profession) is\s+(?:an?\s+|the\s+)?", 0.85),
        # "met a 51-year-old accountant at Harbor Bank": the age adjective announces the person's job.
        (r"\ban?\s+\d{1,3}\s*-?\s*(?:years?|yrs?)\s*-?\s*old\s+", 0.8),
    ),
    job_predicate_cues=(
        (r"\b(?:i'm|i am|he's|he is|she's|she is|they're|they are|is)\s+" + _NOW + r"(?:an?|the)\s+" + _AGED + _IN_POST,
         0.85),
    ),
    job_company_link=r"(?:over\s+)?at",
    age_patterns=(
        (r"(?P<v>\d{1,3})\s*(?:-\s*)?(?:years?|yrs?)(?:\s*-\s*|\s+)old\b", 0.9),
        (r"\baged?\s*[:,-]?\s*(?P<v>\d{1,3})\b", 0.85),
        (r"\bage (?:is|of)\s+(?P<v>\d{1,3})\b", 0.85),
        (r"\b(?:i'm|i am|he's|he is|she's|she is|is|am|turned|turns|turning)\s+" + _NOW
         + r"(?P<v>\d{1,3})\b(?!\s*(?:[\d%$€]|k\b|percent|dollars|euros|million|thousand|years? ago|(?:to|or)\s+\d|"
         r"months?|weeks?|days?|minutes?|hours?|am\b|pm\b|o'clock|[.,:]\d))", 0.85),
        (r"\b(?P<v>\d{1,3})\s*(?:years?|yrs?) of age\b", 0.9),
    ),
    age_not_before=r"\b(?:for|since|in|over|about|than|past|last|next|within|after|ago|of|the|these|those|"
    r"experience|contract)\s*$",
    age_other_owner=r"\b(?:son|sons|daughters?|kids?|children|child|baby|grandchildren|wife|husband|partner|"
    r"spouse|father|mother|dad|mom|parents?|brother|sister|dog|cat|car|house|company|business|firm|agency|"
    r"store|contract|budget|price|cost|quote|total|amount|order|deal|invoice)\b",
    budget_cues=(
        (r"\bbudget\b", 0.9),
    ),
    spend_cues=(
        (r"\b(?:spend|spending|invest|investing|allocate|afford|willing to pay|can pay)\b", 0.8),
        (r"\b(?:up to|maximum|max|cap of)\b", 0.6),
    ),
    notes_cues=(
        (_START + r"(?:notes?|remarks?|comments?|ps|fyi|nb)\s*[:,-]\s*", 0.9),
        (r"\b(?:a|the) note\s*:\s*", 0.9),
        (r"\b(?:he|she|they) (?:is|are|'s|'re) (?:very |really )?interested in\s+", 0.7),
        (r"\b(?:he|she|they) (?:wants|wanted|would like|is looking for|needs)\s+", 0.7),
    ),
    stop_words=frozenset(
        "at for with in on from by of and or but who which that since as based located living lives "
        "i i'm we you he she they it me him them "
        "is was are were has have had will would to the a an his her their my our your its this "
        "these those phone email mail budget years old around about near where when while then "
        "works work working worked live lives lived now currently still also recently just".split()
    ),
    not_job=frozenset(
        "great good nice big huge very really quite new old young happy interested fan friend "
        "client customer person guy lady man woman bit lot little few couple part member one way "
        "pleasure priority good-fit fit match deal lead prospect referral contact half former ex previous "
        "works work working worked lives live living called calling is was has "
        "had wants looking moved speaking here joined reached based currently now also just same ok okay originally "
        "patient supplier shareholder investor volunteer subscriber key crucial critical important central essential "
        "limited unclear minor major vital "
        # What one has with a firm, not a post ("…, a call with Brightloom", "the meeting at Orbis").
        "call calls meeting meetings lunch dinner coffee chat demo visit conversation appointment interview "
        "catch-up follow-up trip trips breakfast drink drinks discussion presentation webinar negotiation "
        "proposal deadline complaint problem issue message "
        # How a person is or what was said of them, set beside their name ("…, born in 1961", "…, hard to
        # reach", "…, not the one from Reno", "…, cc his colleague"): a state, a negation or a mail word.
        "not no never born torn pretty hard easy tough tricky undecided unsure sure busy keen eager "
        "reluctant hesitant skeptical sceptical unhappy upset angry annoyed worried excited tired "
        "cc bcc fyi re fwd regarding about maybe probably possibly definitely still already again "
        "sorry oops um uh er erm actually over under nearly almost".split()
    ),
    not_name=frozenset(
        "switchboard "
        "hi hello hey good morning afternoon evening yes yeah no ok okay so well thanks thank "
        "i i'm he she they we you it it's his her their our my your the a an this that these those "
        "new client customer contact prospect lead name call calls notes note meeting met just quick "
        "update email e-mail mail phone cell mobile number budget age city company title position "
        "role job occupation address follow-up follow followup today tomorrow yesterday monday "
        "tuesday wednesday thursday friday saturday sunday january february march "
        "july september october november december mr mrs ms miss dr doctor professor sir "
        "is at and or but for from with in on by of to as dear regarding re subject summary "
        "reminder urgent important also then next first last "
        # Headers a dictated note opens with ("Call summary.", "Intake form."): never a name.
        "recap report memo minutes debrief profile intake form overview details briefing dictation "
        "voicemail voice log entry record card sheet visit review "
        # What a follow-up note opens with ("Call back Frank Doyle", "Email Dana Kemp the deck"): a verb.
        "ring phone text ping remind send schedule book reach contact meet chase check confirm "
        "mister missus".split()
    ),
    labels=frozenset(
        "name,full name,first name,last name,surname,contact,client,customer,prospect,lead,new client,"
        "new customer,new contact,new prospect,new lead,age,city,town,location,hometown,company,employer,"
        "organization,organisation,role,title,job title,job,position,occupation,profession,phone,"
        "phone number,mobile,cell,cell phone,number,email,e-mail,email address,budget,new company,new employer,"
        "new job,new title,new role,new position,new city,new phone,new number,new email".split(",")
    ),
    strong_name_cues=(
        (r"\bmy (?:full )?name(?:'s| is)\s+", 0.85),
        (r"\b(?:she|he) (?:goes|now goes) by\s+|\b(?:her|his) (?:new|married) name is\s+", 0.85),
        (r"\bname's\s+", 0.8),
        (r"\b(?:his|her|their|the client's|the customer's) (?:full )?name(?:'s| is)\s+", 0.8),
        (_START + r"(?:client|customer|contact|prospect|lead|name|full name)\s*[:,-]\s*", 0.8),
        (r"\bnew (?:client|customer|contact|prospect|lead)s?\b\s*[:,.-]?\s*", 0.8),
    ),
    bare_label_cues=((_START + r"(?:client|customer|contact|prospect)\s+", 0.85),),
    origin_link=r"\s+from\s+",
    place_link=r"in",
    job_after_employer=r"\s+and\s+(?:an?|the)\s+",
    appositive_article=r"(?:an?|the)\s+",
    appositive_link=r"(?:(?:over\s+)?at|with)",  # "a CTO over at Ironbridge"
    misheard_job_cue=r"\bwork(?:s|ed|ing)?\s+and\s+an?\s+",
    misheard_job_link=r"(?:at|with|for)",
)
