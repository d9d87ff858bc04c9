# ruff: noqa: E501, SIM905  (long regular expressions and word lists read better unwrapped)
"""Linguistic rules for the behaviour tags (SPEC section 4), each with a reason a trainee can read.

Rules work on the canonical word sequence of ``text.normalize`` (lowercase, contractions expanded,
ASR homophones repaired), so "im so sari" and "I'm so sorry" look the same. They are written over
word classes (feeling words, apology forms, first-person commitments, time expressions), not over
particular sentences, and every rule has vetoes for its classic false friends: the non-apology
("sorry you feel that way"), the polite dismissal ("I understand, but rules are rules"), sarcasm
built from positive words ("oh brilliant"), "I'm not blaming you, but ...".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from game.understanding.base import Evidence
from game.understanding.text import STOPWORDS, Norm, normalize, stem


def _alt(words: Iterable[str]) -> str:
    return "(?:" + "|".join(sorted(set(words), key=lambda w: (-len(w), w))) + ")"


# --- word classes ---------------------------------------------------------------------------------
FEELING = _alt(
    r"""frustrat\w* upset\w* annoy\w* angry anger angered furious livid irritat\w* infuriat\w* maddening
    stress\w* worr\w* anxious anxiety nervous scar\w* frighten\w* distress\w* disappoint\w* devastat\w*
    heartbreak\w* heartbroken gutted awful terrible horrible dreadful nightmare exhausting exhausted
    draining miserable sad hurt\w* let\s+down fed\s+up unsettling alarming panick\w* overwhelm\w*
    shock\w* embarrass\w* humiliat\w* insult\w* outrag\w* hard difficult tough rough painful
    inconvenien\w* exasperat\w* unpleasant disheartening fuming raging seething cross livid terrif\w* petrified frantic""".split()
)
STRONG_FEELING = _alt(
    r"""frustrat\w* upset\w* annoy\w* angry furious livid irritat\w* infuriat\w* maddening stress\w* worr\w*
    anxious scar\w* frighten\w* distress\w* disappoint\w* devastat\w* heartbreak\w* gutted awful
    terrible horrible dreadful nightmare exhausting miserable fed\s+up overwhelm\w* humiliat\w*
    exasperat\w* unsettling alarming fuming raging seething terrif\w* petrified frantic""".split()
)
INTENS = r"(?:(?:so|really|very|truly|terribly|genuinely|deeply|incredibly|extremely|awfully|completely|totally|absolutely|just|quite|such|a|an|bit|little|of|most|sincerely|entirely|honestly|properly|definitely|pretty|rather)\s+)*"
ACTION_VERB = _alt(
    r"""refund\w* send\w* sent book\w* call\w* phone\w* ring\w* rang email\w* text\w* arrang\w* process\w*
    revers\w* cancel\w* escalat\w* credit\w* issu\w* rais\w* log\w* replac\w* chas\w* check\w* track\w*
    trac\w* reopen\w* open\w* put\w* get\w* got move\w* moving schedul\w* reschedul\w* transfer\w*
    reset\w* unblock\w* lift\w* remov\w* clos\w* stop\w* waiv\w* reimburs\w* compensat\w* courier\w*
    ship\w* post\w* dispatch\w* deliver\w* rebook\w* reserv\w* hold\w* upgrad\w* swap\w* exchang\w*
    fix\w* repair\w* restor\w* reconnect\w* reactivat\w* activat\w* confirm\w* updat\w* contact\w*
    speak\w* talk\w* pass\w* forward\w* report\w* record\w* file\w* submit\w* investigat\w* review\w*
    inspect\w* pull\w* take\w* taking took add\w* apply\w* applied offer\w* give\w* giving gave
    pay\w* paid cover\w* bring\w* brought come\w* visit\w* collect\w* return\w* label\w* flag\w*
    message\w* write\w* writing wrote note\w* raise\w* push\w* prioriti\w* expedit\w* fast\w*track\w*
    authori\w* approv\w* void\w* knock\w* discount\w* comp\w* find\w* found locat\w* trac\w* look\s+up
    pull\s+up follow\w*""".split()
)
TIME = _alt(
    r"""today tonight tomorrow now immediately straight\s+away right\s+away as\s+we\s+speak within\s+\w+
    by\s+\w+ this\s+(?:morning|afternoon|evening|week) next\s+(?:hour|day|week|monday|tuesday|wednesday|thursday|friday|saturday|sunday)
    monday tuesday wednesday thursday friday saturday sunday end\s+of\s+(?:the\s+)?day in\s+\w+\s+(?:minutes|hours|days)
    first\s+thing asap before\s+\w+ on\s+the\s+\w+ at\s+\d+ between\s+\d+ \d+\s*(?:am|pm) o\s+clock
    (?:one|two|three|four|five|ten|twenty|thirty|\d+)\s+(?:to\s+\w+\s+)?(?:minutes|hours|days|working\s+days|business\s+days)
    """.split()
)
FIRST_PERSON_FUTURE = r"(?:i|we)\s+(?:will|am\s+going\s+to|are\s+going\s+to|can|have|have\s+just|have\s+already|am|are|just|already|would\s+like\s+to|want\s+to|shall|must|need\s+to|(?:will|can)\s+(?:also|now|just|personally|definitely))\s+"
SECOND_PERSON_WRONGDOING = _alt(
    r"""clicked pressed typed entered selected chose picked ordered\s+the\s+wrong ticked missed forgot
    failed ignored misread broke dropped damaged spilled spilt lost deleted""".split()
)


TOLD_TO_CALM = (
    r"(?:^|\b(?:just|please|now|you\s+need\s+to|need\s+you\s+to|want\s+you\s+to|you\s+have\s+to|you\s+should|will\s+you|can\s+you|could\s+you|would\s+you|ok|okay|right|look|listen|sir|madam|so|well|hey)\s+)"
    r"(?:calm\s+down|relax|chill(?:\s+out)?|settle\s+down|pipe\s+down|keep\s+your\s+(?:voice|hair)\s+down|quiet\s+down|be\s+quiet|stop\s+(?:whining|moaning|complaining|crying|shouting|yelling|going\s+on|talking|panicking)|quit\s+(?:whining|moaning|complaining))"
)
"""Telling an upset person to stop feeling or talking, as an order (at the start or after "just",
"you need to", "sir" ...), not "once things calm down" or "I'll help you settle in"."""
TOLD_TO_CALM_VETO = re.compile(
    r"(?<![a-z0-9])(?:(?:not|never)\s+(?:going\s+to\s+|gonna\s+)?(?:tell|telling|ask|asking)\s+you\s+to|no\s+need\s+to\s+(?:calm|relax|be\s+quiet)|(?:you|i)\s+(?:do\s+not|dont)\s+(?:have|need)\s+to\s+(?:calm|relax|be\s+quiet))"
)


@dataclass(frozen=True)
class Rule:
    tag: str
    pattern: re.Pattern[str]
    why: str
    veto: re.Pattern[str] | None = None
    """Checked on the whole canonical text: if it matches, the rule does not fire."""
    local_veto: re.Pattern[str] | None = None
    """Checked on a window around the match (a few words before and after)."""


def _r(pattern: str) -> re.Pattern[str]:
    return re.compile(r"(?<![a-z0-9])(?:" + pattern + r")(?![a-z0-9])")


NON_APOLOGY = _r(
    r"sorry\s+(?:that\s+|if\s+)?(?:you\s+(?:feel|felt|think|thought|see|are\s+upset|got\s+upset|are\s+unhappy|are\s+angry|took|were\s+offended|believe|are\s+disappointed\s+with\s+(?:our|the)\s+policy)|that\s+is\s+how\s+you\s+feel|but|you\s+see\s+it)"
    r"|apologi[sz]e\s+if\s+you|sorry\s+for\s+(?:any|whatever)\s+(?:perceived\s+)?(?:inconvenience|confusion)\s+(?:this|you)\s+(?:may|might)|i\s+am\s+not\s+(?:\w+\s+)?sorry|not\s+going\s+to\s+apologi[sz]e|sorry\s+to\s+(?:interrupt|bother)|sorry\s+i\s+was\s+on\s+mute|sorry\s+what"
)
DISMISSIVE_FRAME = _r(
    r"(?:no\s+need\s+to|do\s+not|there\s+is\s+no\s+reason\s+to|why\s+are\s+you|why\s+get|stop\s+being|calm\s+down|getting\s+(?:so\s+)?)\s+(?:\w+\s+){0,3}"
    + FEELING
)

NON_APOLOGY_FEELING = _r(r"sorry\s+(?:that\s+|if\s+)?you\s+(?:feel|felt|are|were|got|think|thought)")
"""'Sorry you feel let down': regret about the customer's reaction, not recognition of it."""
EMPATHIC_SHOULD = _r(
    r"you\s+(?:must|might|may|would|will|probably)\s+(?:have\s+)?(?:been|be|feel|felt)\s+" + INTENS + FEELING
    + r"|you\s+should\s+(?:have\s+been|be)\s+(?:\w+\s+)?(?:told|informed|warned|given|offered|kept|updated|called|contacted|refunded|treated|helped|looked\s+after)"
)
"""Modal verbs inside empathy ('you must have been so worried', 'you should have been told'): no blame."""

