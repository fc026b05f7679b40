"""Service frequencies as real IEPs, state guidance, complaint decisions and
therapists' pages write them, each with where it was read (issue 14).

Each row: the text, what it must read as, and its source. What it must read
as is (sessions a period, the period, minutes a period, sure), with None
for a figure the text does not give, or "not counted" for a text that
promises no definite amount (ambiguous or unreadable: the report counts
nothing for it). A row that reads but is marked unsure is sure=False: that
is never a silent misread.
"""

from __future__ import annotations

DOCSBAY = "https://docsbay.net/Amount-and-Frequency-Examples"
DOCSLIB = "https://docslib.org/doc/13928014/amount-and-frequency-examples"
LEVEL = "https://info.5y1.org/special-education-level-of-service_1_98a606.html"
SPEECHLIFE = "https://livingthespeechlife.com/2016/08/09/service-delivery-determining-service-time/"
SERR = (
    "https://serr.disabilityrightsca.org/serr-manual/chapter-4-information-on-iep-process/"
    "4-65-how-specific-does-the-iep-need-to-be-when-describing-the-related-services-"
    "that-are-being-provided-to-my-child/"
)
WI_13_034 = "https://dpi.wi.gov/sped/idea-complaint-decision-13-034"
WI_18_063 = "https://dpi.wi.gov/sped/idea-complaint-decision-18-063"
WI_18_092 = "https://dpi.wi.gov/sped/idea-complaint-decision-18-092"
WI_23_051 = "https://dpi.wi.gov/sped/idea-complaint-decision-23-051"
SRO_10_056 = "https://www.sro.nysed.gov/decision/2010/10-056"
CASELOAD = (
    "https://www.caseloadscheduler.com/resources/understanding-iep-minutes-requirements"
)
WV = "https://studylib.net/doc/11081486/i-e-p---i-n-s-t-r...--p-a-g-e-12"
KING = "https://alyssakingblog.blogspot.com/2010/03"
WI_07_087 = "https://dpi.wi.gov/sped/idea-complaint-decision-07-087"
WI_08_001 = "http://dpi.Wi.Gov/sped/idea-complaint-decision-08-001"
WI_10_071 = "http://dpi.wi.gov/sped/idea-complaint-decision-10-071"
WI_10_080 = "https://dpi.wi.gov/sped/idea-complaint-decision-10-080"
WI_14_034 = "https://dpi.wi.gov/sped/idea-complaint-decision-14-034"
WI_15_018 = "https://dpi.wi.gov/sped/idea-complaint-decision-15-018"
WI_17_067 = "https://dpi.wi.gov/sped/idea-complaint-decision-17-067"
WI_19_065 = "https://dpi.wi.gov/sped/idea-complaint-decision-19-065"
SERR_533 = (
    "https://serr.disabilityrightsca.org/serr-manual/chapter-5-information-on-related-"
    "services/5-33-what-must-be-written-in-my-childs-iep-concerning-related-services"
)
SERR_146 = (
    "https://serr.disabilityrightsca.org/serr-manual/chapter-14-information-on-the-"
    "rights-of-students-with-significant-health-conditions/14-6-if-my-child-is-eligible-"
    "for-section-504-or-special-education-who-determines-how-much-instruction-and-"
    "services-are-provided-at-home-or-in-the-hospital"
)
WRIGHTSLAW_CONSULT = "https://wrightslaw.com/blog/how-do-you-write-a-consult-in-the-iep"
WRIGHTSLAW_SUPPORT = "https://wrightslaw.com/blog/?p=18177"
UNDIVIDED_MINUTES = (
    "https://undivided.io/resources/what-do-i-do-if-the-school-wants-to-reduce-my-"
    "childs-service-minutes-2029"
)
UNDIVIDED_PE = (
    "https://undivided.io/resources/can-my-child-receive-physical-therapy-instead-of-"
    "pe-in-school-3458"
)
ALLEXPERTS = "http://en.allexperts.com/q/Special-Education-3018/2016/4/speech-3.htm"
REMEDYSPOT = "https://remedyspot.com/content/topic/261692-speech-therapy-through-school-district-help"
SLP_FORUM = (
    "https://redlib.privacytools.click/r/slp/search?after=t3_1gpzf8c"
    "&q=flair_name%3A%22Schools%22&restrict_sr=on"
)
CONDUCT = "https://conductscience.com/tools/therapy-frequency-recommender"
TSBVI = (
    "http://www.tsbvi.edu/instruction-items/2446-ieps-for-consult-students-a-helpful-"
    "note-from-chrissy-cowan"
)
MONTANA = (
    "https://www.yumpu.com/en/document/view/6201940/ot-pt-guidelines-montana-office-of-"
    "public-instruction/30"
)
IOWA_VI = (
    "https://docest.com/doc/570696/consultation-and-direct-services-for-students-with-a"
)
TX_GUIDE = "https://specialedstartguide.com/blog/texas-iep-related-services"
LDONLINE = "https://ldonline.org/forum/ieps-and-legal-issues/what-constitutes-specialized-instruction"
WEESPEECH = "https://weespeech.com/?p=3911"
GUIDE = "a parents' guide: after the IEP meeting (the service lines it shows)"
ISSUE = "issue 14 (pasted from IEP PDFs by users)"

