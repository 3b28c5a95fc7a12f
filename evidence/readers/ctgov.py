"""ClinicalTrials.gov registry records: legacy XML, API v1 JSON and API v2 JSON.

The three formats say the same things with different names ("Non-Randomized" in
legacy XML and v1, "NON_RANDOMIZED" in v2), so each is first read into one
`_Study`, with design values in the v2 spelling; the record is composed from that.
A registry record has no abstract: its body is the prose a reviewer screens
(summary, description, eligibility, outcomes) with the design facts as labelled
lines, so the same trial reads the same whichever format it came in.

Registry records list officials and contacts, not authors, so `authors` stays empty.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from evidence.model import InputError, Metadata, ParsedRecord
from evidence.readers._structured import (
    dedupe,
    first_year,
    local_name,
    parse_json,
    parse_xml,
    registry_id,
    squash,
)
from evidence.source import SourceFile


@dataclass
class _Study:
    """One registry record, whatever its format; design values already normalised."""

    nct_id: str = ""
    brief_title: str = ""
    official_title: str = ""
    other_ids: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)  # first posted, first submitted, start
    brief_summary: str = ""
    detailed_description: str = ""
    conditions: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    study_type: str = ""
    phases: list[str] = field(default_factory=list)
    allocation: str = ""
    intervention_model: str = ""
    observational_model: str = ""
    interventions: list[tuple[str, str]] = field(default_factory=list)  # (type, name)
    enrollment: str = ""
    enrollment_type: str = ""
    eligibility: str = ""
    primary_outcomes: list[tuple[str, str]] = field(default_factory=list)  # (measure, time frame)
    secondary_outcomes: list[tuple[str, str]] = field(default_factory=list)


# --- values ------------------------------------------------------------------------

_ENUM_JUNK = re.compile(r"[^A-Z0-9]+")
_ASSIGNMENT = re.compile(r"\s+ASSIGNMENT$")
_PHASE = re.compile(r"PHASE\s*(\d)")
_ENUM_ALIASES = {"ANTICIPATED": "ESTIMATED", "ESTIMATE": "ESTIMATED", "N_A": "NA"}


def _enum(value: str) -> str:
    """A design value in the API v2 spelling: "Single Group Assignment" -> "SINGLE_GROUP"."""
    text = _PHASE.sub(r"PHASE\1", _ASSIGNMENT.sub("", squash(value).upper()))
    text = _ENUM_JUNK.sub("_", text).strip("_")
    if text.startswith("OBSERVATIONAL"):  # "Observational [Patient Registry]"
        return "OBSERVATIONAL"
    return _ENUM_ALIASES.get(text, text)


def _phases(values: list[str]) -> list[str]:
    """Phase values, legacy "Phase 1/Phase 2" split into ["PHASE1", "PHASE2"]."""
    phases: list[str] = []
    for value in values:
        phases.extend(_enum(part) for part in value.split("/") if part.strip())
    return dedupe([p for p in phases if p])


def _intervention_type(value: str) -> str:
    """ "DIETARY_SUPPLEMENT" -> "Dietary Supplement"; legacy "Drug" stays as it is."""
    if value.isupper():
        return value.replace("_", " ").title()
    return value


_BULLET = re.compile(r"^(?:[-*•·]\s|[-*•]\S)")
_NUMBERED = re.compile(r"^(?:\d{1,3}|[a-zA-Z])[.)]\s")


def _unwrap(text: str) -> str:
    """A legacy-XML textblock with hard-wrapped, indented lines joined into paragraphs.

    Blank lines separate paragraphs. A line starting a list item ("-  age 18 to 50",
    "2. ...") starts a new line, and so does a line indented less than the item
    before it (the list has ended); any other line continues the previous one.
    A wrapped line that happens to begin "2. " is told from an item by its
    indentation: continuations are indented past the item's marker.
    """
    paragraphs: list[str] = []
    for block in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        lines = [(len(line) - len(line.lstrip()), line.strip()) for line in block.split("\n")]
        lines = [(indent, line) for indent, line in lines if line]
        if not lines:
            continue
        first_indent, out = lines[0]
        item_indent = first_indent if _BULLET.match(out) or _NUMBERED.match(out) else None
        previous = out
        for indent, line in lines[1:]:
            sibling = item_indent is not None and indent <= item_indent
            if _BULLET.match(line) or (_NUMBERED.match(line) and (sibling or previous[-1] in ".:;!?")):
                out += "\n" + line
                item_indent = indent
            elif item_indent is not None and indent < item_indent:
                out += "\n" + line
                item_indent = None
            else:
                out += " " + line
            previous = line
        paragraphs.append(out)
    return "\n\n".join(paragraphs)


def _str(value: Any) -> str:
    """A JSON scalar as stripped text; anything else (object, list, null) as ""."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return ""