RULES: tuple[Rule, ...] = (
    # ---------------- acknowledge_emotion ----------------
    Rule("acknowledge_emotion",
         _r(r"(?:that|this|it|which|what)\s+(?:must|would|should|sounds|seems|is|was|has\s+been|must\s+have\s+been|would\s+have\s+been|sounds\s+like\s+it\s+was|sounds\s+like|looks)\s+" + INTENS + STRONG_FEELING),
         "names the feeling the situation causes"),
    Rule("acknowledge_emotion",
         _r(r"(?:you\s+(?:are|were|must\s+be|must\s+have\s+been|sound|seem|feel|look|have\s+been)|you\s+are\s+feeling|you\s+must\s+feel|you\s+feel)\s+" + INTENS + FEELING),
         "names how the customer feels", local_veto=_r(DISMISSIVE_FRAME.pattern + "|" + NON_APOLOGY_FEELING.pattern)),
    Rule("acknowledge_emotion",
         _r(r"(?:how|what\s+a|such\s+a|so|really|that\s+is|it\s+is|how\s+very)\s+" + INTENS + STRONG_FEELING),
         "reflects how upsetting this is", local_veto=DISMISSIVE_FRAME),
    Rule("acknowledge_emotion",
         _r(r"i\s+(?:can|could|do|completely|totally|really|fully)?\s*(?:completely\s+|totally\s+|fully\s+|really\s+|only\s+)?(?:hear|see|tell|imagine|understand|get|appreciate|sense)\s+(?:how|why|that\s+(?:you|this|it)|what\s+a|just\s+how)\s+(?:\w+\s+){0,4}(?:" + FEELING + r"|feel\w*|angry|hard|upset|mean\w*|matter\w*|important|worr\w*)"),
         "shows you see the customer's feeling"),
    Rule("acknowledge_emotion",
         _r(r"i\s+(?:can\s+)?(?:only\s+)?imagine|i\s+hear\s+you|i\s+can\s+hear\s+(?:how|that|you)|i\s+can\s+see\s+(?:how|why)\s+(?:this|that|you)|oh\s+no|i\s+would\s+(?:be|feel)\s+(?:\w+\s+){0,2}" + FEELING),
         "reflects the customer's feeling",
         veto=_r(r"i\s+hear\s+you\s+but|i\s+can\s+imagine\s+but")),
    Rule("acknowledge_emotion",
         _r(r"(?:right|entitled|every\s+right|reason)\s+to\s+be\s+" + INTENS + FEELING),
         "names the customer's feeling and accepts it"),
    Rule("acknowledge_emotion",
         _r(r"(?:i\s+(?:know|understand)\s+(?:how\s+)?(?:this|that|it)\s+(?:is|must\s+be|feels)\s+(?:\w+\s+)?(?:important|stressful|worrying|upsetting|frustrating|hard|difficult))|(?:not\s+what\s+you\s+(?:need|needed|want|wanted))|(?:last\s+thing\s+you\s+(?:need|needed|want|wanted))"),
         "reflects what this means to the customer"),
    # ---------------- apology ----------------
    Rule("apology",
         _r(r"(?:i\s+am|we\s+are|i|we|am|so|really|truly|terribly|very|genuinely|deeply|sincerely|awfully|i\s+really|^)\s*" + INTENS + r"sorry"),
         "says sorry for what happened", veto=None, local_veto=NON_APOLOGY),
    Rule("apology",
         _r(r"(?:i|we)\s+(?:do\s+|sincerely\s+|really\s+|truly\s+|deeply\s+|must\s+|want\s+to\s+|would\s+like\s+to\s+)?apologi[sz]e|(?:my|our|sincere|sincerest|deepest|many|humble)\s+apologies|apologies\s+(?:for|about)|(?:please\s+)?accept\s+(?:my|our)\s+apolog\w+"),
         "apologises for the problem", local_veto=NON_APOLOGY),
    Rule("apology",
         _r(r"sorry\s+(?:about|for|that|this|to\s+hear|we|it|again)"),
         "says sorry for what happened", local_veto=NON_APOLOGY),
    # ---------------- validation ----------------
    Rule("validation",
         _r(r"you\s+are\s+" + INTENS + r"(?:right|correct|justified|entitled|within\s+your\s+rights)(?!\s+here\s+is|\s+now)|you\s+are\s+not\s+wrong|you\s+have\s+(?:every|a|all\s+the)\s+(?:right|reason)|you\s+have\s+a\s+(?:point|fair\s+point)|you\s+(?:had|have)\s+every\s+reason"),
         "tells the customer their reaction is reasonable", veto=_r(r"you\s+are\s+right\s+(?:there|here)\s+(?:is|are)")),
    Rule("validation",
         _r(r"(?:that|this|it|which|your\s+(?:reaction|frustration|anger|concern|complaint))\s+(?:is|was|seems|sounds)\s+" + INTENS + r"(?:understandable|reasonable|fair|justified|valid|legitimate|fair\s+enough|not\s+(?:ok|okay|acceptable|good\s+enough|right|fair|on|what\s+you\s+(?:paid|asked|expected|signed)))|(?:is|was)\s+not\s+acceptable|(?:is|was)\s+unacceptable|not\s+good\s+enough|nowhere\s+near\s+good\s+enough|far\s+too\s+(?:long|slow|much)|way\s+too\s+long|should\s+not\s+have\s+(?:happened|to)|should\s+never\s+have|nobody\s+should|no\s+one\s+should|not\s+what\s+you\s+(?:paid|asked|signed|expected)|you\s+should\s+not\s+have\s+(?:had\s+)?to|you\s+deserve|not\s+the\s+(?:service|standard|experience)"),
         "agrees the complaint is justified",
         local_veto=_r(r"(?:your|the)\s+(?:tone|language|behavior|attitude|shouting|swearing)")),
    Rule("validation",
         _r(r"(?:anyone|anybody|everyone|most\s+people|i)\s+(?:would|will|would\s+have|d)\s+(?:be|feel|have\s+been|get)\s+(?:\w+\s+){0,2}(?:" + FEELING + r"|the\s+same|too|as\s+well)|i\s+would\s+(?:be|feel)\s+(?:exactly\s+)?the\s+same|i\s+(?:do\s+not|would\s+not|can\s+not)\s+blame\s+you|no\s+wonder|(?:it|that)\s+makes\s+(?:total\s+|complete\s+|perfect\s+)?sense|(?:completely|totally|fully|entirely)\s+(?:get|understand)\s+why|i\s+(?:can\s+|do\s+|completely\s+|totally\s+|fully\s+)?(?:get|understand|see)\s+why\s+(?:you|anyone|someone)|understandably|rightly\s+so|of\s+course\s+you\s+are\s+" + FEELING + r"|fair\s+enough|i\s+would\s+be\s+" + FEELING + r"\s+too"),
         "says anyone would react the same way",
         veto=_r(r"most\s+people\s+would\s+be\s+happy")),
    # ---------------- ownership ----------------
    Rule("ownership",
         _r(r"(?:that|this|it)\s+(?:is|was|one\s+is)\s+(?:entirely\s+|completely\s+|totally\s+|definitely\s+|all\s+)?(?:on\s+(?:us|me)|(?:our|my)\s+(?:fault|mistake|error|bad|responsibility|doing|failure|problem\s+to\s+fix|mess))|(?:our|my)\s+(?:fault|mistake|error|bad)|(?:on\s+us|on\s+me)(?:\s+to)?|we\s+(?:got\s+(?:this|it|that)\s+wrong|messed\s+up|made\s+(?:a|an)\s+(?:\w+\s+)?(?:mistake|error|mess)|dropped\s+the\s+ball|let\s+you\s+down|should\s+have|failed\s+you|broke|did\s+not\s+(?:turn\s+up|show|deliver|keep|do)|have\s+let\s+you|kept\s+(?:taking|charging)|put\s+you)|(?:that|this)\s+is\s+(?:a|an)\s+(?:\w+\s+){0,3}(?:mistake|mix\s*up|error|failure)\s+(?:on\s+our|in\s+our|by\s+our|from\s+our)|(?:our|my)\s+\w+\s+(?:that\s+is|is|was)\s+(?:failing|at\s+fault|to\s+blame)|it\s+is\s+our\s+\w+\s+that|a\s+promise\s+we\s+broke"),
         "accepts responsibility for the failure",
         veto=_r(r"(?:not|hardly|never|scarcely|barely)\s+(?:really\s+|exactly\s+|entirely\s+)?(?:(?:our|my)\s+(?:fault|mistake|problem|responsibility)|on\s+(?:us|me))"),
         local_veto=_r(r"(?:if|unless|whether|in\s+case)\s+(?:it\s+(?:turns\s+out|transpires|emerges|proves)\s+)?(?:that\s+)?(?:we|i|it\s+(?:is|was))|might\s+have\s+been\s+our|may\s+have\s+been\s+our")),
    Rule("ownership",
         _r(r"i\s+(?:take|accept)\s+(?:full\s+|complete\s+)?responsibility|i\s+(?:will|am\s+going\s+to|am)\s+(?:\w+\s+){0,3}(?:personally|myself|my\s+self)|(?:personally|myself)\s+(?:make\s+sure|see|handle|chase|follow|take|look|deal)|i\s+(?:will|am\s+going\s+to|am\s+going\s+to\s+personally|will\s+personally)\s+make\s+sure|leave\s+it\s+with\s+me|i\s+(?:have|have\s+got|got)\s+(?:you|this)(?:\s+covered)?$|i\s+(?:have|got)\s+you(?!\s+the\s+first)|i\s+(?:will|am\s+going\s+to)\s+(?:stay|see)\s+(?:on\s+)?(?:this|it)\s+(?:through|until)|i\s+(?:will|am\s+going\s+to)\s+own|i\s+am\s+(?:taking|owning)\s+(?:care\s+of\s+)?(?:this|it)\s+(?:\w+\s+)?personally|taking\s+care\s+of\s+(?:this|it)\s+(?:\w+\s+){0,2}personally|i\s+promise|you\s+have\s+my\s+word|i\s+will\s+not\s+let\s+(?:this|it)|i\s+(?:am|will\s+be)\s+(?:your|the)\s+(?:point\s+of\s+contact|contact)|i\s+am\s+not\s+going\s+to\s+pass\s+you|i\s+am\s+on\s+(?:it|this|the\s+case)|i\s+will\s+get\s+(?:on|onto)\s+(?:it|this)"),
         "personally commits to seeing it through"),
    # ---------------- next_step ----------------
    Rule("next_step",
         _r(r"(?:" + FIRST_PERSON_FUTURE + r"|let\s+me\s+|i\s+(?:will|am)\s+(?:\w+\s+)?)" + r"(?:\w+\s+){0,2}" + ACTION_VERB + r"(?:\s+\w+){0,12}?\s+" + TIME),
         "commits to a concrete action with a time"),
    Rule("next_step",
         _r(r"(?:i|we)\s+(?:have|have\s+just|have\s+already|already|just)\s+(?:\w+\s+)?(?:sent|booked|refunded|reversed|canceled|closed|issued|opened|raised|logged|credited|arranged|processed|rebooked|reserved|escalated|emailed|reactivated|unblocked|removed|lifted|added|applied|put|moved|scheduled|filed|submitted|waived|approved|reset|reconnected|restored|dispatched|ordered|flagged|updated)"),
         "has already taken a concrete action"),
    Rule("next_step",
         _r(r"(?:i\s+(?:will|am\s+going\s+to|am|can)|we\s+(?:will|are\s+going\s+to|are|can)|let\s+me)\s+(?:\w+\s+)?(?:refund\w*|send\w*|book\w*|rebook\w*|replac\w*|reimburs\w*|credit\w*|escalat\w*|transfer\w*|cancel\w*|revers\w*|unblock\w*|reactivat\w*|arrang\w*|issu\w*|waiv\w*|upgrad\w*|swap\w*|exchang\w*|compensat\w*|courier\w*|dispatch\w*|email\w*|call\w*\s+you|phone\w*\s+you|ring\w*\s+you|move\w*\s+you|put\w*\s+you|get\w*\s+(?:a|an|the|you|someone|somebody)|take\w*\s+\w+\s+off|knock\w*|log\w*|record\w*|report\w*|rais\w*|open\w*|file\w*|submit\w*|process\w*|schedul\w*|track\w*\s+(?:it|this|that|the|your)|look\w*\s+up|pull\w*\s+up|find\w*\s+you|hold\w*\s+(?:one|a|it)|add\w*)(?:\s+\w+){1,}"),
         "commits to a concrete action",
         local_veto=_r(r"can\s+not|could\s+not|will\s+not|(?:i|we)\s+can\s+(?:only|just)\s+(?:log|record|report|pass|note)")),
    Rule("next_step",
         _r(r"(?:a|an|the|your|our)\s+(?:new|replacement|fresh|refund|engineer|technician|credit|voucher|label|confirmation|callback|manager|unit|meal|order|room|seat|flight|appointment|courier|team|supervisor|payment|jacket|email)\s+(?:\w+\s+){0,3}(?:will|is\s+going\s+to|is|can|should)\s+(?:be\s+)?(?:\w+\s+){0,2}(?:sent|couriered|delivered|arrive|arriving|with\s+you|come|coming|visit|on\s+its\s+way|reserved|booked|issued|processed|call|ring|refunded|back|ready|out)(?:\s+\w+){0,6}?\s+" + TIME
            + r"|(?:will|is)\s+(?:be\s+)?(?:at\s+your\s+door|on\s+its\s+way|with\s+you)\s+(?:\w+\s+){0,3}" + TIME
            + r"|you\s+will\s+(?:get|receive|have|hear)\s+(?:\w+\s+){0,5}" + TIME),
         "says what will happen and when"),
    # ---------------- exploring_question ----------------
    Rule("exploring_question",
         _r(r"(?:can|could|would)\s+you\s+(?:please\s+)?(?:tell|walk|talk|describe|explain|help)\s+me\s+(?:a\s+(?:bit|little)\s+)?(?:more|through|what|how|about|exactly|when|which|why)|what\s+(?:exactly\s+)?(?:happened|went\s+wrong|was\s+said|did\s+(?:she|he|they)\s+say|would\s+(?:help|make\s+this\s+right|you\s+like\s+(?:us|me)\s+to\s+do)|matters\s+most|is\s+most\s+important|else\s+(?:happened|should\s+i\s+know|can\s+you\s+tell|is\s+going\s+on))|how\s+(?:did|has|is)\s+(?:that|this|it)\s+(?:affect\w*|leave|left|impact\w*)|help\s+me\s+understand|tell\s+me\s+(?:more|what\s+happened|about\s+it)|is\s+there\s+anything\s+else\s+(?:that|going|i\s+should|worrying|bothering)|when\s+did\s+(?:you\s+first|this|it)\s+(?:start|notice|happen|begin)|how\s+(?:can|could)\s+(?:i|we)\s+(?:make\s+this\s+right|best\s+help)"),
         "asks to understand the customer's situation better",
         local_veto=_r(r"(?:explain|find\s+out|look\s+into|investigate|check|tell\s+you|know|see)\s+what\s+(?:exactly\s+)?(?:happened|went\s+wrong)")),
    # ---------------- blame ----------------
    Rule("blame",
         _r(r"you\s+(?:must\s+have|probably|obviously|clearly|evidently|apparently|might\s+have|may\s+have|could\s+have)\s+(?:\w+\s+){0,2}(?:" + SECOND_PERSON_WRONGDOING + r"|\w+ed|told|bought|read|checked|got|put|been|done|made|known|heard|given|left|set|used|sent|called|paid)"
            + r"|you\s+should\s+have\s+(?:(?!been\s)\w+\s+)?(?:" + SECOND_PERSON_WRONGDOING + r"|\w+ed|told|bought|read|checked|put|done|made|known|heard|left|set|used|sent|called|paid|given|been\s+(?!told|given|informed|offered|sent|warned|called|contacted|refunded|notified|kept|treated|helped)\w+)"
            + r"|you\s+(?:did\s+not|never|forgot\s+to|failed\s+to|neglected\s+to)\s+(?:\w+\s+){0,2}(?:read|check|complete|follow|tell|inform|update|confirm|hear|answer|register|submit|click|select|enter|press|notify|let|give|finish|fill|sign|send|pay)"
            + r"|(?:your|the\s+customer\s*s)\s+(?:own\s+)?(?:fault|mistake|error|problem|responsibility)|user\s+error|(?:it\s+is|that\s+is|that\s+was|it\s+was|this\s+is)\s+(?:your|the\s+(?:courier|bank|manufacturer|airline|carrier|driver|brand|supplier|weather)\w*)\s+(?:\w+\s+)?(?:fault|responsibility|problem|issue|doing|that\s+is\s+slow)|blame\s+(?:the|your)|(?:the|your)\s+(?:courier|bank|manufacturer|driver|airline|carrier|supplier|brand|technician|engineer)\s+(?:\w+\s+){0,3}(?:is\s+to\s+blame|messed\s+up|is\s+slow|is\s+responsible|said\s+nobody|said\s+no\s+one)"
            + r"|did\s+you\s+(?:actually|even|really|ever|not)|are\s+you\s+sure\s+you\s+(?:did\s+not|did|have|had|entered|selected|clicked|read|checked|were)|(?:were|was|did)\s+you\s+(?:\w+\s+){0,2}(?:putting|using|dropping|leaving|ignoring|reading|pressing)\b|what\s+did\s+you\s+(?:say|do)\s+(?:to|first)|if\s+you\s+(?:had|would\s+have|d)\s+(?:\w+\s+){0,2}(?:read|checked|followed|told|listened|called|looked)|people\s+(?:just\s+)?(?:miss|forget|do\s+not\s+read|never\s+read|ignore)|not\s+made\s+for|on\s+your\s+(?:side|end)|nobody\s+(?:answered|was\s+(?:home|in))|no\s+one\s+(?:answered|was\s+(?:home|in))|you\s+(?:checked\s+in|arrived|came|called|booked|ordered)\s+(?:\w+\s+){0,2}(?:late|too\s+late|wrong)|(?:not|and\s+not)\s+(?:us|our\s+fault)$|not\s+us$|it\s+is\s+your\s+\w+\s+that"),
         "puts the fault on the customer or someone else",
         veto=_r(r"(?:it\s+is|that\s+is|that\s+was|this\s+is)\s+not\s+your\s+fault|no\s+fault\s+of\s+yours|through\s+no\s+fault"),
         local_veto=EMPATHIC_SHOULD),
    Rule("blame",
         _r(r"(?:most|other|normal|sensible)\s+(?:people|customers|passengers|guests|drivers|patients|users)\s+(?:\w+\s+)?(?:know|realise|realize|understand|check|read|remember|manage|can)|everyone\s+else\s+(?:\w+\s+)?(?:knows|manages|seems|can|reads|checks)|it\s+is\s+common\s+(?:sense|knowledge)|(?:it\s+is|it\s+was|that\s+is|that\s+was)\s+not\s+(?:us|me),?\s+(?:it\s+(?:is|was)|that\s+is)\s+(?:them|the\s+\w+|your)|(?:the|their|his|her)\s+(?:\w+\s+){1,3}(?:was|were|is|are)\s+(?:the\s+(?:problem|issue|cause)|to\s+blame|at\s+fault)|(?:blame|take\s+it\s+up\s+with)\s+(?:them|the\s+\w+)|(?:down|due)\s+to\s+(?:the|their|your)\s+(?:\w+\s+)?(?:error|mistake|fault|incompetence)"),
         "puts the fault on the customer by a general rule, or on a third party",
         veto=_r(r"our\s+(?:\w+\s+){0,2}(?:was|were|is|are)\s+(?:the\s+problem|to\s+blame|at\s+fault)")),
    Rule("blame",
         _r(r"(?:i\s+am\s+not|not\s+that\s+i\s+am)\s+(?:\w+\s+)?(?:blaming|saying\s+(?:it\s+is|this\s+is)\s+your\s+fault|accusing)\s+you\s*(?:,\s*)?(?:but|however)"),
         "\"I'm not blaming you, but ...\" still blames"),
    Rule("blame",
         _r(r"(?:that\s+is|it\s+is|those\s+are|faulty\s+items\s+are|this\s+is)\s+(?:the|a|handled\s+by\s+the)\s+(?:courier|carrier|bank|manufacturer|brand|airline|delivery\s+company|driver|supplier|warehouse)\w*\s*(?:s\s+)?(?:responsibility|problem|fault|issue|job|department)?|(?:you\s+will|you\s+would)\s+(?:have|need)\s+to\s+(?:contact|call|ring|speak\s+to|talk\s+to|take\s+it\s+up\s+with|go\s+to)\s+(?:the|your)\s+(?:courier|bank|manufacturer|brand|airline|delivery|driver|carrier)"),
         "pushes the problem onto a third party"),
    Rule("blame",
         _r(r"you\s+were\s+(?:supposed|meant|expected|required)\s+to\s+(?!get\s|receive|be\s|have\s|hear|be$)\w+|next\s+time\s+(?:you\s+)?(?:please\s+|should\s+|could\s+|might\s+want\s+to\s+|need\s+to\s+)?(?:make\s+sure|check|read|remember|try\s+to|call|book|bring|keep|double|pay\s+attention|look|ask\s+before|think)|(?:maybe|perhaps|probably)\s+you\s+(?:\w+\s+){1,4}(?:wrong|wrongly|incorrectly|too\s+(?:late|early|hard|fast|much))|you\s+(?:just\s+)?(?:ignored|forgot|skipped|did\s+not\s+bother|left\s+it\s+(?:too\s+)?late|agreed\s+to\s+the\s+terms|accepted\s+the\s+terms|chose\s+to)"),
         "puts the fault on the customer or someone else",
         local_veto=EMPATHIC_SHOULD),
    # ---------------- dismissive ----------------
    Rule("dismissive",
         _r(TOLD_TO_CALM),
         "tells an upset customer to calm down or stop talking instead of hearing them",
         veto=TOLD_TO_CALM_VETO),
    Rule("dismissive",
         _r(r"no\s+need\s+to\s+(?:get|be)|(?:do\s+not|dont)\s+(?:get|be)\s+(?:so\s+)?(?:worked\s+up|upset|angry|dramatic|excited|emotional)|(?:getting|get)\s+(?:so\s+)?worked\s+up|over\s*react\w*|(?:being|so)\s+dramatic|it\s+is\s+(?:just|only)\s+(?:a|an|the|some)?\s*\w+|(?:only|just)\s+(?:a|an)\s+(?:few|little|small|minor|jacket|parcel|bit)|not\s+(?:a|that)\s+big\s+(?:a\s+)?deal|not\s+the\s+end\s+of\s+the\s+world|no\s+big\s+deal|nothing\s+to\s+worry\s+about|could\s+(?:be|have\s+been)\s+worse|at\s+least\s+you|(?:happens|happen)\s+(?:all\s+the\s+time|a\s+lot|sometimes|to\s+everyone)|these\s+things\s+happen|it\s+happens|(?:\w+\s+)?happen\w*,?\s+it\s+is\s+the|get\s+over\s+it|move\s+on|be\s+patient|(?:you\s+will|you\s+ll)\s+(?:just\s+)?have\s+to\s+(?:wait|accept|live)|just\s+(?:wait|be\s+patient)|what\s+did\s+you\s+expect|(?:you\s+are|you\s+re)\s+not\s+the\s+only\s+(?:one|customer|person)|(?:it|that)\s+(?:will|ll)\s+(?:probably\s+)?(?:show\s+up|turn\s+up|arrive|sort\s+itself|come|be\s+fine)\s*(?:\w+\s+){0,2}(?:eventually|next\s+week|soon\s+enough|at\s+some\s+point)?$|probably\s+(?:just\s+)?(?:show|turn|arrive|be\s+fine|fine)|anyway|whatever|moving\s+on|that\s+is\s+a\s+shame|(?:that\s+is|it\s+is)\s+(?:just\s+)?how\s+it\s+(?:is|works)|rules\s+are\s+rules|policy\s+is\s+policy|(?:that\s+is|it\s+is|it\s+s|this\s+is)\s+(?:our|the|company|store)\s+policy|(?:our|the)\s+policy\s+(?:is|says|does\s+not|states)|(?:there\s+is\s+)?nothing\s+(?:i|we|anybody|anyone|else)\s+(?:can|could)\s+do|(?:i|we)\s+can\s+not\s+(?:do\s+anything|help|change)|not\s+(?:my|our)\s+(?:problem|department|job|concern)|(?:^|go\s+(?:and\s+)?|just\s+|you\s+(?:will|ll|would|need\s+to|have\s+to)\s+(?:have\s+to\s+)?)(?:ask|try|see|bother)\s+(?:someone|somebody|anyone)\s+else|can\s+not\s+do\s+anything\s+about|out\s+of\s+(?:my|our)\s+hands|(?:i|we)\s+(?:only|just)\s+(?:follow|work)|take\s+it\s+or\s+leave\s+it|(?:is|are)\s+you\s+done|(?:anything|is\s+there\s+anything)\s+else\s*$|next\s+(?:customer|caller|please)|(?:you\s+are|you\s+re)\s+(?:making|blowing)\s+(?:a\s+)?(?:big\s+)?(?:deal|fuss|this\s+out)|most\s+people\s+(?:would\s+be|do\s+not|are)|sorry\s+(?:that\s+)?you\s+(?:feel|felt|think|see\s+it)|sorry\s+if\s+you\s+(?:feel|felt|think|were|are)|i\s+(?:understand|hear\s+you|see|know|appreciate\s+that),?\s+(?:but|however)|(?:is|are|was)\s+nothing\s+(?:compared|next\s+to|really|to\s+worry|serious)|(?:that|this|it|\w+\s+(?:hours|days|minutes|weeks|pounds))\s+is\s+nothing(?:\s+compared|\s+really|\s*$)|some\s+(?:people|customers|of\s+our\s+customers|folk)\s+(?:have\s+)?(?:wait\w*|have\s+(?:it|been)|get|had|lose|lost|go)|(?:other|some)\s+people\s+have\s+it\s+(?:much\s+|far\s+)?worse|(?:that\s+is|it\s+is|this\s+is)\s+(?:just\s+)?(?:the|our)\s+(?:process|procedure|system)|(?:the|our)\s+(?:process|procedure)\s+is\s+(?:the\s+process|what\s+it\s+is)|(?:pay|settle)\s+(?:it|the\s+\w+|that)\s+(?:first|now)\s+(?:and|then)|must\s+be\s+nice|lucky\s+you|(?:things|parcels|deliveries|flights|delays)\s+(?:get\s+delayed|happen)\s*(?:all\s+the\s+time)?"),
         "minimises the problem or shuts the customer down",
         veto=_r(r"it\s+is\s+(?:just|only)\s+(?:a\s+)?(?:moment|minute|second|sec)|(?:i|we)\s+can\s+not\s+(?:help\s+but|imagine)|it\s+is\s+just\s+not\s+(?:good|right|acceptable|fair|okay)|anything\s+else\s+(?:that|going|i\s+should|worrying)"),
         local_veto=_r(r"it\s+is\s+(?:just|only)\s+(?:that|been|me|not|so|because|a\s+(?:matter|question|case)|awful|terrible)|at\s+least\s+you\s+(?:do\s+not|are\s+not)\s+(?:have\s+to\s+)?(?:pay|wait|lose)")),
    # ---------------- sarcasm ----------------
    Rule("sarcasm",
         _r(r"(?:^|oh\s+|well\s+|yeah\s+|wow\s+)(?:great|brilliant|wonderful|fantastic|lovely|perfect|marvelous|marvellous|super|splendid|terrific|fabulous|nice\s+one|charming|delightful|amazing)\s*(?:another|more|so|just|a|an|that|twice|thanks|then|you)?|let\s+me\s+guess|congratulations|well\s+done|what\s+a\s+(?:surprise|shock|tragedy|disaster|shame|catastrophe)|how\s+(?:tragic|terrible\s+for\s+you|awful\s+for\s+you|did\s+you\s+(?:ever\s+)?survive|will\s+you\s+(?:ever\s+)?cope|ever\s+will\s+you)|(?:i\s+am|i\s+m)\s+sure\s+you\s+(?:are|were|really|did|must|have)|yeah\s+right|oh\s+(?:dear|my|gosh|wow|sure|really)|gosh|wow|must\s+be\s+(?:your|nice|lovely|great)|lucky\s+(?:day|you)|(?:sure|of\s+course|yes|right),?\s+because|because\s+(?:obviously|clearly|of\s+course)|obviously\s+our\s+fault|as\s+if\s+(?:we|i)|(?:is|was)\s+not\s+rocket\s+science|genius|news\s+flash|heaven\s+forbid|poor\s+(?:you|thing)|boo\s+hoo|cry\s+me\s+a\s+river|thanks\s+for\s+(?:nothing|the\s+lecture)|your\s+(?:majesty|highness|lordship|ladyship)|(?:all\s+)?by\s+(?:itself|themselves|himself|herself),?\s+(?:did\s+it|no\s+doubt|i\s+suppose)|(?:all\s+)?by\s+(?:itself|themselves)\s*$|(?:i|we)\s+(?:must\s+have|suppose\s+we)\s+(?:\w+\s+)?(?:imagined|dreamt|dreamed|invented)|silly\s+(?:us|me)|sorry\s+for\s+existing|shock\s+horror|who\s+would\s+have\s+thought"),
         "uses positive or mock-concerned words ironically",
         veto=_r(r"(?:great|brilliant|wonderful|perfect|lovely)\s+(?:news|question|to\s+hear|thank)|^(?:great|perfect|lovely|wonderful)\s+(?:i\s+will|let\s+me|so|i\s+have|we\s+will)|(?:i\s+am|i\s+m)\s+sure\s+you\s+(?:are|were)\s+(?:right|correct)"),
         local_veto=_r(r"oh\s+(?:no|dear\s+(?:i\s+am|that\s+is\s+(?:awful|terrible))|my\s+goodness\s+i\s+am)|congratulations\s+on\s+(?:your|the)\s+(?:wedding|new|baby|engagement)|well\s+done\s+for\s+(?:letting|telling|raising)")),
    # ---------------- defensive ----------------
    Rule("defensive",
         _r(r"(?:i\s+am|i\s+m)\s+not\s+the\s+one|(?:it\s+is|it\s+was|that\s+is|that\s+was)\s+not\s+(?:my|our)\s+(?:fault|job|department|decision|doing|responsibility)|(?:not|hardly|never|scarcely)\s+(?:really\s+|exactly\s+)?(?:my|our)\s+fault|(?:i\s+am|i\s+m)\s+not\s+(?:\w+\s+)?(?:stupid|thick|an\s+idiot|incompetent|new\s+(?:here|to\s+this)|lying|making\s+(?:this|it)\s+up|a\s+mind\s+reader|a\s+magician|the\s+enemy)|i\s+(?:have|ve)\s+been\s+(?:doing\s+this|in\s+this\s+job|working\s+here|here)\s+(?:for\s+)?(?:\w+\s+){0,2}(?:years|decades)|i\s+(?:know|do)\s+(?:what\s+i\s+am\s+doing|my\s+job)|(?:i|we)\s+(?:only|just)\s+(?:work|answer|follow|do\s+what)|i\s+(?:did\s+not|never)\s+(?:pack|make|write|set|do|say|promise|process|take|send|design|cause|agree)|(?:do\s+not|dont)\s+(?:shout|yell|scream|swear|take\s+it\s+out|raise\s+your\s+voice|talk\s+to\s+me\s+like)|(?:there\s+is\s+)?no\s+need\s+to\s+(?:shout|yell|be\s+rude|raise|swear|take\s+that\s+tone)|(?:we|i)\s+(?:did|do|tried|are\s+doing)\s+(?:everything|our\s+best|my\s+best|all\s+we\s+can)|(?:we|i)\s+can\s+not\s+(?:be\s+expected|babysit|control|be\s+held|be\s+responsible|be\s+blamed|watch|check\s+every)|can\s+not\s+be\s+held\s+(?:responsible|liable)|(?:we|i)\s+(?:are|am)\s+(?:only|just)\s+human|(?:we\s+are|we\s+re|i\s+am|i\s+m)\s+(?:short\s*staffed|very\s+busy|so\s+busy|doing\s+(?:our|my)\s+best|not\s+(?:doing|responsible|liable))|short\s*staffed|it\s+is\s+not\s+like\s+we|(?:we|i)\s+(?:ship|handle|get|deal\s+with|serve|process)\s+(?:thousands|hundreds|millions|so\s+many|a\s+lot)|that\s+(?:is|was)\s+not\s+(?:true|fair|what\s+(?:i|we)\s+said|what\s+happened)|(?:as\s+)?i\s+(?:already|have\s+already|just)\s+(?:said|told|explained|mentioned)|(?:i\s+have|i)\s+already\s+(?:said|told\s+you|explained)|let\s+me\s+(?:just\s+)?stop\s+you|if\s+you\s+would\s+(?:let|just\s+let)\s+me\s+finish|let\s+me\s+finish|(?:you\s+)?(?:keep\s+)?interrupting|(?:was|is)\s+(?:clearly\s+)?(?:stated|written|explained|in\s+the\s+(?:terms|contract|small\s+print))|(?:is|are)\s+not\s+(?:responsible|liable)|(?:we|i)\s+(?:never|did\s+not)\s+promise|(?:was|that\s+was)\s+a\s+different\s+(?:agent|person|colleague|department)|(?:our|the)\s+(?:staff|team|people)\s+(?:are|is)\s+(?:usually|always|normally|very)|in\s+our\s+defen[cs]e|to\s+be\s+fair\s+(?:to\s+us|we)|we\s+only\s+(?:maintain|cover|handle|look\s+after)|(?:not|and\s+not)\s+us$|not\s+us\b|outside\s+(?:of\s+)?our\s+control|(?:i|we)\s+can\s+not\s+control"),
         "protects yourself or the company instead of helping",
         veto=_r(r"(?:it\s+is|that\s+is|this\s+is)\s+not\s+your\s+fault")),
    # Self-justification without the word "fault": the rules, the procedure, the staff's training,
    # the records, "we did warn you", "nobody else complained", "I've been polite".
    Rule("defensive",
         _r(r"i\s+(?:do\s+not|did\s+not)\s+make\s+(?:the\s+)?(?:rules|policy|policies|decisions)|(?:do\s+not|dont)\s+shoot\s+the\s+messenger|(?:we|i|they|he|she)\s+(?:followed|went\s+by|stuck\s+to|did\s+everything\s+(?:by|according\s+to))\s+(?:the\s+|our\s+)?(?:procedure|process|policy|rules|book|protocol|guidelines)|(?:our|the)\s+(?:staff|engineers?|technicians?|team|drivers?|agents?|people|couriers?|crew|pilots?|nurses?|doctors?)\s+(?:are|is|were|was)\s+(?:all\s+)?(?:fully\s+|highly\s+|very\s+|properly\s+|well\s+)?(?:trained|qualified|experienced|professional|certified)|(?:is\s+)?not\s+what\s+(?:our|the|my)\s+(?:records|system|notes|logs|file|screen)\s+(?:show|shows|say|says)|(?:our|the|my)\s+(?:records|system|notes|logs|screen)\s+(?:clearly\s+)?(?:show|shows|say|says)\s+(?:that\s+)?(?:you|it\s+was|we\s+(?:did|sent|called|delivered|emailed))|i\s+was\s+not\s+(?:even\s+)?(?:on\s+shift|working|the\s+one|in\s+charge|here\s+(?:that|last|on|when))|nobody\s+(?:here\s+)?touched|(?:we|i)\s+did\s+(?:actually\s+)?(?:warn|tell|inform|email|send|text|notify|let\s+\w+\s+know|explain)|we\s+(?:clearly\s+)?warned\s+(?:you|everyone|all|customers|passengers|guests)|(?:nobody|no\s+one)\s+else\s+(?:has\s+)?(?:complained|had\s+(?:a\s+|any\s+)?(?:problem|issue|complaint)s?)|(?:you\s+are|you\s+re)\s+the\s+(?:first|only)\s+(?:one|person|customer|passenger|guest)\s+(?:to|who|that)|(?:worked|was\s+working|was)\s+(?:fine|perfectly|perfect)\s+(?:\w+\s+)?when\s+(?:it|they)\s+(?:left|was\s+(?:shipped|sent|dispatched|delivered))|we\s+are\s+(?:only\s+|just\s+)?a\s+small\s+(?:team|business|company|shop|office)|i\s+(?:have|ve)\s+been\s+(?:nothing\s+but\s+|very\s+|perfectly\s+|completely\s+|more\s+than\s+)?(?:polite|patient|professional|helpful|nice|reasonable)|with\s+(?:all\s+due\s+)?respect"),
         "defends yourself or the company instead of helping",
         local_veto=_r(r"make\s+sure|ensure|sure\s+that|will\s+be|get\s+(?:them|the\s+\w+)")),
    # ---------------- rude ----------------
    Rule("rude",
         _r(r"shut\s+up|stupid|idiot\w*|moron\w*|dumb|pathetic|ridiculous\s+(?:person|customer|woman|man|people)|grow\s+up|(?:^|just\s+|now\s+|go\s+and\s+)get\s+lost|go\s+away|i\s+(?:do\s+not|dont|could\s+not|couldnt)\s+care|who\s+cares|deal\s+with\s+it|are\s+you\s+(?:deaf|stupid|thick|serious)|can\s+you\s+not\s+read|(?:can\s+not|cant)\s+you\s+read|what\s+is\s+wrong\s+with\s+you|damn\w*|hell|bloody|crap\w*|piss\w*|fuck\w*|feck\w*|shit\w*|bullshit|bitch\w*|jerk|loser|(?:you\s+are|you\s+re)\s+(?:being\s+)?(?:ridiculous|unreasonable|impossible|a\s+nightmare|annoying|rude|childish|hysterical|crazy|insane|mad)|hurry\s+up|make\s+it\s+quick|i\s+(?:have|ve)\s+got\s+better\s+things|ugh\s+(?:fine|whatever)|no\s+one\s+cares|nobody\s+cares"),
         "is disrespectful or insulting",
         local_veto=_r(r"(?:i\s+am|i\s+m|we\s+are)\s+not\s+(?:\w+\s+)?(?:stupid|an\s+idiot|dumb|a\s+moron)")),
    Rule("rude",
         _r(r"(?:i|we)\s+(?:heard|got)\s+you\s+the\s+first\s+time|(?:take\s+your\s+(?:business|custom|money)|go|shop|try)\s+(?:somewhere\s+else|elsewhere)|if\s+you\s+(?:do\s+not|dont)\s+like\s+it|(?:you\s+should|you\s+ought\s+to)\s+be\s+(?:grateful|thankful)|be\s+(?:grateful|thankful)\s+(?:for|that|we|i)|(?:a\s+)?thank\s+you\s+would\s+be\s+nice|(?:yeah|yes|okay|ok|right)\s+(?:yeah|yes|okay|ok|right)\s+(?:i\s+)?(?:heard|know|get\s+it|got\s+it)|(?:love|sweetheart|darling|sweetie|pet|hun|dear|sunshine|princess|mate|pal)\s*$|(?:do|can)\s+you\s+(?:even\s+)?(?:listen|understand\s+english)"),
         "talks down to the customer (contempt without a single insult)",
         veto=_r(r"i\s+would\s+love|love\s+to|(?:my|your|our)\s+(?:love|dear|mate|pal)\s*$")),
    # Orders to an upset person to stop feeling or talking, and open impatience: rude in any
    # service guide even when no word in them is an insult. "calm down" is also dismissive (above).
    Rule("rude",
         _r(TOLD_TO_CALM + r"|get\s+a\s+(?:grip|life)|cry\s+me\s+a\s+river|boo\s+hoo|(?:i\s+(?:do\s+not|dont)|we\s+(?:do\s+not|dont))\s+have\s+(?:all\s+day|time\s+for\s+(?:this|you|people\s+like))|(?:you\s+are|you\s+re)\s+wasting\s+(?:my|our)\s+time|stop\s+wasting\s+(?:my|our)\s+time|(?:that\s+is|that\s+s|it\s+is|thats)\s+(?:your|a\s+you)\s+problem|not\s+rocket\s+science|even\s+a\s+(?:child|kid|toddler)|use\s+your\s+(?:brain|head|eyes|common\s+sense)|(?:you|you\s+people)\s+(?:never|always)\s+(?:listen|read|complain|moan)|you\s+people|listen\s+here|(?:go|take\s+it)\s+(?:and\s+)?complain\s+to\s+someone\s+(?:else|who\s+cares)|i\s+(?:am|m)\s+not\s+paid\s+(?:enough|to)|(?:lady|mister|buddy)$"),
         "orders the customer to stop feeling or talking, or shows open impatience",
         veto=TOLD_TO_CALM_VETO),
    Rule("rude",
         _r(r"no\s+need\s+to\s+repeat\s+yourself|get\s+to\s+the\s+point|for\s+(?:goodness|god\s+s|gods|heaven\s+s|heavens|pete\s+s|crying\s+out\s+loud)\s*(?:sake)?|do\s+you\s+want\s+(?:it|the\s+\w+|a\s+\w+|my\s+help)\s+or\s+not|^(?:just\s+)?read\s+the\s+(?:sign|email|manual|terms|website|instructions|letter|small\s+print|label|notice)"),
         "shows exasperation or contempt at the customer"),
    # ---------------- breaches without marker words, second batch ----------------
    # Written beside data/rules-dev.yaml (its other half, bench/data/holdout3-replies.yaml, unread).
    Rule("rude",
         _r(r"listen\s+(?:very\s+)?carefully|(?:i\s+am|i\s+will)\s+(?:only\s+)?(?:going\s+(?:to\s+go\s+)?(?:through|over)|saying|say|explaining|explain)\s+(?:this|it|that)\s+(?:only\s+)?once|(?:let\s+me|i\s+will)\s+(?:say|explain|go\s+through)\s+(?:it|this|that)\s+(?:again\s+)?(?:slowly|more\s+slowly)|pay\s+attention|you\s+are\s+an\s+adult|(?:start|learn\s+to)\s+(?:handling|handle|sorting|sort|doing|do)\s+(?:these\s+things|things|this|it)\s+(?:for\s+)?yourself|i\s+(?:think\s+i\s+)?know\s+(?:how\s+(?:\w+\s+){1,3}works?\s+)?(?:a\s+(?:bit|lot|little)\s+)?better\s+than\s+you|i\s+do\s+this\s+(?:all\s+day|every\s+day|for\s+a\s+living)|^clearly\s+not$|thank\s+you\s+would\s+not\s+go\s+amiss|(?:maybe|perhaps)\s+(?:check|read|look\s+at|wash|clean|learn|try\s+reading)\s+(?:\w+\s+){0,4}(?:yourself|more\s+often|a\s+bit\s+more|properly\s+next\s+time)|if\s+you\s+are\s+(?:that|so)\s+(?:precious|bothered|fussy|picky)|(?:you\s+would|you\s+d)\s+be\s+amazed\s+how\s+many\s+people\s+can\s+not|what\s+(?:is\s+it|exactly)\s+(?:that\s+)?you\s+(?:actually|really)\s+want|what\s+do\s+you\s+(?:actually|really)\s+want\s+(?:from\s+me|me\s+to\s+do)|if\s+you\s+are\s+(?:just\s+)?going\s+to\s+(?:moan|complain|whinge|whine|rant)|beggars\s+can\s+not\s+be\s+choosers|^(?:yeah\s+)?(?:yeah|yes)\s+i\s+(?:got|get)\s+it\s+you|(?:do\s+you\s+(?:even\s+)?know|have\s+you\s+(?:got\s+)?any\s+idea)\s+(?:what|how\s+much)\s+(?:a|an)?\s*\w+\s+(?:costs|charges)|could\s+not\s+be\s+bothered|^(?:sweetheart|sweetie|darling|love|hun|honey|dear)\s+(?:it\s+is\s+(?:just|only|a|an|not)|just|you\s+(?:just|need|have)|look|listen)"),
         "talks down to the customer (contempt without a single insult)"),
    Rule("sarcasm",
         _r(r"funny\s+how|what\s+(?:would|do)\s+you\s+(?:like|want|expect)\s+me\s+to\s+do\s+(?!about|for|next|now|first|then|instead|here|today|with|to|is|if|so|and|in|on|at|i\s|it\s)\w+|because\s+(?:\w+\s+){1,2}just\s+love|(?:just\s+)?love\s+(?:sitting|waiting|standing|queuing|hanging)\s+(?:\w+\s+){0,5}(?:do\s+not|do|does\s+not|does)\s+(?:they|we|i|you|he|she)$|not\s+going\s+to\s+\w+\s+(?:its|their|his|her)\s+own\s+(?:\w+\s+){1,3}(?:is|are|will)\s+(?:it|they|he|she)$|(?:did|do)\s+you\s+(?:really\s+|honestly\s+|seriously\s+)?(?:think|expect|imagine)\s+(?:we|i|they)\s+(?:would|will|were\s+going\s+to)\s+just\b|sure\s+let\s+us\s+(?:just\s+)?(?:tear|rip|throw|scrap|rewrite|redesign|rebuild|bend|break|change)\s+(?:up\s+|out\s+|away\s+)?the\s+whole|(?:oh\s+)?so\s+it\s+is\s+always\s+(?:\w+\s+){1,3}never"),
         "says the opposite of what it means, to mock"),
    Rule("dismissive",
         _r(r"(?:that\s+is|it\s+is)\s+(?:just\s+)?the\s+nature\s+of\s+(?:the|our|this)\s+(?:work|job|business|industry)|what\s+(?:do|did)\s+you\s+expect|(?:it\s+is|that\s+is)\s+(?:only|just)\s+(?:one|a|1)\s+(?:day|night|hour|week|morning|afternoon)|^(?:it\s+is|that\s+is)\s+one\s+(?:day|night|hour)\b|sort\s+(?:themselves|itself)\s+out|(?:resets?|rights?|fix(?:es)?)\s+itself|(?:happens|happen|pull\s+out|drop\s+out)\s+all\s+the\s+time|(?:it\s+is\s+)?(?:all\s+)?part\s+of\s+(?:\w+ing\b|life\b|the\s+(?:job|process|game|deal)\b)|welcome\s+to\s+the\s+club|not\s+getting\s+involved|(?:that\s+is|and\s+that\s+is)\s+the\s+end\s+of\s+(?:it|that|the\s+matter)|(?:it\s+is|that\s+is)\s+done\s+now|nothing\s+(?:more|else)\s+to\s+(?:discuss|say|talk\s+about)|you\s+will\s+(?:easily\s+|soon\s+)?find\s+(?:somewhere|something|another)|(?:it\s+is|that\s+is)\s+(?:easier|quicker|simpler)\s+for\s+everyone|honestly\s+it\s+is\s+(?:quicker|easier|simpler)"),
         "minimises the problem or shuts the customer down"),
    Rule("defensive",
         _r(r"we\s+(?:have\s+)?(?:only\s+)?got\s+(?:\w+\s+){1,2}(?:doctors|staff|engineers|people|drivers|nurses|agents|technicians)\s+for|(?:we|i)\s+(?:have\s+)?lost\s+(?:money|out)\s+on\s+(?:this|it)\s+too|we\s+are\s+only\s+a\s+small\s+(?:business|company|team|shop|firm)|i\s+(?:have\s+)?got\s+(?:\w+\s+){0,2}other\s+(?:\w+\s+)?(?:sales|customers|calls|jobs|clients)"),
         "defends yourself or the company instead of helping"),
    Rule("blame",
         _r(r"you\s+need\s+to\s+be\s+\w+ing\s+(?:\w+\s+){0,3}not\b|(?:that\s+is|it\s+is|that\s+was|it\s+was)\s+(?:their|his|her)\s+(?:decision|call|doing|choice)|(?:he|she|they|it)\s+(?:is|are|was|were)\s+(?:their|his|her)\s+responsibility|half\s+(?:of\s+)?the\s+(?:people|customers|callers)\s+who|(?:that\s+is|it\s+is)\s+between\s+you\s+and\s+(?:the|your)\s+\w+|(?:run|managed|operated|owned)\s+by\s+a\s+(?:separate|different|third\s+party|another)\s+(?:company|firm|business|organisation|organization)"),
         "puts the fault on the customer or someone else"),
)