NOT_COUNTED = "not counted"

PHRASINGS: list[tuple[str, object, str]] = [
    # DPI-style amount and frequency examples
    ("Twice weekly for 30 minutes each session for 3 out of 4 weeks", NOT_COUNTED, DOCSBAY),
    ("20 minutes one time per month observation", (1, "month", 20, True), DOCSBAY),
    ("60 minutes weekly for 3 out of 4 weeks", NOT_COUNTED, DOCSBAY),
    ("30 minutes one time per month", (1, "month", 30, True), DOCSBAY),
    ("Twice weekly for 30 minutes each session for the first 3 weeks of each month",
     NOT_COUNTED, DOCSBAY),
    ("15 minutes once monthly", (1, "month", 15, True), DOCSBAY),
    ("30 minutes two times per week (to drop to once weekly for 30 minutes per week "
     "after student is 90 % fluent in special education settings)", NOT_COUNTED, DOCSLIB),
    ("One session 30 minutes per week (when student is at least 90% fluent in special "
     "education settings.", NOT_COUNTED, DOCSLIB),
    ("3 sessions weekly for 20 minutes each", (3, "week", 60, True), DOCSLIB),
    ("20 minutes weekly", (None, "week", 20, True), DOCSLIB),
    ("20 minutes monthly", (None, "month", 20, True), DOCSLIB),
    # a service grid pasted from a PDF: a bare number is a guess
    ("3 times/year 15", (3, "year", 45, False), LEVEL),
    ("1/week 15", (1, "week", 15, False), LEVEL),
    # an SLP team's page on service time
    ("2 X 30 mpw", (2, "week", 60, True), SPEECHLIFE),
    ("2\u00d730 minutes per week", (2, "week", 60, True), SPEECHLIFE),
    ("45 minutes one time per week", (1, "week", 45, True), SPEECHLIFE),
    ("3\u00d720 minutes/week", (3, "week", 60, True), SPEECHLIFE),
    ("2\u00d745", NOT_COUNTED, SPEECHLIFE),
    ("4 hours per month", (None, "month", 240, True), SPEECHLIFE),
    ("1 hour per week", (None, "week", 60, True), SPEECHLIFE),
    ("60 minutes per week", (None, "week", 60, True), SPEECHLIFE),
    # Disability Rights California's manual
    ("in a group of no more than 3 students, 3 times per week, 30 minute sessions",
     (3, "week", 90, True), SERR),
    ("90 minutes weekly", (None, "week", 90, True), SERR),
    # Wisconsin complaint decisions
    ("six speech and language therapy sessions over three weeks each month, for a "
     "total of 180 minutes", (None, "month", 180, False), WI_13_034),
    ("two 25-30 minute speech and language therapy sessions five days per week",
     (10, "week", 250, True), WI_13_034),
    ("three 25 minute speech and language therapy sessions per week",
     (3, "week", 75, True), WI_13_034),
    ("30 minutes daily of special education instruction", (1, "day", 30, True), WI_18_063),
    ("20 minutes weekly of occupational therapy", (None, "week", 20, True), WI_18_063),
    ("20 minutes bi\u2011weekly of counseling", NOT_COUNTED, WI_18_063),
    ("50 minutes of math instruction in the special education room each day",
     (1, "day", 50, True), WI_18_092),
    ("60 minutes of English/language arts (ELA) instruction in the special education "
     "room each day", (1, "day", 60, True), WI_18_092),
    ("20 minutes of direct instruction", NOT_COUNTED, WI_18_092),
    ("1 time per week for 3 out of 4 weeks for 25 minutes", NOT_COUNTED, WI_23_051),
    # New York State Review Officer decisions
    ("daily speech-language therapy", (1, "day", None, True), SRO_10_056),
    ("one session per six day cycle", (1, "cycle", None, True), SRO_10_056),
    # a scheduling service's guide for school SLPs
    ("30 minutes, 2x per week", (2, "week", 60, True), CASELOAD),
    ("90 minutes per month", (None, "month", 90, True), CASELOAD),
    ("20 minutes per session, 3 sessions per week", (3, "week", 60, True), CASELOAD),
    # West Virginia's IEP instructions
    ("one day per week", (1, "week", None, True), WV),
    ("daily", (1, "day", None, True), WV),
    ("10-20 minutes per assignment", NOT_COUNTED, WV),
    # a teacher's description of an IEP page
    ("30 minutes each day", (1, "day", 30, True), KING),
    # what users pasted (the issue's examples)
    ("OT 30 min 1x weekly, consult 15 min monthly", (1, "week", 30, True), ISSUE),
    ("1 1/2 hours weekly", (None, "week", 90, True), ISSUE),
    ("1/2 a hour a week", (None, "week", 30, True), ISSUE),
    ("one hour a week", (None, "week", 60, True), ISSUE),
    ("two hours per day", (1, "day", 120, True), ISSUE),
    ("30 x 3/month", (3, "month", 90, False), ISSUE),
    ("small group (1-3 students) one time per week, 45-minute session",
     (1, "week", 45, True), ISSUE),
    ("20 minutes bi\u2011weekly", NOT_COUNTED, ISSUE),
    ("30 minutes each Friday", (1, "week", 30, True), ISSUE),
    ("120 mpw", (None, "week", 120, True), ISSUE),
    ("60 mpm", (None, "month", 60, True), ISSUE),
    ("2x/wk 30 min", (2, "week", 60, True), ISSUE),
    ("an hour and a half weekly", (None, "week", 90, True), ISSUE),
    ("1\u00bd hrs per week", (None, "week", 90, True), ISSUE),
    ("\uff13\uff10 minutes weekly", (None, "week", 30, True), ISSUE),
    ("30 minutes weekly when the student is in crisis", NOT_COUNTED, ISSUE),
    ("300 minutes per week", (None, "week", 300, True), ISSUE),
    # more Wisconsin complaint decisions
    ("four times per month at 25 minutes per session", (4, "month", 100, True), WI_07_087),
    ("six times per month for 20 minutes per time period", (6, "month", 120, True),
     WI_08_001),
    ("60 minutes weekly", (None, "week", 60, True), WI_10_071),
    ("once per week for 20 minutes", (1, "week", 20, True), WI_10_080),
    ("three sessions per week of speech and language services, with each session "
     "consisting of 25 minutes", (3, "week", 75, True), WI_14_034),
    ("20 minutes of psychological services one time per week", (1, "week", 20, True),
     WI_15_018),
    ("use of modifications and accommodations to regular education curriculum 100% of "
     "the time daily from 8:00 a.m.-3:18 p.m.", (1, "day", None, False), WI_15_018),
    ("three sessions per week", (3, "week", None, True), WI_17_067),
    ("30 minutes six times per month", (6, "month", 180, True), WI_19_065),
    ("30 minutes per day in each area", (1, "day", 30, False), WI_19_065),
    # Disability Rights California
    ("individual instruction in phonology and syntax one time per week, 45-minute session",
     (1, "week", 45, True), SERR_533),
    ("supportive group activities on a daily basis in the classroom",
     (1, "day", None, True), SERR_533),
    ("five hours per week", (None, "week", 300, True), SERR_146),
    # advocates' and parents' pages
    ("10 hours a year of consultation", (None, "year", 600, True), WRIGHTSLAW_CONSULT),
    ("OT will be provided through the consultative model", NOT_COUNTED,
     WRIGHTSLAW_CONSULT),
    ("as needed", NOT_COUNTED, WRIGHTSLAW_CONSULT),
    ("30 minutes in reading and 30 minutes in math each day", (1, "day", 30, False),
     WRIGHTSLAW_SUPPORT),
    ("120 minutes of special education services", NOT_COUNTED, WRIGHTSLAW_SUPPORT),
    ("15 minutes a week", (None, "week", 15, True), UNDIVIDED_MINUTES),
    ("400 minutes of physical education every 10 school days", (0.1, "day", 40, True),
     UNDIVIDED_PE),
    ("speech 4x a week and two are group and sessions are 30 min",
     (4, "week", 120, False), ALLEXPERTS),
    ("4 speech therapy sessions, 20-30 minutes in duration, 1:1", NOT_COUNTED, REMEDYSPOT),
    ("3-4 sessions/week", (3, "week", None, True), REMEDYSPOT),
    ("above 91 minutes per week", (None, "week", 91, False), REMEDYSPOT),
    ("30 minutes a week", (None, "week", 30, True), SLP_FORUM),
    ("60 minutes 2x week", (2, "week", 120, True), SLP_FORUM),
    ("90-120 minutes", NOT_COUNTED, SLP_FORUM),
    ("60 \u2013 90 min / week", (None, "week", 60, True), CONDUCT),
    ("2 \u2013 4 sessions per week", (2, "week", None, True), CONDUCT),
    ("Meeting with team members once every 6 weeks", (1 / 6, "week", None, True), TSBVI),
    ("collecting student progress data once every month", (1, "month", None, True),
     TSBVI),
    ("Observing once a month", (1, "month", None, True), TSBVI),
    ("Working once every 4 weeks with the student on cooking skills",
     (0.25, "week", None, True), TSBVI),
    ("one time per month", (1, "month", None, True), MONTANA),
    ("one time per nine-week", (1 / 9, "week", None, True), MONTANA),
    ("upon request", NOT_COUNTED, IOWA_VI),
    ("speech therapy twice a week", (2, "week", None, True), TX_GUIDE),
    ("30 mins 1 day/week and 35 3 days/week", (4, "week", 30, False), LDONLINE),
    ("RR= 40mins x 4days", NOT_COUNTED, LDONLINE),
    ("30mins of speech 2 days/week", (2, "week", 60, True), LDONLINE),
    ("about 195 mins total per week", NOT_COUNTED, LDONLINE),
    ("30 minutes a week to a group of 2-5 students at once", (1, "week", 30, True),
     WEESPEECH),
    ("20 minutes monthly consultation with classroom teacher", (None, "month", 20, True),
     DOCSLIB),
    # rows of a service grid as they paste from a PDF, columns and all
    ("Speech and Language / 20 minutes one time per month observation / General "
     "Education / IEP Term", (1, "month", 20, False), DOCSBAY),
    ("Speech and Language / 30 minutes one time per month / Community Setting / IEP Term",
     (1, "month", 30, False), DOCSBAY),
    ("Speech and Language / Twice weekly for 30 minutes each session for 3 out of 4 "
     "weeks / Special Education / IEP Term", NOT_COUNTED, DOCSBAY),
    ("Consultation between classroom teacher and speech language pathologist / 15 "
     "minutes once monthly / Regular Education / IEP Term", (1, "month", 15, False),
     DOCSBAY),
    ("Speech and 3 sessions weekly Special Education Beginning 9/5/11 Language for 20 "
     "minutes each Ending on 12/1/11", (3, "week", 60, True), DOCSLIB),
    ("Speech and 20 minutes weekly Special Education Beginning 12/2/11 Language Ending "
     "3/1/12", (None, "week", 20, True), DOCSLIB),
    ("Audiology X 3 times/year 15 1 year", (3, "year", 45, False), LEVEL),
    ("1/week 15 45", (1, "week", 15, False), LEVEL),
    # more from the same pages
    ("four weeks per month and a total of 300 minutes", (None, "month", 300, False),
     WI_13_034),
    ("4-5 days a week", (5, "week", None, False), SLP_FORUM),
    ("60 minutes 2x week of services", (2, "week", 120, True), SLP_FORUM),
    ("90 minutes broken down into 2\u00d745", NOT_COUNTED, SPEECHLIFE),
    ("4 hours per month instead of 1 hour per week", (None, "month", 240, False),
     SPEECHLIFE),
    ("one time per month or one time per nine-week", (1 / 9, "week", None, False),
     MONTANA),
    ("Obtaining feedback from classroom teachers once a month", (1, "month", None, True),
     TSBVI),
    ("frequent (3-4 sessions/week), of short duration (20-30 minutes)",
     (3, "week", 60, True), REMEDYSPOT),
    ("at least 400 minutes of physical education every 10 school days",
     (0.1, "day", 40, False), UNDIVIDED_PE),
    ("30 mins 1 day/week", (1, "week", 30, True), LDONLINE),
    ("35 3 days/week", (3, "week", None, False), LDONLINE),
    ("one session per six day cycle of occupational therapy (OT) services",
     (1, "cycle", None, True), SRO_10_056),
    ("adaptive writing tools daily during fine motor activities", NOT_COUNTED, WI_08_001),
    ("Typical session length: 20 - 30 min", NOT_COUNTED, CONDUCT),
    ("sessions are 30 min", NOT_COUNTED, ALLEXPERTS),
    # the service lines a parents' guide shows
    ("2 x 30 min weekly", (2, "week", 60, True), GUIDE),
    ("45 minutes daily", (1, "day", 45, True), GUIDE),
    ("1 x 30 min / 6-day cycle", (1, "cycle", 30, True), GUIDE),
]  # fmt: skip