def _at(obj: Any, *path: str) -> Any:
    """obj[path[0]][path[1]]..., or None where the JSON has no such object."""
    for key in path:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(key)
    return obj


def _items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _strs(value: Any) -> list[str]:
    return [s for s in (_str(v) for v in _items(value)) if s]


# --- the three formats -------------------------------------------------------------


def _from_v2(study: dict[str, Any]) -> _Study:
    """An API v2 study (camelCase modules under protocolSection)."""
    proto = study.get("protocolSection")
    ident = _at(proto, "identificationModule")
    status = _at(proto, "statusModule")
    design = _at(proto, "designModule")
    info = _at(design, "designInfo")
    outcomes = _at(proto, "outcomesModule")
    other_ids = [_str(_at(ident, "orgStudyIdInfo", "id"))]
    other_ids += [_str(_at(s, "id")) for s in _items(_at(ident, "secondaryIdInfos"))]
    return _Study(
        nct_id=_str(_at(ident, "nctId")),
        brief_title=_str(_at(ident, "briefTitle")),
        official_title=_str(_at(ident, "officialTitle")),
        other_ids=other_ids,
        dates=[
            _str(_at(status, "studyFirstPostDateStruct", "date")),
            _str(_at(status, "studyFirstSubmitDate")),
            _str(_at(status, "startDateStruct", "date")),
        ],
        brief_summary=_str(_at(proto, "descriptionModule", "briefSummary")),
        detailed_description=_str(_at(proto, "descriptionModule", "detailedDescription")),
        conditions=_strs(_at(proto, "conditionsModule", "conditions")),
        keywords=_strs(_at(proto, "conditionsModule", "keywords")),
        study_type=_str(_at(design, "studyType")),
        phases=_strs(_at(design, "phases")),
        allocation=_str(_at(info, "allocation")),
        intervention_model=_str(_at(info, "interventionModel")),
        observational_model=_str(_at(info, "observationalModel")),
        interventions=[
            (_str(_at(i, "type")), _str(_at(i, "name")))
            for i in _items(_at(proto, "armsInterventionsModule", "interventions"))
        ],
        enrollment=_str(_at(design, "enrollmentInfo", "count")),
        enrollment_type=_str(_at(design, "enrollmentInfo", "type")),
        eligibility=_str(_at(proto, "eligibilityModule", "eligibilityCriteria")),
        primary_outcomes=[
            (_str(_at(o, "measure")), _str(_at(o, "timeFrame")))
            for o in _items(_at(outcomes, "primaryOutcomes"))
        ],
        secondary_outcomes=[
            (_str(_at(o, "measure")), _str(_at(o, "timeFrame")))
            for o in _items(_at(outcomes, "secondaryOutcomes"))
        ],
    )


def _v1_outcomes(module: Any, kind: str) -> list[tuple[str, str]]:
    items = _items(_at(module, f"{kind}OutcomeList", f"{kind}Outcome"))
    return [(_str(_at(o, f"{kind}OutcomeMeasure")), _str(_at(o, f"{kind}OutcomeTimeFrame"))) for o in items]


def _from_v1(study: dict[str, Any]) -> _Study:
    """A legacy API v1 study (PascalCase modules under ProtocolSection, lists wrapped)."""
    proto = study.get("ProtocolSection")
    ident = _at(proto, "IdentificationModule")
    status = _at(proto, "StatusModule")
    design = _at(proto, "DesignModule")
    info = _at(design, "DesignInfo")
    other_ids = [_str(_at(ident, "OrgStudyIdInfo", "OrgStudyId"))]
    other_ids += [
        _str(_at(s, "SecondaryId")) for s in _items(_at(ident, "SecondaryIdInfoList", "SecondaryIdInfo"))
    ]
    models = _strs(_at(info, "DesignObservationalModelList", "DesignObservationalModel"))
    return _Study(
        nct_id=_str(_at(ident, "NCTId")),
        brief_title=_str(_at(ident, "BriefTitle")),
        official_title=_str(_at(ident, "OfficialTitle")),
        other_ids=other_ids,
        dates=[
            _str(_at(status, "StudyFirstPostDateStruct", "StudyFirstPostDate")),
            _str(_at(status, "StudyFirstSubmitDate")),
            _str(_at(status, "StartDateStruct", "StartDate")),
        ],
        brief_summary=_str(_at(proto, "DescriptionModule", "BriefSummary")),
        detailed_description=_str(_at(proto, "DescriptionModule", "DetailedDescription")),
        conditions=_strs(_at(proto, "ConditionsModule", "ConditionList", "Condition")),
        keywords=_strs(_at(proto, "ConditionsModule", "KeywordList", "Keyword")),
        study_type=_str(_at(design, "StudyType")),
        phases=_strs(_at(design, "PhaseList", "Phase")),
        allocation=_str(_at(info, "DesignAllocation")),
        intervention_model=_str(_at(info, "DesignInterventionModel")),
        observational_model=models[0] if models else "",
        interventions=[
            (_str(_at(i, "InterventionType")), _str(_at(i, "InterventionName")))
            for i in _items(_at(proto, "ArmsInterventionsModule", "InterventionList", "Intervention"))
        ],
        enrollment=_str(_at(design, "EnrollmentInfo", "EnrollmentCount")),
        enrollment_type=_str(_at(design, "EnrollmentInfo", "EnrollmentType")),
        eligibility=_str(_at(proto, "EligibilityModule", "EligibilityCriteria")),
        primary_outcomes=_v1_outcomes(_at(proto, "OutcomesModule"), "Primary"),
        secondary_outcomes=_v1_outcomes(_at(proto, "OutcomesModule"), "Secondary"),
    )


