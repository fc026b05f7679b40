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
]  # fmt: skip