# ---------------------------------------------------------------------------------------------------
PARAPHRASE_MARKERS = _r(
    r"(?:^so\s+|^right\s+so\s+|^okay\s+so\s+|^ok\s+so\s+|^so\s+just\s+)(?:you|your|the|a|it|if|what|they|nobody|no\s+one|we)|if\s+i\s+(?:am\s+)?(?:hear\s+you|hearing\s+you|understand\s+you|understand|have\s+(?:got\s+)?(?:this|that|it)|understood)(?:\s+(?:correctly|right|rightly))?|let\s+me\s+(?:make\s+sure|check)\s+i\s+(?:have|understand|got)|(?:have|did)\s+i\s+(?:got|get|understood|understand)\s+(?:that|this|it)\s+right|is\s+that\s+right|is\s+that\s+correct|am\s+i\s+right|(?:just\s+)?to\s+(?:make\s+sure|confirm|check|recap|summari[sz]e)|what\s+(?:i\s+am\s+hearing|you\s+are\s+(?:saying|telling\s+me))|you\s+are\s+(?:saying|telling\s+me)|so\s+what\s+happened\s+(?:is|was)|in\s+other\s+words|sounds\s+like\s+(?:you|the|your)"
)
_SECOND_PERSON_EVENT = _r(r"(?:you|your)\s+(?:\w+\s+){0,3}(?:was|were|have|has|had|did|got|ordered|asked|took|gave|paid|waited|stayed|booked|called|tried|been|bought|received|lost|missed)|(?:you\s+were|you\s+have\s+been|you\s+had|you\s+gave|you\s+took|you\s+ordered|you\s+asked|you\s+paid)")