def _xml_text(elem: ET.Element | None) -> str:
    return squash("".join(elem.itertext())) if elem is not None else ""


def _xml_block(elem: ET.Element | None) -> str:
    """A textblock (or plain element) with its hard wrapping undone."""
    if elem is None:
        return ""
    block = elem.find("textblock")
    return _unwrap("".join((block if block is not None else elem).itertext()))


def _legacy_design(study: ET.Element) -> dict[str, str]:
    """Design facts, from <study_design_info> or the older one-line <study_design>."""
    info = study.find("study_design_info")
    if info is not None:
        return {local_name(child.tag): _xml_text(child) for child in info}
    design: dict[str, str] = {}
    for part in _xml_text(study.find("study_design")).split(","):
        key, _, value = part.partition(":")
        if value.strip():
            design[key.strip().lower().replace(" ", "_")] = value.strip()
    return design


def _from_xml(study: ET.Element) -> _Study:
    """A legacy ClinicalTrials.gov XML <clinical_study>."""
    ids = study.find("id_info")
    design = _legacy_design(study)
    enrollment = study.find("enrollment")
    other_ids = [_xml_text(e) for e in (ids if ids is not None else []) if local_name(e.tag) != "nct_id"]
    first_posted = study.find("study_first_posted")
    if first_posted is None:
        first_posted = study.find("firstreceived_date")
    return _Study(
        nct_id=_xml_text(study.find("id_info/nct_id")),
        brief_title=_xml_text(study.find("brief_title")),
        official_title=_xml_text(study.find("official_title")),
        other_ids=other_ids,
        dates=[
            _xml_text(first_posted),
            _xml_text(study.find("study_first_submitted")),
            _xml_text(study.find("start_date")),
        ],
        brief_summary=_xml_block(study.find("brief_summary")),
        detailed_description=_xml_block(study.find("detailed_description")),
        conditions=[_xml_text(c) for c in study.findall("condition")],
        keywords=[_xml_text(k) for k in study.findall("keyword")],
        study_type=_xml_text(study.find("study_type")),
        phases=[_xml_text(p) for p in study.findall("phase")],
        allocation=design.get("allocation", ""),
        intervention_model=design.get("intervention_model", ""),
        observational_model=design.get("observational_model", ""),
        interventions=[
            (_xml_text(i.find("intervention_type")), _xml_text(i.find("intervention_name")))
            for i in study.findall("intervention")
        ],
        enrollment=_xml_text(enrollment),
        enrollment_type=enrollment.get("type", "") if enrollment is not None else "",
        eligibility=_xml_block(study.find("eligibility/criteria")),
        primary_outcomes=[
            (_xml_text(o.find("measure")), _xml_text(o.find("time_frame")))
            for o in study.findall("primary_outcome")
        ],
        secondary_outcomes=[
            (_xml_text(o.find("measure")), _xml_text(o.find("time_frame")))
            for o in study.findall("secondary_outcome")
        ],
    )


# --- the record --------------------------------------------------------------------


def _outcome_lines(heading: str, outcomes: list[tuple[str, str]]) -> str:
    lines = [f"- {m} ({t})" if t else f"- {m}" for m, t in outcomes if m]
    return heading + "\n" + "\n".join(lines) if lines else ""


