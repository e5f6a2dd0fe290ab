"""DfE code lists for the CIN census and SSDA903, one source for forms, generator and rules.

Labels follow the DfE guidance wording, shortened where the guidance runs to a paragraph. Lists
that change between collection years are keyed by the first year they apply to.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

CodeList = Mapping[str, str]


def _frozen(d: dict[str, str]) -> CodeList:
    return MappingProxyType(d)


REFERRAL_SOURCE = _frozen(
    {
        "1A": "Individual: family member, relative or carer",
        "1B": "Individual: acquaintance",
        "1C": "Individual: self",
        "1D": "Individual: other",
        "2A": "Schools",
        "2B": "Education services",
        "3A": "Health: GP",
        "3B": "Health: health visitor",
        "3C": "Health: school nurse",
        "3D": "Health: other primary health services",
        "3E": "Health: A&E",
        "3F": "Health: other",
        "4": "Housing",
        "5A": "LA services: social care (e.g. adults)",
        "5B": "LA services: other internal",
        "5C": "LA services: external (e.g. another LA)",
        "5D": "LA services: early help",
        "6": "Police",
        "7": "Other legal agency",
        "8": "Other",
        "9": "Anonymous",
        "10": "Unknown",
    }
)
PRIMARY_NEED = _frozen(
    {
        "N0": "Not stated",
        "N1": "Abuse or neglect",
        "N2": "Child's disability",
        "N3": "Parental disability or illness",
        "N4": "Family in acute stress",
        "N5": "Family dysfunction",
        "N6": "Socially unacceptable behaviour",
        "N7": "Low income",
        "N8": "Absent parenting",
        "N9": "Cases other than children in need",
    }
)
# SSDA903 category of need uses N1-N8 with the same meanings.
CATEGORY_OF_NEED = _frozen({k: v for k, v in PRIMARY_NEED.items() if k not in {"N0", "N9"}})
REASON_FOR_CLOSURE = _frozen(
    {
        "RC1": "Adopted",
        "RC2": "Died",
        "RC3": "Child arrangements order",
        "RC4": "Special guardianship order",
        "RC5": "Transferred to services of another LA",
        "RC6": "Transferred to adult social care",
        "RC7": "Services ceased for any other reason",
        "RC8": "Case closed after assessment, no further action",
        "RC9": "Case closed after assessment, referred to early help",
    }
)
ASSESSMENT_FACTORS = _frozen(
    {
        "1A": "Alcohol misuse: child",
        "1B": "Alcohol misuse: parent or carer",
        "1C": "Alcohol misuse: another person in the household",
        "2A": "Drug misuse: child",
        "2B": "Drug misuse: parent or carer",
        "2C": "Drug misuse: another person in the household",
        "3A": "Domestic abuse: child",
        "3B": "Domestic abuse: parent or carer",
        "3C": "Domestic abuse: another person in the household",
        "4A": "Mental health: child",
        "4B": "Mental health: parent or carer",
        "4C": "Mental health: another person in the household",
        "5A": "Learning disability: child",
        "5B": "Learning disability: parent or carer",
        "5C": "Learning disability: another person in the household",
        "6A": "Physical disability or illness: child",
        "6B": "Physical disability or illness: parent or carer",
        "6C": "Physical disability or illness: another person in the household",
        "7A": "Young carer",
        "8B": "Privately fostered: other",
        "8C": "Privately fostered: overseas",
        "8D": "Privately fostered: UK, educational",
        "8E": "Privately fostered: UK, parents unable",
        "8F": "Privately fostered: UK, other",
        "9A": "Unaccompanied asylum-seeking child",
        "10A": "Going missing",
        "11A": "Child sexual exploitation",
        "12A": "Trafficking",
        "13A": "Gangs",
        "14A": "Socially unacceptable behaviour",
        "15A": "Self-harm",
        "16A": "Abuse or neglect: neglect",
        "17A": "Abuse or neglect: emotional abuse",
        "18B": "Physical abuse: child on child",
        "18C": "Physical abuse: adult on child",
        "19B": "Sexual abuse: child on child",
        "19C": "Sexual abuse: adult on child",
        "20": "Other",
        "21": "No factors identified",
        "22A": "Female genital mutilation",
        "23A": "Abuse linked to faith or belief",
        "24A": "Child criminal exploitation",
    }
)
# Pre-2018 codes the XSD still accepts; returns flag them (queries 8945Q, 8950Q) and forms refuse them.
LEGACY_ASSESSMENT_FACTORS = _frozen(
    {
        "18A": "Physical abuse (before the child-on-child split)",
        "19A": "Sexual abuse (before the child-on-child split)",
    }
)
CATEGORY_OF_ABUSE = _frozen(
    {
        "NEG": "Neglect",
        "PHY": "Physical abuse",
        "SAB": "Sexual abuse",
        "EMO": "Emotional abuse",
        "MUL": "Multiple (no longer recommended)",
    }
)
DISABILITY = _frozen(
    {
        "NONE": "No disability",
        "MOB": "Mobility",
        "HAND": "Hand function",
        "PC": "Personal care",
        "INC": "Incontinence",
        "COMM": "Communication",
        "LD": "Learning",
        "HEAR": "Hearing",
        "VIS": "Vision",
        "BEH": "Behaviour",
        "CON": "Consciousness",
        "AUT": "Autism or Asperger syndrome",
        "DDA": "Other disability under the Equality Act",
    }
)
ETHNICITY = _frozen(
    {
        "WBRI": "White British",
        "WIRI": "White Irish",
        "WIRT": "Traveller of Irish heritage",
        "WOTH": "Any other White background",
        "WROM": "Gypsy/Roma",
        "MWBC": "White and Black Caribbean",
        "MWBA": "White and Black African",
        "MWAS": "White and Asian",
        "MOTH": "Any other mixed background",
        "AIND": "Indian",
        "APKN": "Pakistani",
        "ABAN": "Bangladeshi",
        "AOTH": "Any other Asian background",
        "BCRB": "Black Caribbean",
        "BAFR": "Black African",
        "BOTH": "Any other Black background",
        "CHNE": "Chinese",
        "OOTH": "Any other ethnic group",
        "REFU": "Refused",
        "NOBT": "Information not yet obtained",
    }
)
SEX = _frozen({"M": "Male", "F": "Female", "U": "Unknown (unborn child)"})
UPN_UNKNOWN = _frozen(
    {
        "UN1": "Child is now over compulsory school age",
        "UN2": "Child has never attended a maintained school in England",
        "UN3": "Child is educated outside England",
        "UN4": "Child newly arrived and UPN not yet issued",
        "UN5": "Sources collating UPNs reflect a discrepancy",
        "UN6": "Child aged under 6 years old and UPN not yet allocated",
        "UN7": "Referral with no further action before UPN known",
    }
)
CONTACT_OUTCOME = _frozen(
    {
        "referral": "Referral to children's social care",
        "early_help": "Early help",
        "information_advice": "Information and advice",
        "nfa": "No further action",
    }
)
REASON_NEW_EPISODE = _frozen(
    {
        "S": "Started to be looked after",
        "L": "Change of legal status only",
        "P": "Change of placement and carer(s) only",
        "T": "Change of placement (but same carer(s)) only",
        "U": "Change of legal status and change of placement (but same carer(s)) at the same time",
        "B": "Change of legal status and change of placement and carer(s) at the same time",
    }
)
LEGAL_STATUS = _frozen(
    {
        "C1": "Interim care order",
        "C2": "Full care order",
        "D1": "Freeing order granted",
        "E1": "Placement order granted",
        "V2": "Single period of accommodation under section 20",
        "V3": "Accommodated under an agreed series of short-term breaks (individual episodes)",
        "V4": "Accommodated under an agreed series of short-term breaks (multiple occasions)",
        "J1": "Remanded to LA accommodation or youth detention",
        "J2": "Placed in LA accommodation under PACE",
        "J3": "Sentenced to a youth rehabilitation order with residence or fostering",
        "L1": "Under police protection and in LA accommodation",
        "L2": "Emergency protection order",
        "L3": "Child assessment order with accommodation",
    }
)
_PLACE_COMMON = {
    "A3": "Placed for adoption with parental consent with current foster carer",
    "A4": "Placed for adoption with parental consent not with current foster carer",
    "A5": "Placed for adoption with placement order with current foster carer",
    "A6": "Placed for adoption with placement order not with current foster carer",
    "K1": "Secure children's home",
    "K2": "Children's home",
    "P1": "Placed with own parent(s) or person with parental responsibility",
    "P3": "Residential employment",
    "R1": "Residential care home",
    "R2": "NHS/health trust or other medical establishment",
    "R3": "Family centre or mother and baby unit",
    "R5": "Young offender institution or prison",
    "S1": "All residential schools, except where dual-registered as a school and children's home",
    "T0": "Temporary placement: all types",
    "T1": "Temporary: periods of less than 7 days",
    "T2": "Temporary: with carer or parents",
    "T3": "Temporary: other",
    "T4": "Temporary: holiday",
    "U1": "Foster placement with relative or friend: long term fostering",
    "U2": "Foster placement with relative or friend: FFA/concurrent planning",
    "U3": "Foster placement with relative or friend: not long term or FFA",
    "U4": "Foster placement with other foster carer: long term fostering",
    "U5": "Foster placement with other foster carer: FFA/concurrent planning",
    "U6": "Foster placement with other foster carer: not long term or FFA",
}
PLACEMENT_TYPE_BY_YEAR: Mapping[str, CodeList] = MappingProxyType(
    {
        "2024-25": _frozen(
            {
                **_PLACE_COMMON,
                "H5": "Semi-independent living accommodation not subject to children's homes regulations",
                "P2": "Independent living (e.g. flat, lodgings, bedsit, B&B)",
                "Z1": "Other placements",
            }
        ),
        "2025-26": _frozen(
            {
                **_PLACE_COMMON,
                "K3": "Supported accommodation (registered)",
                "Z11": "Other placements: unregistered children's home",
                "Z12": "Other placements: unregistered supported accommodation",
                "Z13": "Other placements: unregistered other",
                "Z14": "Other placements: with parents or others, not otherwise covered",
            }
        ),
    }
)
PLACEMENT_PROVIDER = _frozen(
    {
        "PR0": "Parent(s) or other person with parental responsibility",
        "PR1": "Own provision (by the LA)",
        "PR2": "Other LA provision",
        "PR3": "Other public provision (e.g. by a PCT)",
        "PR4": "Private provision",
        "PR5": "Voluntary/third sector provision",
    }
)
# PLACE_PROVIDER must be blank for these placement types.
PLACEMENT_TYPES_WITHOUT_PROVIDER = frozenset(
    {"T0", "T1", "T2", "T3", "T4", "Z11", "Z12", "Z13", "Z14"}
)
REASON_EPISODE_CEASED = _frozen(
    {
        "X1": "Episode ceased, child remains looked after",
        "E11": "Adopted: application unopposed",
        "E12": "Adopted: consent dispensed with by the court",
        "E2": "Died",
        "E3": "Care taken over by another LA in the UK",
        "E4A": "Returned home to live with parents",
        "E4B": "Returned home to live with parents, not part of care planning",
        "E13": "Left care to live with parents, relatives or others: no PR",
        "E41": "Residence order or child arrangements order granted",
        "E45": "Special guardianship order made to former foster carers (relatives or friends)",
        "E46": "Special guardianship order made to former foster carers (other)",
        "E47": "Special guardianship order made to carers other than former foster carers (relatives)",
        "E48": "Special guardianship order made to carers other than former foster carers (other)",
        "E5": "Moved into independent living arrangement with formalised support",
        "E6": "Moved into independent living arrangement without formalised support",
        "E7": "Transferred to residential care funded by adult social care",
        "E8": "Period of being looked after ceased for any other reason",
        "E9": "Sentenced to custody",
        "E14": "Accommodation on remand ended",
        "E15": "Age assessment determined child is aged 18 or over",
        "E16": "Child moved abroad",
        "E17": "Aged 18 (or over) and remained with current carers",
    }
)
ADOPTION_REASONS_CEASED = frozenset({"E11", "E12"})
SGO_REASONS_CEASED = frozenset({"E43", "E44", "E45", "E46", "E47", "E48"})
REASON_PLACE_CHANGE = _frozen(
    {
        "CARPL": "Change to/implementation of care plan",
        "CLOSE": "Resignation or closure of provision",
        "ALLEG": "Allegation (s47)",
        "STAND": "Standards of care concern",
        "APPRR": "Approval removed",
        "CREQB": "Carer request: behaviour",
        "CREQO": "Carer request: other",
        "CHILD": "Child requests",
        "LAREQ": "Responsible LA requests",
        "PLACE": "Change of placement plan",
        "CUSTOD": "Custody arrangement",
        "OTHER": "Other",
    }
)
REVIEW_PARTICIPATION = _frozen(
    {
        "PN0": "Child aged under 4 at the time of the review",
        "PN1": "Child physically attends and speaks for themselves",
        "PN2": "Child attends and an advocate speaks on their behalf",
        "PN3": "Child attends and conveys their views symbolically (non-verbally)",
        "PN4": "Child attends but does not speak or convey views",
        "PN5": "Child does not attend but briefs an advocate to speak for them",
        "PN6": "Child does not attend but conveys feelings by another method",
        "PN7": "Child does not attend nor convey their views",
    }
)
MISSING_TYPE = _frozen({"M": "Missing", "A": "Away from placement without authorisation"})
CARE_LEAVER_IN_TOUCH = _frozen(
    {
        "YES": "In touch",
        "NO": "Not in touch",
        "DIED": "Died",
        "REFU": "Refuses contact",
        "NREQ": "No longer requires services",
        "RHOM": "Returned home for more than 6 months",
    }
)
CARE_LEAVER_ACTIVITY = _frozen(
    {
        "F1": "Full-time higher education",
        "P1": "Part-time higher education",
        "F2": "Full-time education other than higher",
        "P2": "Part-time education other than higher",
        "F4": "Full-time training or employment",
        "P4": "Part-time training or employment",
        "F5": "Full-time apprenticeship",
        "P5": "Part-time apprenticeship",
        "G4": "Not in education, employment or training: illness or disability",
        "G5": "Not in education, employment or training: other reasons",
        "G6": "Not in education, employment or training: pregnancy or parenting",
        "0": "Information not known",
    }
)
CARE_LEAVER_EET = frozenset({"F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5"})
_ACCOM_KINDS = {
    "B": "With parents or relatives",
    "C": "Community home or other residential care",
    "D": "Semi-independent, transitional accommodation",
    "E": "Supported lodgings",
    "G": "Gone abroad",
    "H": "Deported",
    "K": "Ordinary lodgings",
    "R": "Residence not known",
    "S": "No fixed abode / homeless",
    "T": "Foyers",
    "U": "Independent living",
    "V": "Emergency accommodation",
    "W": "Bed and breakfast",
    "X": "In custody",
    "Y": "Other accommodation",
    "Z": "With former foster carers",
}
CARE_LEAVER_ACCOMMODATION = _frozen(
    {
        **{
            f"{k}{n}": f"{label}: {'suitable' if n == 1 else 'not suitable'}"
            for k, label in _ACCOM_KINDS.items()
            for n in (1, 2)
            if f"{k}{n}" not in {"X1", "S1"}
        },
        "0": "Information not known",
    }
)
SDQ_REASON = _frozen(
    {
        "SDQ1": "No form returned: child aged under 4 or over 17",
        "SDQ2": "Carer refused",
        "SDQ3": "Not possible due to severity of disability",
        "SDQ4": "Other",
        "SDQ5": "Child or young person refuses",
    }
)
SEX_OF_ADOPTERS = _frozen(
    {
        "M1": "Male adopter",
        "F1": "Female adopter",
        "MM": "Male couple",
        "FF": "Female couple",
        "MF": "Mixed-sex couple",
    }
)
ADOPTERS_LEGAL_STATUS = _frozen(
    {
        "L0": "Single adopter",
        "L11": "Married couple (different sex)",
        "L12": "Married couple (same sex)",
        "L2": "Civil partners",
        "L3": "Unmarried couple (different sex)",
        "L4": "Unmarried couple (same sex)",
    }
)
REASON_PLACED_CEASED = _frozen(
    {
        "RD1": "The child's needs changed after the decision",
        "RD2": "The court did not make a placement order",
        "RD3": "Prospective adopters could not be found",
        "RD4": "Any other reason",
    }
)
PREVIOUS_PERMANENCE = _frozen(
    {
        "P1": "Adoption",
        "P2": "Special guardianship order",
        "P3": "Residence order or child arrangements order",
        "P4": "Adoption (overseas)",
        "Z1": "Unknown",
    }
)
SOCIAL_WORKER_CHANGE_REASON = _frozen(
    {
        "MANAGE": "Management decision",
        "FCONTA": "Family or child request",
        "LEFTRL": "Social worker left the role",
        "ORGRST": "Organisational restructure",
        "TSPROC": "Transfer between teams in line with process",
        "ABSENC": "Absence",
        "CHCHAN": "Child's circumstances changed",
        "PCCHAN": "Placement change",
        "SWDIED": "Social worker died",
        "OTHERS": "Other",
    }
)


def _upn_la_codes() -> frozenset[str]:
    """LA codes a UPN may carry (characters 2-4): post-April-1998 LA codes and the recognised
    pseudo-LA codes, as listed by the DfE for CIN census rule 1530 (942 Cumberland and 943
    Westmorland and Furness since 2023-24)."""
    spans = [
        (1, 5), (201, 213), (301, 320), (330, 336), (340, 344), (350, 359), (370, 373), (380, 384),
        (390, 394), (420, 420), (660, 681), (701, 708), (800, 803), (805, 808), (810, 813), (815, 816),
        (820, 823), (825, 826), (830, 831), (835, 841), (845, 846), (850, 852), (855, 857), (860, 861),
        (865, 896), (908, 909), (916, 916), (919, 919), (921, 921), (925, 926), (928, 929), (931, 931),
        (933, 933), (935, 938), (940, 943),
    ]  # fmt: skip
    return frozenset(f"{n:03d}" for a, b in spans for n in range(a, b + 1))


UPN_LA_CODES = _upn_la_codes()

_LISTS: dict[str, CodeList] = {
    "referral_source": REFERRAL_SOURCE,
    "primary_need": PRIMARY_NEED,
    "category_of_need": CATEGORY_OF_NEED,
    "reason_for_closure": REASON_FOR_CLOSURE,
    "assessment_factors": ASSESSMENT_FACTORS,
    "category_of_abuse": CATEGORY_OF_ABUSE,
    "disability": DISABILITY,
    "ethnicity": ETHNICITY,
    "sex": SEX,
    "upn_unknown": UPN_UNKNOWN,
    "contact_outcome": CONTACT_OUTCOME,
    "reason_new_episode": REASON_NEW_EPISODE,
    "legal_status": LEGAL_STATUS,
    "placement_provider": PLACEMENT_PROVIDER,
    "reason_episode_ceased": REASON_EPISODE_CEASED,
    "reason_place_change": REASON_PLACE_CHANGE,
    "review_participation": REVIEW_PARTICIPATION,
    "missing_type": MISSING_TYPE,
    "care_leaver_in_touch": CARE_LEAVER_IN_TOUCH,
    "care_leaver_activity": CARE_LEAVER_ACTIVITY,
    "care_leaver_accommodation": CARE_LEAVER_ACCOMMODATION,
    "sdq_reason": SDQ_REASON,
    "sex_of_adopters": SEX_OF_ADOPTERS,
    "adopters_legal_status": ADOPTERS_LEGAL_STATUS,
    "reason_placed_ceased": REASON_PLACED_CEASED,
    "previous_permanence": PREVIOUS_PERMANENCE,
    "social_worker_change_reason": SOCIAL_WORKER_CHANGE_REASON,
}
_BY_YEAR: dict[str, Mapping[str, CodeList]] = {"placement_type": PLACEMENT_TYPE_BY_YEAR}
LATEST_YEAR = "2026-27"


class UnknownCodeList(KeyError):
    pass


def code_list(name: str, year: str | None = None) -> CodeList:
    """The code list `name` for collection year `year` ("2025-26"); the latest year by default."""
    if name in _LISTS:
        return _LISTS[name]
    if name in _BY_YEAR:
        by_year = _BY_YEAR[name]
        wanted = year or LATEST_YEAR
        # The earliest list also covers the years before it (codes we hold from then on).
        applicable = [y for y in sorted(by_year) if y <= wanted] or [min(by_year)]
        return by_year[applicable[-1]]
    raise UnknownCodeList(f"no code list called {name!r}")


def is_valid_code(name: str, code: str | None, year: str | None = None) -> bool:
    return code is not None and code in code_list(name, year)


def choices(name: str, year: str | None = None) -> list[tuple[str, str]]:
    """(code, "code: label") pairs for a form or model field."""
    return [(c, f"{c}: {label}") for c, label in code_list(name, year).items()]