def _concepts(norm: Norm) -> set[str]:
    words = [w for w in norm.words if w not in STOPWORDS and len(w) > 2]
    return {stem(w) for w in words} | {_NUMBER_WORDS.get(w, w) for w in norm.words if w in _NUMBER_WORDS or w.isdigit()}


_NUMBER_WORDS: dict[str, str] = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "twenty": "20", "thirty": "30", "forty": "40",
    "fifty": "50", "twice": "2", "hour": "60", "once": "1", "double": "2",
}
# Words so common in complaints that sharing them is not restating anything.
_GENERIC = frozenset(stem(w) for w in """help sorry custom customer service thing time thank want need know like
    one two day tell said say come came make take still even really anything nothing something""".split())


def paraphrase_evidence(norm: Norm, context: str | None) -> Evidence | None:
    """Restating the customer's specific facts: a reflecting frame plus facts shared with their line."""
    marker = PARAPHRASE_MARKERS.search(norm.text)
    shared: list[int] = []
    if context:
        ctx = _concepts(normalize(context)) - _GENERIC
        for i, w in enumerate(norm.words):
            key = _NUMBER_WORDS.get(w, w) if (w in _NUMBER_WORDS or w.isdigit()) else stem(w)
            if key in ctx and w not in STOPWORDS:
                shared.append(i)
        distinct = {stem(norm.words[i]) for i in shared}
        second_person = _SECOND_PERSON_EVENT.search(norm.text) is not None
        if (marker and len(distinct) >= 1) or (len(distinct) >= 3 and second_person) or (
            len(distinct) >= 2 and marker is None and second_person and _restating_shape(norm)
        ) or (len(distinct) >= 3 and marker is None and _noun_phrase_restatement(norm)):
            lo, hi = min(shared), max(shared) + 1
            if marker:
                c2w = norm.char_to_word()
                lo = min(lo, c2w[marker.start()])
            quote, a, b = norm.quote(lo, min(hi, lo + 14))
            facts = ", ".join(sorted({norm.words[i] for i in shared})[:4])
            return Evidence("paraphrase", quote, f"restates the customer's own facts ({facts})", a, b)
        return None
    if marker and _SECOND_PERSON_EVENT.search(norm.text):
        c2w = norm.char_to_word()
        lo = c2w[marker.start()]
        quote, a, b = norm.quote(lo, lo + 12)
        return Evidence("paraphrase", quote, "sums up the customer's situation to check it", a, b)
    return None