def _body(study: _Study, design: dict[str, Any]) -> str:
    """The record's prose and design facts as labelled paragraphs, in a fixed order."""
    interventions = [f"{_intervention_type(t)}: {n}" if t else n for t, n in study.interventions if n]
    enrollment = ""
    if "enrollment" in design:
        enrollment = f"Enrollment: {design['enrollment']}"
        if design.get("enrollment_type"):
            enrollment += f" ({design['enrollment_type']})"
    paragraphs = [
        f"Brief Summary\n{study.brief_summary}" if study.brief_summary else "",
        f"Detailed Description\n{study.detailed_description}" if study.detailed_description else "",
        "Conditions: " + "; ".join(study.conditions) if study.conditions else "",
        f"Study Type: {design['study_type']}" if design.get("study_type") else "",
        "Phase: " + ", ".join(design["phases"]) if design.get("phases") else "",
        f"Allocation: {design['allocation']}" if design.get("allocation") else "",
        f"Intervention Model: {design['intervention_model']}" if design.get("intervention_model") else "",
        "Interventions: " + "; ".join(interventions) if interventions else "",
        enrollment,
        f"Eligibility Criteria\n{study.eligibility}" if study.eligibility else "",
        _outcome_lines("Primary Outcome Measures", study.primary_outcomes),
        _outcome_lines("Secondary Outcome Measures", study.secondary_outcomes),
    ]
    return "\n\n".join(p for p in paragraphs if p)


def _design(study: _Study, note: Callable[[str], None]) -> dict[str, Any]:
    """The design facts `Metadata.extra` carries, in the v2 spelling."""
    design: dict[str, Any] = {}
    study_type = _enum(study.study_type)
    if study_type and study_type != "NA":
        design["study_type"] = study_type
    if phases := _phases(study.phases):
        design["phases"] = phases
    if allocation := _enum(study.allocation):
        design["allocation"] = allocation
    if model := _enum(study.intervention_model):
        design["intervention_model"] = model
    if model := _enum(study.intervention_model or study.observational_model):
        design["design_model"] = model
    if study.enrollment:
        count = study.enrollment.replace(",", "")
        if count.isdigit():
            design["enrollment"] = int(count)
            if kind := _enum(study.enrollment_type):
                design["enrollment_type"] = kind
        else:
            note(f"enrollment is not a number: {study.enrollment!r}")
    return design


def _record(study: _Study, note: Callable[[str], None]) -> ParsedRecord:
    design = _design(study, note)
    registry_ids = [registry_id(study.nct_id)] + [registry_id(v) for v in study.other_ids]
    year = next((y for y in map(first_year, study.dates) if y), None)
    if year is None and any(study.dates):
        note(f"no year in the registration or start dates {[d for d in study.dates if d]}")
    extra: dict[str, Any] = {k: v for k, v in design.items() if k != "intervention_model"}
    if study.official_title:
        extra["official_title"] = study.official_title
    if conditions := dedupe(study.conditions):
        extra["conditions"] = conditions
    if interventions := dedupe([name for _, name in study.interventions]):
        extra["interventions"] = interventions
    if keywords := dedupe(study.keywords):
        extra["keywords"] = keywords
    if study.nct_id:
        extra["native_id"] = study.nct_id
    meta = Metadata(
        title=study.brief_title or study.official_title or None,
        authors=[],
        journal=None,
        year=year,
        registry_ids=dedupe([r for r in registry_ids if r]),
        extra=extra,
    )
    return ParsedRecord(meta=meta, body=_body(study, design))


def _noter(source: SourceFile, number: int) -> Callable[[str], None]:
    return lambda message: source.warn(f"record {number}: {message}")


def read_xml(source: SourceFile) -> Iterator[ParsedRecord]:
    root = parse_xml(source)
    studies = [root] if local_name(root.tag) == "clinical_study" else list(root.iter("clinical_study"))
    if not studies:
        raise InputError(f"not ClinicalTrials.gov XML: root element <{local_name(root.tag)}>")
    for number, study in enumerate(studies, start=1):
        yield _record(_from_xml(study), _noter(source, number))


def _json_studies(data: Any) -> list[tuple[str, dict[str, Any]]]:
    """(version, study) pairs from any of the shapes the APIs return."""
    if isinstance(data, dict):
        if "FullStudiesResponse" in data:
            full = _items(_at(data, "FullStudiesResponse", "FullStudies"))
            return [("v1", s["Study"]) for s in full if isinstance(_at(s, "Study"), dict)]
        if isinstance(data.get("studies"), list):
            return _json_studies(data["studies"])
        if isinstance(data.get("Study"), dict):
            return [("v1", data["Study"])]
        if isinstance(data.get("protocolSection"), dict):
            return [("v2", data)]
        if isinstance(data.get("ProtocolSection"), dict):
            return [("v1", data)]
        return []
    if isinstance(data, list):
        return [pair for item in data if isinstance(item, dict) for pair in _json_studies(item)]
    return []


def read_json(source: SourceFile) -> Iterator[ParsedRecord]:
    try:
        studies = _json_studies(parse_json(source))
    except RecursionError:
        raise InputError("not valid JSON: nested too deeply") from None
    if not studies:
        raise InputError("no ClinicalTrials.gov studies (protocolSection or FullStudies) in the JSON")
    for number, (version, study) in enumerate(studies, start=1):
        parsed = _from_v2(study) if version == "v2" else _from_v1(study)
        yield _record(parsed, _noter(source, number))
