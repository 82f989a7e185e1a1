"""The council registry: people's queries, codes, history, and council names in running text."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
import time
from datetime import date
from importlib import resources
from pathlib import Path

import pytest

from store.councils import Candidate, Council, describe, registry
from store.mentions import phrase_core

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 11, 23)


def names(query: str, limit: int = 8) -> list[str]:
    return [c.council.name for c in registry().resolve(query, limit=limit)]


def found(text: str, on: date | None = None) -> list[str]:
    return [m.council.name for m in registry().find_in_text(text, on=on)]


# --- loading -----------------------------------------------------------------------------

def test_the_registry_holds_every_row_of_councils_csv() -> None:
    councils = registry().all()
    assert len(councils) == 163
    assert sum(c.active for c in councils) == 153
    assert registry() is registry()


def test_a_council_carries_its_codes_dates_and_links() -> None:
    somerset = registry().get("Somerset")
    assert (somerset.gss_code, somerset.la_code, somerset.ofsted_urn) == ("E06000066", "933",
                                                                          "80555")
    assert somerset.valid_from == date(2023, 4, 1) and somerset.active
    assert somerset.predecessors == ("Somerset (pre-2023 county)",)
    assert len(somerset.stat_neighbours) == 10
    assert "B&NES" in registry().get("Bath and North East Somerset").aliases


def test_an_unknown_canonical_name_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        registry().get("Gotham")


def test_the_package_data_is_read_from_the_package_not_the_shared_folder() -> None:
    data = resources.files("store").joinpath("data")
    assert data.joinpath("councils.csv").is_file()
    script = (
        "import sys\n"
        "def guard(event, args):\n"
        "    if event == 'open' and '/shared/' in str(args[0]):\n"
        "        raise PermissionError(args[0])\n"
        "sys.addaudithook(guard)\n"
        "from store.councils import registry\n"
        "r = registry()\n"
        "print(len(r.all()), r.resolve('somerset')[0].council.gss_code,"
        " r.find_in_text('North Somerset and Somerset')[1].council.name)\n")
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                         text=True, check=True, env={"PYTHONPATH": str(ROOT)})
    assert out.stdout.split() == ["163", "E06000066", "Somerset"]


def test_importing_the_registry_module_is_fast() -> None:
    script = ("import time; t = time.perf_counter(); import store.councils; "
              "print(time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                         text=True, check=True, env={"PYTHONPATH": str(ROOT)})
    assert float(out.stdout) < 0.5


# --- codes and history -------------------------------------------------------------------

def test_codes_find_their_council() -> None:
    r = registry()
    assert r.by_code("E06000066") == r.get("Somerset")
    assert r.by_code(" e06000024 ") == r.get("North Somerset")
    assert r.by_urn("80555") == r.get("Somerset")
    assert r.by_urn("99999999") is None
    assert r.by_code("nonsense") is None


def test_a_dfe_code_shared_with_a_superseded_county_gives_the_current_council() -> None:
    r = registry()
    assert r.by_code("933") == r.get("Somerset")
    assert r.by_code("825") == r.get("Buckinghamshire")
    assert r.by_code("815") == r.get("North Yorkshire")


def test_an_old_gss_code_finds_the_superseded_row_and_a_retired_code_the_council() -> None:
    r = registry()
    assert r.by_code("E10000027") == r.get("Somerset (pre-2023 county)")
    assert r.by_code("E08000016") == r.get("Barnsley")
    assert r.by_code("E06000048") == r.get("Northumberland")


def test_a_code_change_of_the_same_authority_is_attributed_to_the_current_council() -> None:
    r = registry()
    assert r.attribute(r.get("Somerset (pre-2023 county)")) == r.get("Somerset")
    assert r.attribute(r.get("North Yorkshire (pre-2023 county)")) == r.get("North Yorkshire")
    assert r.attribute(r.get("Buckinghamshire (pre-2020 county)")) == r.get("Buckinghamshire")
    assert r.attribute(r.get("Leeds")) == r.get("Leeds")


@pytest.mark.parametrize("abolished", ["Northamptonshire", "Cumbria", "Poole", "Bournemouth",
                                       "Dorset (pre-2019 county)", "Cheshire", "Bedfordshire"])
def test_a_split_or_merged_council_keeps_its_own_history(abolished: str) -> None:
    council = registry().get(abolished)
    assert not council.active
    assert registry().attribute(council) is council


def test_successors_now_follow_the_chain_to_current_councils() -> None:
    r = registry()
    assert [c.name for c in r.successors_now(r.get("Northamptonshire"))] == [
        "North Northamptonshire", "West Northamptonshire"]
    assert {c.name for c in r.successors_now(r.get("Poole"))} == {
        "Bournemouth, Christchurch and Poole"}
    assert [c.name for c in r.successors_now(r.get("Somerset (pre-2023 county)"))] == [
        "Somerset"]
    assert r.successors_now(r.get("Leeds")) == [r.get("Leeds")]


# --- resolve: what people type -----------------------------------------------------------

def test_somerset_means_the_somerset_council_and_never_north_somerset_first() -> None:
    top = registry().resolve("somerset")[0]
    assert isinstance(top, Candidate)
    assert (top.council.name, top.council.gss_code, top.score) == ("Somerset", "E06000066", 100)
    assert "North Somerset" in names("somerset")


def test_north_somerset_means_north_somerset_first() -> None:
    assert names("north somerset")[0] == "North Somerset"
    assert registry().resolve("North Somerset")[0].council.gss_code == "E06000024"


def test_a_misspelt_county_is_still_found_first() -> None:
    assert names("Glocestershire")[0] == "Gloucestershire"
    assert names("Hertfordshir")[0] == "Hertfordshire"
    assert names("Nottinghamshre")[0] == "Nottinghamshire"


@pytest.mark.parametrize(("query", "council"), [
    ("B&NES", "Bath and North East Somerset"),
    ("banes", "Bath and North East Somerset"),
    ("Bath & North East Somerset", "Bath and North East Somerset"),
    ("Hull", "Kingston Upon Hull, City of"),
    ("kingston-upon-hull", "Kingston Upon Hull, City of"),
    ("Somerset County Council", "Somerset"),
    ("somerset council children's services", "Somerset"),
    ("Leeds City Council", "Leeds"),
    ("St Helens", "St. Helens"),
    ("saint helens", "St. Helens"),
    ("St. Helens Council", "St. Helens"),
    ("stoke on trent", "Stoke-on-Trent"),
    ("Telford & Wrekin", "Telford and Wrekin"),
    ("windsor and maidenhead", "Windsor and Maidenhead"),
    ("County Durham", "Durham"),
    ("Bristol", "Bristol, City of"),
    ("the london borough of sutton", "Sutton"),
    ("E06000066", "Somerset"),
    ("933", "Somerset"),
    ("80555", "Somerset"),
    ("E10000027", "Somerset"),
])
def test_names_aliases_and_codes_resolve_to_their_council_first(query: str, council: str) -> None:
    assert names(query)[0] == council


def test_tyneside_offers_both_tyneside_boroughs() -> None:
    assert set(names("tyneside")[:2]) == {"North Tyneside", "South Tyneside"}


def test_northamptonshire_is_found_as_abolished_with_its_successors() -> None:
    top = registry().resolve("northamptonshire")[0].council
    assert top.name == "Northamptonshire" and not top.active
    assert top.valid_to == date(2021, 3, 31)
    assert set(top.successors) == {"North Northamptonshire", "West Northamptonshire"}
    assert {"North Northamptonshire", "West Northamptonshire"} <= set(names("northamptonshire"))


def test_a_query_that_matches_nothing_gives_no_candidates() -> None:
    assert registry().resolve("zzqxv plonk") == []
    assert registry().resolve("   ") == []


def test_resolve_respects_its_limit_and_lists_each_council_once() -> None:
    found_names = names("north", limit=5)
    assert len(found_names) == 5 and len(set(found_names)) == 5


# --- describe: the `councils` command's lines --------------------------------------------

def test_a_current_council_is_described_with_code_kind_and_region() -> None:
    assert describe(registry().get("Somerset")) == \
        "Somerset  E06000066  current (unitary, South West)"


def test_an_abolished_council_says_what_replaced_it() -> None:
    line = describe(registry().resolve("northamptonshire")[0])
    assert line.startswith("Northamptonshire (E10000021) — abolished 2021-03-31, replaced by ")
    assert "North Northamptonshire (E06000061), West Northamptonshire (E06000062)" in line
    assert "(no code)" in describe(registry().get("Cheshire"))


def test_surreys_line_mentions_its_planned_split() -> None:
    line = describe(registry().get("Surrey"))
    assert line.startswith("Surrey  E10000030  current (county, South East)")
    assert "East Surrey" in line and "West Surrey" in line and "2027" in line


def test_a_superseded_county_is_described_as_the_same_authority() -> None:
    line = describe(registry().get("Somerset (pre-2023 county)"))
    assert "Somerset (E06000066)" in line


# --- find_in_text: the ambiguity.csv traps -----------------------------------------------

def _trap_rows() -> list[dict[str, str]]:
    with resources.files("store").joinpath("data", "ambiguity.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("row", _trap_rows(), ids=lambda row: row["phrase"])
def test_no_trap_example_yields_its_wrong_council(row: dict[str, str]) -> None:
    """Only the phrase itself is judged: some examples also name the right council elsewhere."""
    core, note = phrase_core(row["phrase"])
    on = TODAY if note.startswith("after") else None
    mentions = registry().find_in_text(row["example"], on=on)
    spans = [(m.start(), m.end()) for m in re.finditer(re.escape(core), row["example"], re.I)]
    if spans:
        mentions = [m for m in mentions if any(m.start < e and m.end > s for s, e in spans)]
    wrong = set(row["wrong_council"].split(";"))
    assert not wrong & {m.council.name for m in mentions}


def test_mentions_carry_the_matched_text_and_its_offsets() -> None:
    text = "Ofsted praised Somerset's early help."
    (m,) = registry().find_in_text(text)
    assert (m.council.name, m.matched) == ("Somerset", "Somerset")
    assert text[m.start:m.end] == "Somerset"


def test_the_longest_name_wins_over_the_names_inside_it() -> None:
    text = ("North Somerset, Somerset and Bath and North East Somerset were inspected, as were "
            "South Gloucestershire and Gloucestershire.")
    assert found(text) == ["North Somerset", "Somerset", "Bath and North East Somerset",
                           "South Gloucestershire", "Gloucestershire"]


def test_mentions_come_in_text_order_and_repeat() -> None:
    assert found("Leeds and Hull. Then Hull again, and Leeds.") == [
        "Leeds", "Kingston Upon Hull, City of", "Kingston Upon Hull, City of", "Leeds"]


def test_hull_inside_another_word_is_not_hull() -> None:
    assert found("Solihull and Hullbridge both had busy summers.") == ["Solihull"]


def test_formal_titles_and_possessives_name_the_council() -> None:
    assert found("Leicester City Council said Leicester's services had improved.") == [
        "Leicester", "Leicester"]
    assert found("The City of York Council and Kent County Council replied.") == ["York", "Kent"]
    assert found("North Yorkshire County Council's report") == ["North Yorkshire"]
    assert found("Somerset’s children’s services") == ["Somerset"]


def test_names_broken_by_newlines_hyphens_or_spaces_are_still_found() -> None:
    assert found("inspectors visited North\n  Somerset last week") == ["North Somerset"]
    assert found("Stoke on Trent and Kingston-upon-Hull") == [
        "Stoke-on-Trent", "Kingston Upon Hull, City of"]
    assert found("Brighton & Hove and Saint Helens") == ["Brighton and Hove", "St. Helens"]


def test_abbreviations_only_count_in_capitals() -> None:
    assert found("KCC and B&NES responded.") == ["Kent", "Bath and North East Somerset"]
    assert found("the kcc style guide") == []


def test_football_clubs_are_not_councils() -> None:
    text = ("Derby County beat Leicester City, Nottingham Forest drew with Notts County and "
            "Hull City lost to Manchester United.")
    assert found(text) == []


def test_police_forces_and_nhs_trusts_are_not_councils() -> None:
    text = ("Norfolk Constabulary, West Yorkshire Police, Kent Police and Cornwall Partnership "
            "NHS Foundation Trust signed the protocol with Greater Manchester Police.")
    assert found(text) == []


def test_royal_titles_and_places_abroad_are_not_councils() -> None:
    text = ("The Duke of York and the Archbishop of York met visitors from New York, "
            "Richmond, Virginia, Plymouth, Massachusetts and York in Western Australia.")
    assert found(text) == []


def test_a_person_called_kent_or_reading_is_not_a_council() -> None:
    assert found("Headteacher Tom Kent said the pupils were proud.") == []
    assert found("Ms Kent welcomed the report.") == []
    assert found("Kent has a new director of children's services.") == ["Kent"]


def test_common_english_words_are_not_councils() -> None:
    assert found("Reading the letter, it is clear leaders must not bury the findings.") == []
    assert found("Slough off the old habits, reading widely.") == []
    assert found("Reading's children's services and Bury Council were inspected.") == [
        "Reading", "Bury"]
    assert found("Inspectors in Reading found progress.") == ["Reading"]


def test_places_that_share_a_start_are_not_councils() -> None:
    text = ("Families in Sutton Coldfield, Newcastle-under-Lyme, Bury St Edmunds, "
            "Bromley-by-Bow and Bradford on Avon took part.")
    assert found(text) == []


def test_ambiguous_bare_names_need_childrens_services_context() -> None:
    assert found("Durham's cathedral and Westminster's promise of money.") == []
    assert found("Durham's children's services and Westminster City Council.") == [
        "Durham", "Westminster"]
    assert found("Newcastle councillors met; Newcastle City Council replied.") == [
        "Newcastle upon Tyne"]


def test_an_informal_title_of_an_ambiguous_name_is_not_taken_as_the_council() -> None:
    assert found("Kingston council and Richmond council met.") == []
    assert found("Kingston Council and Richmond Council met.") == [
        "Kingston upon Thames", "Richmond upon Thames"]


def test_historic_counties_and_regions_are_not_current_councils() -> None:
    text = "Across Yorkshire, Tyneside, Sussex, Avon and Berkshire, councils are under pressure."
    assert found(text) == []
    assert found("Foster carers across Cheshire met.", on=date(2020, 1, 1)) == []


def test_a_page_date_drops_councils_abolished_before_it() -> None:
    text = "Northamptonshire's services were rated inadequate."
    assert found(text, on=date(2019, 8, 1)) == ["Northamptonshire"]
    assert found(text, on=date(2024, 8, 1)) == []
    assert found("A Poole family", on=date(2018, 1, 1)) == ["Poole"]


def test_somerset_before_2023_is_still_the_current_somerset_council() -> None:
    assert found("Somerset County Council was inspected.", on=date(2017, 11, 7)) == ["Somerset"]
    assert found("Somerset was inspected.", on=date(2017, 11, 7)) == ["Somerset"]


def test_dorset_county_council_is_the_old_county_not_todays_dorset() -> None:
    assert found("Dorset County Council and Dorset Council") == [
        "Dorset (pre-2019 county)", "Dorset"]


def test_headlines_in_title_case_or_capitals_still_name_the_council() -> None:
    assert found("Ofsted Rates Somerset Children's Services Good") == ["Somerset"]
    assert found("WIGAN ACHIEVES GOOD RATING") == ["Wigan"]
    assert found("SOMERSET COUNTY COUNCIL") == ["Somerset"]


def test_a_merged_councils_long_name_is_one_mention() -> None:
    assert found("Bournemouth, Christchurch and Poole Council (BCP) replied.") == [
        "Bournemouth, Christchurch and Poole", "Bournemouth, Christchurch and Poole"]


def test_a_list_of_councils_in_a_roundup_is_read_whole() -> None:
    text = ("Outstanding: Camden, Islington. Good: Ealing; Merton. "
            "Requires improvement - Croydon, Brent.")
    assert found(text) == ["Camden", "Islington", "Ealing", "Merton", "Croydon", "Brent"]


def test_every_current_council_is_found_by_its_display_name_in_a_sentence() -> None:
    for council in registry().all():
        if council.active and "(" not in council.display_name:
            text = f"Ofsted said {council.display_name}'s children's services had improved."
            assert found(text) == [council.name], council.name


def test_a_long_article_is_matched_in_well_under_five_milliseconds() -> None:
    paragraph = (
        "Inspectors from Ofsted said Somerset County Council had made steady progress since the "
        "last visit, although the letter notes that caseloads in the east of the county remain "
        "high and that some children wait too long for an assessment. The director told the "
        "scrutiny committee that recruitment of experienced social workers is still the main "
        "risk, and that agency spending fell for the third year running. Officers from Avon "
        "and Somerset Police attended the feedback meeting. Neighbouring North Somerset was "
        "judged good last year, while Leicester City won on Saturday. Reading the report, it "
        "is clear that leaders know their services well and have a realistic plan for the "
        "areas that still need work, including support for care leavers and for children "
        "living in kinship arrangements across the district. ")
    article = paragraph * (5000 // len(paragraph.split()) + 1)
    assert len(article.split()) >= 5000
    registry().find_in_text(article)
    runs = 20
    start = time.perf_counter()
    for _ in range(runs):
        mentions = registry().find_in_text(article)
    per_article = (time.perf_counter() - start) / runs
    assert {m.council.name for m in mentions} == {"Somerset", "North Somerset"}
    assert per_article < 0.005


def test_council_rows_are_immutable_values() -> None:
    council = registry().get("Leeds")
    assert isinstance(council, Council)
    with pytest.raises(AttributeError):
        council.name = "Elsewhere"  # type: ignore[misc]