_NP_OPENERS = frozenset("""over nearly almost no hundreds thousands weeks months days hours
    whole half""".split())


def _noun_phrase_restatement(norm: Norm) -> bool:
    """'Eight hundred pounds for a week away with no warning': the customer's facts as a noun phrase
    (a number or quantity first, no first-person subject in the opening words)."""
    first = norm.words[0] if norm.words else ""
    opener = first in _NUMBER_WORDS or first.isdigit() or first in _NP_OPENERS or first in {"hundred", "three", "four", "five", "six", "seven", "eight", "nine", "ten"}
    return opener and len(norm.words) <= 30 and not {"i", "we", "me", "us"} & set(norm.words[:6])


def _restating_shape(norm: Norm) -> bool:
    return len(norm.words) <= 30 and norm.words[:1] in (("you",), ("your",), ("so",), ("a",), ("an",), ("being",), ("missing",), ("three",), ("two",))


def rule_evidence(norm: Norm, context: str | None = None) -> list[Evidence]:
    """Every tag the rules find, one Evidence per tag (the earliest trigger), in text order.

    Rules run sentence by sentence, so no pattern spans a full stop ("I get it. I'm on it now")."""
    segments: list[tuple[str, list[int]]] = []
    for lo, hi in norm.sentences or ((0, len(norm.words)),):
        words = norm.words[lo:hi]
        c2w: list[int] = []
        for i, word in enumerate(words):
            c2w.extend([lo + i] * len(word))
            c2w.append(lo + i + 1)
        segments.append((" ".join(words), c2w))
    whole = norm.text
    found: dict[str, Evidence] = {}
    for rule in RULES:
        if rule.tag in found:
            continue
        if rule.veto is not None and rule.veto.search(whole):
            continue
        hit = _first_hit(rule, segments)
        if hit is not None:
            quote, a, b = norm.quote(*hit)
            found[rule.tag] = Evidence(rule.tag, quote, rule.why, a, b)
    para = paraphrase_evidence(norm, context)
    if para is not None:
        found["paraphrase"] = para
    return sorted(found.values(), key=lambda e: (e.start, e.tag))


def _first_hit(rule: Rule, segments: list[tuple[str, list[int]]]) -> tuple[int, int] | None:
    for text, c2w in segments:
        for m in rule.pattern.finditer(text):
            if m.end() <= m.start():
                continue
            if rule.local_veto is not None:
                lo = max(0, m.start() - 25)
                if rule.local_veto.search(text[lo : m.end() + 30]):
                    continue
            return c2w[m.start()], c2w[max(m.start(), m.end() - 1)] + 1
    return None
