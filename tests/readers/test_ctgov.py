"""ClinicalTrials.gov reader: legacy XML, API v1 and v2 JSON give the same kind of record."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidence.model import InputError, ParsedRecord
from evidence.readers import ctgov
from evidence.source import SourceFile, load

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
FOLDER = "ctgov"


def _counts(folder: str) -> list[tuple[str, int]]:
    rows = []
    for line in (CORPUS / "counts.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        name, count = line.split("\t")
        if name.startswith(folder + "/"):
            rows.append((name, int(count)))
    return rows


def _reader(name: str) -> Callable[[SourceFile], Iterable[ParsedRecord]]:
    return ctgov.read_xml if name.endswith(".xml") else ctgov.read_json


def _read(name: str) -> list[ParsedRecord]:
    path = CORPUS / FOLDER / name
    return list(_reader(name)(load(path, path.name)))


def _snippet(text: str) -> SourceFile:
    return SourceFile(path=Path("x"), name="x", data=text.encode("utf-8"), text=text, encoding="utf-8")


def _v2(nct: str = "NCT01234567", **modules: object) -> dict[str, object]:
    proto: dict[str, object] = {"identificationModule": {"nctId": nct, "briefTitle": f"Study {nct}"}}
    proto.update(modules)
    return {"protocolSection": proto}


@pytest.mark.parametrize(("name", "count"), _counts(FOLDER))
def test_record_count_matches_counts_tsv(name: str, count: int) -> None:
    source = load(CORPUS / name, Path(name).name)
    assert len(list(_reader(name)(source))) == count


def test_every_fixture_is_in_counts_tsv() -> None:
    listed = {Path(n).name for n, _ in _counts(FOLDER)}
    assert {p.name for p in (CORPUS / FOLDER).iterdir()} <= listed


def test_v2_record_fields_and_body_order() -> None:
    [rec] = _read("NCT00763412.json")
    meta = rec.meta
    assert meta.title == (
        "Pilot and Feasibility Study for the Treatment of Pre-diabetes in Patients With Cystic Fibrosis"
    )
    assert meta.extra["official_title"] == meta.title
    assert meta.registry_ids == ["NCT00763412"]  # the NIH grant P60DK020579 is not a registry id
    assert meta.year == 2008
    assert meta.authors == [] and meta.journal is None and meta.doi is None
    extra = meta.extra
    assert extra["study_type"] == "INTERVENTIONAL"
    assert extra["allocation"] == "RANDOMIZED"
    assert extra["design_model"] == "PARALLEL"
    assert extra["phases"] == ["NA"]
    assert extra["enrollment"] == 31 and extra["enrollment_type"] == "ACTUAL"
    assert extra["conditions"] == ["Cystic Fibrosis Related Diabetes", "Pancreatic Insufficiency"]
    assert extra["interventions"] == ["placebo", "repaglinide"]
    assert extra["native_id"] == "NCT00763412"
    body = rec.body
    labels = [
        "Brief Summary\nThe purpose of this study",
        "Detailed Description\n",
        "Conditions: Cystic Fibrosis Related Diabetes; Pancreatic Insufficiency",
        "Study Type: INTERVENTIONAL",
        "Phase: NA",
        "Allocation: RANDOMIZED",
        "Intervention Model: PARALLEL",
        "Interventions: Drug: placebo; Drug: repaglinide",
        "Enrollment: 31 (ACTUAL)",
        "Eligibility Criteria\nInclusion Criteria:\n\n* Male or females 12 -24 years old",
        "Primary Outcome Measures\n- BMI (2 year/end of study)\n- Body Composition",
        "Secondary Outcome Measures\n- Glucose Tolerance (2-year)",
    ]
    positions = [body.index(label) for label in labels]
    assert positions == sorted(positions)
    assert "Results" not in body.split("\n")  # results are not summarised
    assert rec.raw_start is None


def test_v2_observational_study_and_french_registration() -> None:
    [rec] = _read("NCT06171568.json")
    meta = rec.meta
    assert meta.title == "Lariboisière Cognitive Assessment: Evaluation of the 1-year Outcomes"
    assert meta.registry_ids == ["NCT06171568", "2023-A00386-39"]  # ID-RCB
    assert meta.year == 2023
    assert meta.extra["study_type"] == "OBSERVATIONAL"
    assert meta.extra["design_model"] == "COHORT"
    assert meta.extra["enrollment"] == 400 and meta.extra["enrollment_type"] == "ESTIMATED"
    assert "Intervention Model" not in rec.body
    assert "Interventions: Other: Tests and questionnaires" in rec.body


def test_legacy_xml_and_v1_json_of_the_same_trial_agree() -> None:
    [xml] = _read("NCT00023673.xml")
    [v1] = _read("NCT00023673.json")
    for meta in (xml.meta, v1.meta):
        assert meta.title.startswith("Radiation Therapy Combined With Paclitaxel and Carboplatin")
        assert meta.registry_ids == ["NCT00023673"]
        assert meta.year == 2003  # first posted April 9, 2003
        assert meta.extra["phases"] == ["PHASE1", "PHASE2"]
        assert meta.extra["allocation"] == "NON_RANDOMIZED"
        assert meta.extra["design_model"] == "SINGLE_GROUP"
        assert meta.extra["enrollment"] == 63
        assert meta.extra["interventions"] == [
            "carboplatin",
            "paclitaxel",
            "three-dimensional conformal radiation therapy",
        ]
    shared = {k: v for k, v in xml.meta.extra.items()}
    assert shared == v1.meta.extra
    for rec in (xml, v1):
        assert "Interventions: Drug: carboplatin; Drug: paclitaxel; Radiation: three-dimensional" in rec.body
        assert "Enrollment: 63 (ACTUAL)" in rec.body
        outcome = "- Percentage of Patients Who Survive at Least 12 Months (From registration to 1 year)"
        assert outcome in rec.body


def test_legacy_textblocks_are_unwrapped() -> None:
    [rec] = _read("NCT00001177.xml")
    body = rec.body
    assert body.startswith(
        "Brief Summary\nThe purpose of this study is to identify and describe the symptoms of "
        "premenstrual syndrome (PMS).\n\nWomen who experience PMS symptoms"
    )
    assert "focus on: 1) identifying the endocrine changes" in body
    assert "-  age 18 to 50;\n\n-  not pregnant and in good medical health;" in body
    assert (
        "-  history within the last two years of at least six months with menstrually-related "
        "mood or behavioral disturbances"
    ) in body
    assert "\n      " not in body and "\r" not in body
    assert rec.meta.extra["enrollment_type"] == "ESTIMATED"  # "Anticipated"
    assert rec.meta.year == 1999


def test_list_items_without_blank_lines_start_new_lines() -> None:
    xml = (
        "<clinical_study><id_info><nct_id>NCT01234567</nct_id></id_info>"
        "<brief_title>T</brief_title><eligibility><criteria><textblock>\n"
        "        Inclusion Criteria:\n"
        "          -  adults aged 18 or\n"
        "             older\n"
        "          -  written consent\n"
        "        Exclusion:\n"
        "          1. pregnancy\n"
        "          2. prior surgery within\n"
        "             2. months\n"
        "      </textblock></criteria></eligibility></clinical_study>"
    )
    [rec] = ctgov.read_xml(_snippet(xml))
    assert rec.body == (
        "Eligibility Criteria\nInclusion Criteria:\n-  adults aged 18 or older\n-  written consent\n"
        "Exclusion:\n1. pregnancy\n2. prior surgery within 2. months"
    )


def test_withheld_device_trial_gives_one_record() -> None:
    [rec] = _read("NCT03182660.xml")
    assert rec.meta.title == "[Trial of device that is not approved or cleared by the U.S. FDA]"
    assert rec.meta.registry_ids == ["NCT03182660"]
    assert rec.meta.year == 2017
    assert "study_type" not in rec.meta.extra  # "N/A"
    assert rec.body == ""


def test_unposted_record_with_only_identification_gives_one_record() -> None:
    path = CORPUS / FOLDER / "NCT03453554.json"
    source = load(path, path.name)
    [rec] = ctgov.read_json(source)
    assert rec.meta.title == "Evaluating a Digital..."
    assert rec.meta.registry_ids == ["NCT03453554"]
    assert rec.meta.year is None
    assert rec.body == ""
    assert source.warnings == []


def test_registry_like_secondary_ids_only() -> None:
    xml = (
        "<clinical_study><id_info><org_study_id>2019-001234-12</org_study_id>"
        "<secondary_id>P60DK020579</secondary_id><secondary_id>ISRCTN12345678</secondary_id>"
        "<secondary_id>EudraCT: 2004-000123-45</secondary_id><secondary_id>81-M-0126</secondary_id>"
        "<secondary_id>ChiCTR2000029308</secondary_id><secondary_id>DRKS00012345</secondary_id>"
        "<secondary_id>ACTRN12617000876392</secondary_id>"
        "<nct_id>NCT01234567</nct_id></id_info><brief_title>T</brief_title></clinical_study>"
    )
    [rec] = ctgov.read_xml(_snippet(xml))
    assert rec.meta.registry_ids == [
        "NCT01234567",
        "2019-001234-12",
        "ISRCTN12345678",
        "2004-000123-45",
        "CHICTR2000029308",
        "DRKS00012345",
        "ACTRN12617000876392",
    ]


@pytest.mark.parametrize(
    "shape",
    [
        lambda a, b: {"studies": [a, b]},
        lambda a, b: [a, b],
        lambda a, b: {
            "FullStudiesResponse": {
                "FullStudies": [
                    {"Study": {"ProtocolSection": {"IdentificationModule": {"NCTId": "NCT01234567"}}}},
                    {"Study": {"ProtocolSection": {"IdentificationModule": {"NCTId": "NCT07654321"}}}},
                ]
            }
        },
    ],
    ids=["studies-page", "list", "v1-response"],
)
def test_json_shapes_give_one_record_per_study(shape: Callable[[object, object], object]) -> None:
    data = shape(_v2("NCT01234567"), _v2("NCT07654321"))
    records = list(ctgov.read_json(_snippet(json.dumps(data))))
    assert [r.meta.registry_ids for r in records] == [["NCT01234567"], ["NCT07654321"]]


def test_enrollment_that_is_not_a_number_warns() -> None:
    source = _snippet(json.dumps(_v2(designModule={"enrollmentInfo": {"count": "many"}})))
    [rec] = ctgov.read_json(source)
    assert "enrollment" not in rec.meta.extra
    assert source.warnings == ["record 1: enrollment is not a number: 'many'"]


def test_dates_without_year_fall_back_and_warn() -> None:
    status = {"studyFirstSubmitDate": "unknown", "startDateStruct": {"date": "2011-05"}}
    [rec] = ctgov.read_json(_snippet(json.dumps(_v2(statusModule=status))))
    assert rec.meta.year == 2011
    source = _snippet(json.dumps(_v2(statusModule={"studyFirstSubmitDate": "10 15"})))
    [rec] = ctgov.read_json(source)
    assert rec.meta.year is None
    assert len(source.warnings) == 1 and "no year" in source.warnings[0]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"protocolSection": ', "not valid JSON"),
        ("not json", "not valid JSON"),
        ('{"records": []}', "no ClinicalTrials.gov studies"),
        ("[1, 2, 3]", "no ClinicalTrials.gov studies"),
        ("[" * 100000, "not valid JSON"),
    ],
    ids=["truncated", "text", "other-json", "list-of-numbers", "deep"],
)
def test_unusable_json_raises_input_error(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        list(ctgov.read_json(_snippet(text)))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<clinical_study><brief_title>T", "not valid XML"),
        ("<PubmedArticleSet/>", "not ClinicalTrials.gov XML"),
        (
            '<?xml version="1.0"?><!DOCTYPE c [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">'
            '<!ENTITY c "&b;&b;&b;&b;">]><clinical_study><brief_title>&c;</brief_title></clinical_study>',
            "refused",
        ),
        (
            '<?xml version="1.0"?><!DOCTYPE c [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            "<clinical_study><brief_title>&x;</brief_title></clinical_study>",
            "refused",
        ),
    ],
    ids=["truncated", "other-xml", "billion-laughs", "external-entity"],
)
def test_unusable_xml_raises_input_error(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        list(ctgov.read_xml(_snippet(text)))


def _check(reader: Callable[[SourceFile], Iterable[ParsedRecord]], source: SourceFile) -> None:
    try:
        records = list(reader(source))
    except InputError:
        return
    for rec in records:
        assert isinstance(rec.body, str)
        assert rec.meta.title is None or isinstance(rec.meta.title, str)
        assert all(isinstance(r, str) for r in rec.meta.registry_ids)


@settings(max_examples=100, deadline=None)
@given(st.text())
def test_random_text_gives_records_or_input_error(text: str) -> None:
    _check(ctgov.read_xml, _snippet(text))
    _check(ctgov.read_json, _snippet(text))


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["NCT00763412.json", "NCT03418623.json", "NCT00023673.json"]), st.data())
def test_mutated_json_studies_give_records_or_input_error(name: str, data: st.DataObject) -> None:
    """Replace random parts of a real study with random JSON: wrong types must not crash."""
    study = json.loads((CORPUS / FOLDER / name).read_text(encoding="utf-8"))
    for _ in range(data.draw(st.integers(1, 6))):
        node = study
        while isinstance(node, (dict, list)) and node and data.draw(st.booleans()):
            key = data.draw(st.sampled_from(sorted(node) if isinstance(node, dict) else range(len(node))))
            if not isinstance(node[key], (dict, list)) or data.draw(st.integers(0, 3)) == 0:
                node[key] = data.draw(_JSON_VALUES)
                break
            node = node[key]
    _check(ctgov.read_json, _snippet(json.dumps(study)))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(["NCT00001177.xml", "NCT03182660.xml"]),
    st.lists(st.tuples(st.floats(0, 1), st.integers(0, 40), st.text(max_size=12)), max_size=4),
)
def test_mutated_xml_gives_records_or_input_error(name: str, edits: list[tuple[float, int, str]]) -> None:
    text = (CORPUS / FOLDER / name).read_text(encoding="utf-8")
    for where, cut, insert in edits:
        at = int(where * len(text))
        text = text[:at] + insert + text[at + cut :]
    _check(ctgov.read_xml, _snippet(text))
