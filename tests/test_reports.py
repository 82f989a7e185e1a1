"""The report parser reads real Ofsted PDFs right, and each layout trap on its own."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfWriter

from scrapers.report_dates import find_inspection_dates, parse_date_range
from scrapers.reports import (
    Report,
    ReportError,
    describe_report_json,
    parse_report,
    parse_report_text,
    report_file_json,
)

HERE = Path(__file__).resolve().parent
BUNDLED = HERE / "data" / "reports"
SHARED = HERE.parents[1] / "shared" / "sample_reports"
RI = "requires_improvement"


def _cases(directory: Path) -> list[Any]:
    if not (directory / "expected.jsonl").is_file():
        return []
    lines = (directory / "expected.jsonl").read_text(encoding="utf-8").splitlines()
    return [
        pytest.param(directory / case["path"], case, id=case["path"])
        for case in map(json.loads, filter(None, lines))
    ]


def _check_against_truth(pdf: Path, truth: dict[str, Any]) -> None:
    got = report_file_json(pdf)
    assert "error" not in got, got
    assert got["council"] in [truth["council"], *truth.get("council_alt", [])]
    assert got["council_code"] in [truth["gss_code"], *truth.get("gss_alt", [])]
    assert got["inspection"] == truth["inspection"]
    assert got["inspection_start"] == truth["inspection_start"]
    assert got["inspection_end"] == truth["inspection_end"]
    assert got["judgements"] == truth["judgements"]


@pytest.mark.parametrize(("pdf", "truth"), _cases(BUNDLED))
def test_bundled_sample_reports_parse_exactly_as_labelled(pdf: Path, truth: dict[str, Any]) -> None:
    _check_against_truth(pdf, truth)


def test_bundled_samples_are_present() -> None:
    assert len(_cases(BUNDLED)) >= 5


@pytest.mark.parametrize(("pdf", "truth"), _cases(SHARED))
def test_shared_sample_reports_parse_exactly_as_labelled(pdf: Path, truth: dict[str, Any]) -> None:
    _check_against_truth(pdf, truth)


def test_json_line_has_exactly_the_contract_fields() -> None:
    line = report_file_json(BUNDLED / "bradford-2026-05-21.pdf")
    assert list(line) == ["source", "council", "council_code", "inspection", "inspection_start",
                          "inspection_end", "judgements"]
    assert line["source"] == str(BUNDLED / "bradford-2026-05-21.pdf")
    json.dumps(line)
    assert "Bradford" in describe_report_json(line)


def test_an_ilacs_report_reads_only_its_first_page() -> None:
    from scrapers.report_text import PdfPages

    pages = PdfPages.from_bytes((BUNDLED / "southend-on-sea-2019-08-27.pdf").read_bytes())
    parse_report_text(pages)
    assert pages.extracted == [0]


# --- Text snippets: one layout trap each ---------------------------------------------------

ILACS_HEAD = """Inspection of Oxfordshire local authority children's services
Inspection dates: {dates}
Lead inspector: Jane Doe, His Majesty's Inspector
Judgement Grade
"""
NARRATIVE = """
Children in care and care leavers receive a good service. Leaders are good at knowing
their services and the overall effectiveness of help is judged to be good.
"""


def _ilacs(table: str, dates: str = "4 to 15 March 2024") -> Report:
    return parse_report_text([ILACS_HEAD.format(dates=dates) + table + NARRATIVE, "page two"])


def test_ilacs_2018_combined_row_grades_in_care() -> None:
    report = _ilacs(
        "The impact of leaders on social work practice with\nchildren and families\nGood\n"
        "The experiences and progress of children who need\nhelp and protection\n"
        "Requires improvement to\nbe good\n"
        "The experiences and progress of children in care and\ncare leavers\nOutstanding\n"
        "Overall effectiveness Good\n",
        dates="16 April to 20 April 2018",
    )
    assert report.inspection == "ilacs"
    assert report.judgements == {"leaders": "good", "help_protection": RI,
                                 "in_care": "outstanding", "overall": "good"}
    assert (report.inspection_start, report.inspection_end) == (date(2018, 4, 16),
                                                                date(2018, 4, 20))


def test_grades_printed_above_their_labels_are_paired_in_order() -> None:
    report = _ilacs(
        "Good\nThe impact of leaders on social work practice with children and families\n"
        "Inadequate\nThe experiences and progress of children who need help and protection\n"
        "Requires improvement to be good\nThe experiences and progress of children in care\n"
        "Outstanding\nThe experiences and progress of care leavers\n"
        "Inadequate\nOverall effectiveness\n"
    )
    assert report.judgements == {"leaders": "good", "help_protection": "inadequate",
                                 "in_care": RI, "care_leavers": "outstanding",
                                 "overall": "inadequate"}


def test_overall_grade_printed_above_its_label_under_care_leavers() -> None:
    report = _ilacs(
        "The impact of leaders on social work\npractice with children and families\nGood\n"
        "The experiences and progress of\nchildren who need help and protection\nGood\n"
        "The experiences and progress of\nchildren in care\nGood\n"
        "The experiences and progress of care\nleavers\nOutstanding\n"
        "Requires improvement to be good\nOverall effectiveness\n"
    )
    assert report.judgements["care_leavers"] == "outstanding"
    assert report.judgements["overall"] == RI


def test_overall_cell_straddling_its_label_is_one_grade() -> None:
    report = _ilacs(
        "The impact of leaders on social work practice with children\nand families\nGood\n"
        "The experiences and progress of children who need help and\nprotection\nGood\n"
        "The experiences and progress of children in care and care\nleavers\nGood\n"
        "Requires improvement\nOverall effectiveness\nto be good\n"
    )
    assert report.judgements == {"leaders": "good", "help_protection": "good",
                                 "in_care": "good", "overall": RI}


def test_two_column_layout_puts_grades_inside_wrapped_labels() -> None:
    report = _ilacs(
        "The impact of leaders on social work Good\n"
        "practice with children and families\n"
        "The experiences and progress of Requires improvement\n"
        "children who need help and protection to be good\n"
        "The experiences and progress of Inadequate\n"
        "children in care\n"
        "The experiences and progress of care Good\n"
        "leavers\n"
        "Overall effectiveness Requires improvement to be good\n"
    )
    assert report.judgements == {"leaders": "good", "help_protection": RI,
                                 "in_care": "inadequate", "care_leavers": "good",
                                 "overall": RI}


def test_grade_column_extracted_after_all_labels_is_paired_in_order() -> None:
    report = _ilacs(
        "The impact of leaders on social work practice with children and families\n"
        "The experiences and progress of children who need help and protection\n"
        "The experiences and progress of children in care\n"
        "The experiences and progress of care leavers\n"
        "Overall effectiveness\n"
        "Good\nRequires improvement\nto be good\nOutstanding\nInadequate\nGood\n"
    )
    assert report.judgements == {"leaders": "good", "help_protection": RI,
                                 "in_care": "outstanding", "care_leavers": "inadequate",
                                 "overall": "good"}


def test_grade_wrapped_before_its_last_word_is_still_one_grade() -> None:
    report = _ilacs(
        "The impact of leaders on social work practice with children and families\n"
        "Requires improvement to be\ngood\n"
        "The experiences and progress of children who need help and protection\nGood\n"
        "The experiences and progress of children in care and care leavers\nGood\n"
        "Overall effectiveness of children's services Requires\nimprovement to be good\n",
        dates="3 to 14 December 2018",
    )
    assert report.judgements == {"leaders": RI, "help_protection": "good", "in_care": "good",
                                 "overall": RI}


def test_text_extracted_without_spaces_between_words_still_reads() -> None:
    report = _ilacs(
        "Theimpactofleadersonsocialworkpracticewithchildrenandfamilies\nGood\n"
        "Theexperiencesandprogressofchildrenwhoneedhelpandprotection\nRequiresimprovementtobegood\n"
        "Theexperiencesandprogressofchildrenincare\nNotjudged\n"
        "Theexperiencesandprogressofcareleavers\nGood\n"
        "Overalleffectiveness\nRequiresimprovement\ntobegood\n"
    )
    assert report.judgements == {"leaders": "good", "help_protection": RI,
                                 "care_leavers": "good", "overall": RI}


def test_unreadable_page_one_table_falls_back_to_section_headings() -> None:
    first = ILACS_HEAD.format(dates="10 to 21 July 2023") + "(table drawn as an image)\n"
    body = [
        "Summary\nThe experiences and progress of children who need help and\n"
        "protection: requires improvement to be good\nChildren are seen promptly.",
        "The experiences and progress of children in care: good\nMost children live well.",
        "The experiences and progress of care leavers: outstanding\nCare leavers thrive.",
        "The impact of leaders on social work practice with children and\nfamilies: good\n",
    ]
    report = parse_report_text([first, *body])
    assert report.judgements == {"help_protection": RI, "in_care": "good",
                                 "care_leavers": "outstanding", "leaders": "good"}


def test_misprinted_children_care_leavers_row_means_care_leavers() -> None:
    report = _ilacs(
        "The impact of leaders on social work\npractice with children and families\nGood\n"
        "The experiences and progress of\nchildren who need help and protection\nGood\n"
        "The experiences and progress of\nchildren in care\nInadequate\n"
        "The experiences and progress of\nchildren care leavers\nOutstanding\n"
        "Overall effectiveness Good\n",
        dates="12 to 23 January 2026",
    )
    assert report.judgements["in_care"] == "inadequate"
    assert report.judgements["care_leavers"] == "outstanding"
    assert report.judgements["overall"] == "good"


def test_inspections_from_april_2026_never_have_an_overall_grade() -> None:
    table = (
        "The impact of leaders on social work practice with children and families Good\n"
        "The experiences and progress of children who need help and protection Good\n"
        "The experiences and progress of children in care Good\n"
        "The experiences and progress of care leavers Good\n"
        "Overall effectiveness Good\n"
    )
    after = _ilacs(table, dates="27 April to 1 May 2026")
    before = _ilacs(table, dates="16 to 27 March 2026")
    assert "overall" not in after.judgements and len(after.judgements) == 4
    assert before.judgements["overall"] == "good"


SIF_PAGE = """London Borough of Barking and
Dagenham
Inspection of services for children in need of help and
protection, children looked after and care leavers
and
Review of the effectiveness of the local safeguarding children
board1
Inspection date: 29 April - 22 May 2014
Report published: 7 July 2014
The overall judgement is inadequate
There are widespread or serious failures. Children receive good help in some areas.
{rows}
"""


def test_sif_grades_split_above_and_below_each_label() -> None:
    rows = (
        "requires\n1. Children who need help and protection\nimprovement\n\n"
        "requires\n2. Children looked after and achieving permanence\nimprovement\n\n"
        "2.1 Adoption performance good\n\n"
        "requires\n2.2 Experiences and progress of care leavers\nimprovement\n\n"
        "3. Leadership, management and governance inadequate\n"
        "The effectiveness of the Local Safeguarding Children Board (LSCB) is\n"
        "requires improvement\n"
    )
    report = parse_report_text([SIF_PAGE.format(rows=rows)])
    assert report.inspection == "sif"
    assert report.judgements == {"overall": "inadequate", "help_protection": RI, "in_care": RI,
                                 "adoption": "good", "care_leavers": RI,
                                 "leaders": "inadequate", "lscb": RI}


def test_sif_labels_then_split_grade_cells_pair_in_order() -> None:
    rows = (
        "1. Children who need help and protection\n"
        "2. Children looked after and achieving permanence\n"
        "2.1 Adoption performance\n2.2 Experiences and progress of care leavers\n"
        "3. Leadership, management and governance\n"
        "requires\nimprovement\ngood\noutstanding\nrequires\nimprovement\ninadequate\n"
        "The effectiveness of the Local Safeguarding Children Board (LSCB) is\n"
        "good\n"
    )
    report = parse_report_text([SIF_PAGE.format(rows=rows)])
    assert report.judgements == {"overall": "inadequate", "help_protection": RI,
                                 "in_care": "good", "adoption": "outstanding",
                                 "care_leavers": RI, "leaders": "inadequate", "lscb": "good"}


def test_sif_not_judged_rows_are_left_out() -> None:
    rows = (
        "Children's services in the Isles of Scilly are good\n"
        "1. Children who need help and protection Good\n"
        "2. Children looked after and achieving\npermanence Not Judged\n\n"
        "2.1 Adoption performance Not Judged\n"
        "2.2 Experiences and progress of care leavers Not Judged\n"
        "3. Leadership, management and governance Good\n"
    )
    page = SIF_PAGE.format(rows=rows).replace("The overall judgement is inadequate\n", "")
    report = parse_report_text([page])
    assert report.judgements == {"overall": "good", "help_protection": "good",
                                 "leaders": "good"}


def test_lscb_judgement_found_in_a_later_page_not_in_grade_descriptors() -> None:
    rows = "1. Children who need help and protection Good\n"
    pages = [
        SIF_PAGE.format(rows=rows),
        "Contents\nThe LSCB is good at sharing information with partners.",
        "The Local Safeguarding Children Board (LSCB)\n"
        "The Local Safeguarding Children Board is inadequate\nExecutive summary",
        "The Local Safeguarding Children Board is outstanding in its use of audits and",
        "What the inspection judgements mean: the LSCB\n"
        "An LSCB that is good coordinates the activity of statutory partners.\n"
        "The LSCB is likely to be judged outstanding if the following apply:",
    ]
    assert parse_report_text(pages).judgements["lscb"] == "inadequate"


def test_stand_alone_lscb_review_is_sif_with_only_lscb() -> None:
    page = (
        "Surrey Safeguarding Children Board\n"
        "Review of the effectiveness of the Local Safeguarding Children\nBoard\n"
        "Inspection date: 15 June 2015 - 17 June 2015\nReport published: 3 August 2015\n\n"
        "The Local Safeguarding Children Board requires improvement\n"
        "Children's services in Surrey are good at some things.\n"
    )
    report = parse_report_text([page])
    assert (report.inspection, report.judgements) == ("sif", {"lscb": RI})


def test_legacy_record_of_main_findings_uses_adequate_scale() -> None:
    pages = [
        "Inspection of safeguarding and looked after children services\n"
        "Leeds City Council\nInspection dates: 2 - 13 July 2012\nReporting inspector A HMI\n",
        "Overall effectiveness of services Grade 3 (adequate)\nLeadership is good.",
        "Record of main findings\nSafeguarding services\nOverall effectiveness Adequate\n"
        "Capacity for improvement Good\nSafeguarding outcomes for children and young people\n"
        "Good\nQuality of provision Adequate\nLeadership and management Good\n"
        "Services for looked after children\nOverall effectiveness Inadequate\n"
        "Leadership and management Inadequate\n",
    ]
    report = parse_report_text(pages)
    assert report.inspection == "legacy"
    assert report.judgements == {"overall": "adequate", "leaders": "good"}
    assert report.inspection_start == date(2012, 7, 2)


def test_legacy_report_without_a_record_table_reads_its_summary_grades() -> None:
    pages = [
        "Inspection of local authority arrangements for the protection of children\n"
        "Wakefield Council\nInspection dates: 14 - 25 January 2013\n",
        "Overall effectiveness of the arrangements to protect children\nGrade 4 (inadequate)\n"
        "Leadership and governance Grade 4 (inadequate)\n",
    ]
    report = parse_report_text(pages)
    assert report.inspection == "legacy"
    assert report.judgements == {"overall": "inadequate", "leaders": "inadequate"}


def test_legacy_record_extracted_as_label_column_then_grade_column() -> None:
    pages = [
        "Inspection of looked after children\nservices\nNorfolk County Council\n\n"
        "Inspection dates:\n\n8 - 12 July 2013\n\nReporting inspector A HMI\n",
        "Record of main findings\n\nServices for looked after children\n\n"
        "Overall effectiveness\n\nCapacity to improve\n\nOutcomes for looked after children\n"
        "and young people\n\nQuality of provision\n\nLeadership and management\n\n"
        "Adequate\n\nGood\n\nGood\n\nAdequate\n\nInadequate\n",
    ]
    report = parse_report_text(pages)
    assert report.judgements == {"overall": "adequate", "leaders": "inadequate"}
    assert (report.inspection_start, report.inspection_end) == (date(2013, 7, 8),
                                                                date(2013, 7, 12))
    assert report.council == "Norfolk"


LETTER = """Cheylesmore House
Quinton Road
Coventry CV1 2WT
Piccadilly Gate
Store Street
Manchester
M1 2WD
T 0300 123 1231
www.gov.uk/ofsted
12 April 2020
Ms Jane Smith
Director of Children's Services
Kent County Council
Dear Ms Smith
{title}
This letter summarises the findings of the {what} on 11 and 12 March 2020. Inspectors
found that children in care and care leavers receive a good service.
"""


@pytest.mark.parametrize(
    ("title", "what", "kind"),
    [
        ("Focused visit to Kent children's services", "focused visit", "focused_visit"),
        ("Monitoring visit to Kent children's services", "monitoring visit", "monitoring_visit"),
        ("Joint targeted area inspection of the multi-agency response to child exploitation in"
         " Kent", "joint targeted area inspection", "jtai"),
    ],
)
def test_letters_are_visits_without_grades(title: str, what: str, kind: str) -> None:
    report = parse_report_text([LETTER.format(title=title, what=what)])
    assert (report.inspection, report.judgements) == (kind, {})
    assert (report.inspection_start, report.inspection_end) == (date(2020, 3, 11),
                                                                date(2020, 3, 12))
    assert report.council == "Kent"


def test_a_letter_is_the_kind_its_subject_line_names() -> None:
    letter = LETTER.format(
        title="Monitoring visit of Kent children's services",
        what="monitoring visit, the fourth since the inspection of services for children in need "
             "of help and protection and the joint targeted area inspection,",
    )
    assert parse_report_text([letter]).inspection == "monitoring_visit"


def test_an_ilacs_report_recalling_visits_and_a_jtai_is_still_ilacs() -> None:
    report = _ilacs(
        "The impact of leaders on social work practice with children and families Good\n"
        "The experiences and progress of children who need help and protection Good\n"
        "The experiences and progress of children in care Good\n"
        "The experiences and progress of care leavers Good\n"
        "Overall effectiveness Good\n"
        "Monitoring visits and a focused visit found progress. A joint targeted area inspection\n"
        "(JTAI) in 2022 praised the multi-agency safeguarding hub.\n"
    )
    assert report.inspection == "ilacs" and report.judgements["overall"] == "good"


@pytest.mark.parametrize(
    ("sentence", "outcome"),
    [
        ("The local area partnership's special educational needs and/or disabilities (SEND) "
         "arrangements typically lead to positive experiences and outcomes for children",
         "positive"),
        ("arrangements lead to inconsistent experiences and outcomes for children", "inconsistent"),
        ("There are widespread and/or systemic failings leading to significant concerns",
         "systemic_failings"),
    ],
)
def test_area_send_outcome(sentence: str, outcome: str) -> None:
    page = ("Area SEND inspection of Bradford Local Area Partnership\n"
            "Inspection dates: 4 to 8 March 2024\n" + sentence + ".\n")
    report = parse_report_text([page])
    assert (report.inspection, report.judgements) == ("send", {"send_outcome": outcome})
    assert report.council == "Bradford"


@pytest.mark.parametrize(
    ("title", "council", "code"),
    [
        ("Inspection of Bradford Children and\nFamilies Trust", "Bradford", "E08000032"),
        ("London Borough of Barking and\nDagenham\nInspection of services for children in need "
         "of help and\nprotection", "Barking and Dagenham", "E09000002"),
        ("Kingston upon Hull City Council\nInspection of children's social care services",
         "Kingston Upon Hull, City of", "E06000010"),
        ("Somerset County Council\nReinspection of services for children in need of help",
         "Somerset", "E06000066"),
        ("Inspection of St Helens local authority\nchildren's services", "St. Helens",
         "E08000013"),
    ],
)
def test_council_is_read_from_the_title(title: str, council: str, code: str) -> None:
    report = parse_report_text([title + "\nInspection dates: 1 to 5 May 2017\n"])
    assert (report.council, report.council_code) == (council, code)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("15 to 26 November 2021", date(2021, 11, 15), date(2021, 11, 26)),
        ("28 February to 4 March 2022", date(2022, 2, 28), date(2022, 3, 4)),
        ("8 - 12 July 2013", date(2013, 7, 8), date(2013, 7, 12)),
        ("15 July 2019 to 26 July 2019", date(2019, 7, 15), date(2019, 7, 26)),
        ("3 to 7 October and 17 to 21 October 2016", date(2016, 10, 3), date(2016, 10, 21)),
        ("30 November to 11 December 2020", date(2020, 11, 30), date(2020, 12, 11)),
        ("29 December to 9 January 2021", date(2020, 12, 29), date(2021, 1, 9)),
        ("no dates here", None, None),
    ],
)
def test_inspection_date_formats(text: str, start: date | None, end: date | None) -> None:
    assert parse_date_range(text) == (start, end)


def test_dates_label_may_wrap_and_stops_at_the_next_field() -> None:
    text = "Inspection dates: 15 to 26\nNovember 2021\nLead inspector: A Person 3 May 2020"
    assert find_inspection_dates(text) == (date(2021, 11, 15), date(2021, 11, 26))


# --- Bad inputs give a clear error line --------------------------------------------------------


def _pdf(text_pages: int = 1, password: str | None = None) -> bytes:
    writer = PdfWriter()
    for _ in range(text_pages):
        writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty file"),
        (b"\x00\x9f\x12garbage\xff" * 50, "not a PDF"),
        (b"<!DOCTYPE html><html><body>Not found</body></html>", "HTML"),
        (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", "PDF"),
    ],
    ids=["empty", "garbage", "html", "truncated-header"],
)
def test_bad_files_give_an_error_line(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    line = report_file_json(path)
    assert set(line) == {"source", "error"} and line["source"] == str(path)
    assert message in line["error"]
    assert describe_report_json(line) == f"{path}: error: {line['error']}"
    with pytest.raises(ReportError):
        parse_report(content)


def test_truncated_real_pdf_gives_an_error_or_a_parse(tmp_path: Path) -> None:
    data = (BUNDLED / "bradford-2026-05-21.pdf").read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 3])
    line = report_file_json(path)
    assert "error" in line or line["judgements"]


def test_pdf_without_text_is_an_error() -> None:
    with pytest.raises(ReportError, match="no text"):
        parse_report(_pdf(2))


def test_encrypted_pdf_is_an_error() -> None:
    with pytest.raises(ReportError, match="encrypted"):
        parse_report(_pdf(1, password="secret"))


def test_missing_file_and_directory_give_error_lines(tmp_path: Path) -> None:
    assert "cannot read" in report_file_json(tmp_path / "absent.pdf")["error"]
    assert "cannot read" in report_file_json(tmp_path)["error"]
