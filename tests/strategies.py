"""Hypothesis strategies for whole, valid rosters."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from laoganbu import (
    Cadre,
    CadreKind,
    CareLevel,
    CommitteeMember,
    CommitteeRole,
    Contact,
    Grid,
    GridWorker,
    Health,
    HealthStatus,
    OrganizationLevel,
    PartialDate,
    PartyOrganization,
    Rank,
    Roster,
    Sex,
    Unit,
    UnitKind,
    id_check_character,
)

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
# Text a person could type in any cell: CJK, ASCII letters and digits, inner spaces and
# punctuation that means nothing to CSV or XLSX beyond being text.
TEXT_ALPHABET = st.one_of(
    CJK,
    st.sampled_from("abcXYZ0123456789 -（）()#·.=\"'\n"),
)


#: Beginnings a spreadsheet would take for a formula, with and without the quotes laoganbu puts
#: before them in CSV files: text may start with any of them and still round-trip (#12).
FORMULA_STARTS = (
    "=",
    "+",
    "-",
    "@",
    "-1",
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://x")',
    "'",
    "'=",
    "''+",
    "'-",
)


def text(min_size: int = 1, max_size: int = 12) -> st.SearchStrategy[str]:
    plain = st.text(TEXT_ALPHABET, min_size=min_size, max_size=max_size).filter(
        lambda s: s.strip() == s and s != ""
    )
    risky = st.builds(lambda start, rest: start + rest, st.sampled_from(FORMULA_STARTS), plain)
    return st.one_of(plain, risky)


names = st.text(CJK, min_size=2, max_size=4)
tags = st.text(CJK, min_size=1, max_size=4)


@st.composite
def partial_dates(draw: Any, low: int, high: int) -> PartialDate:
    year = draw(st.integers(low, high))
    month = draw(st.integers(1, 12))
    if draw(st.booleans()):
        return PartialDate(year, month)
    return PartialDate(year, month, draw(st.integers(1, 28)))


@st.composite
def phones(draw: Any) -> str:
    return (
        "1" + draw(st.sampled_from("3456789")) + draw(st.text("0123456789", min_size=9, max_size=9))
    )


def id_number_for(birth: PartialDate, sex: Sex, seq: int, day: int) -> str:
    sequence = seq * 2 + (1 if sex is Sex.MALE else 0)
    first17 = f"140823{birth.year:04d}{birth.month:02d}{birth.day or day:02d}{sequence:03d}"
    return first17 + id_check_character(first17)


@st.composite
def cadres(
    draw: Any, index: int, grid_ids: list[str], org_ids: list[str], unit_ids: list[str]
) -> Cadre:
    sex = draw(st.sampled_from(Sex))
    kind = draw(st.sampled_from([CadreKind.LIXIU, CadreKind.TUIXIU]))
    if kind is CadreKind.LIXIU:
        birth = draw(partial_dates(1920, 1932))
        work_start = draw(st.one_of(st.none(), partial_dates(1938, 1948)))
    else:
        birth = draw(partial_dates(1940, 1965))
        work_start = draw(st.one_of(st.none(), partial_dates(birth.year + 16, birth.year + 25)))
    with_id = draw(st.booleans())
    id_number = (
        id_number_for(birth, sex, draw(st.integers(0, 499)), draw(st.integers(1, 28)))
        if with_id
        else None
    )
    org = draw(st.one_of(st.none(), st.sampled_from(org_ids))) if org_ids else None
    health = Health(
        status=draw(st.one_of(st.none(), st.sampled_from(HealthStatus))),
        care_level=draw(st.one_of(st.none(), st.sampled_from(CareLevel))),
        notes=draw(st.one_of(st.none(), text())),
    )
    contacts = draw(
        st.lists(
            st.builds(
                Contact,
                name=names,
                relation=st.one_of(st.none(), st.sampled_from(["儿子", "女儿", "配偶"])),
                phone=st.one_of(st.none(), phones()),
            ),
            max_size=2,
        )
    )
    return Cadre(
        id=f"C{index:05d}",
        name=draw(names),
        sex=sex,
        birth_date=birth,
        id_number=id_number,
        kind=kind,
        native_place=draw(st.one_of(st.none(), text())),
        work_start=work_start,
        party_join=draw(st.one_of(st.none(), partial_dates(birth.year + 18, birth.year + 30))),
        former_unit_id=draw(st.one_of(st.none(), st.sampled_from(unit_ids))),
        former_post=draw(st.one_of(st.none(), text())),
        rank=draw(st.one_of(st.none(), st.sampled_from(Rank))),
        party_member=org is not None or draw(st.booleans()),
        organization_id=org,
        phone=draw(st.one_of(st.none(), phones())),
        address=draw(st.one_of(st.none(), text(2, 30))),
        division_code=draw(st.one_of(st.none(), st.sampled_from(["140823", "140823100"]))),
        grid_id=draw(st.sampled_from(grid_ids)),
        relocated=draw(st.booleans()),
        health=health,
        lives_alone=draw(st.booleans()),
        contacts=tuple(contacts),
        expertise=tuple(draw(st.lists(tags, max_size=3))),
        hardships=tuple(draw(st.lists(tags, max_size=2))),
    )


@st.composite
def rosters(draw: Any, max_cadres: int = 6) -> Roster:
    units = [Unit(id="U1", name="闻喜县老干部局", kind=UnitKind.BUREAU, division_code="140823")]
    units += [
        Unit(id=f"U{i}", name=draw(text()), kind=draw(st.sampled_from(UnitKind)), parent_id="U1")
        for i in range(2, draw(st.integers(2, 4)))
    ]
    grids = [
        Grid(id="G1", name="县老干部局", level=1),
        Grid(id="G2", name="桐城镇", level=2, parent_id="G1"),
        Grid(
            id="G3",
            name="中心村",
            level=3,
            parent_id="G2",
            workers=(GridWorker(id="W1", name=draw(names), phone=draw(phones())),),
        ),
        Grid(id="G4", name="东街社区", level=3, parent_id="G2"),
    ]
    orgs = [
        PartyOrganization(
            id="O1", name="离退休干部党工委", level=OrganizationLevel.WORKING_COMMITTEE
        ),
        PartyOrganization(
            id="O2",
            name=draw(text()),
            level=OrganizationLevel.BRANCH,
            parent_id="O1",
            unit_ids=("U1",),
            formed_on=draw(st.one_of(st.none(), partial_dates(1990, 2020))),
        ),
    ]
    count = draw(st.integers(0, max_cadres))
    people = [draw(cadres(i, ["G3", "G4"], ["O2"], [u.id for u in units])) for i in range(count)]
    members = [c.id for c in people if c.organization_id == "O2"]
    if members:
        orgs[1] = orgs[1].with_changes(
            committee=[
                CommitteeMember(cadre_id=members[0], role=CommitteeRole.SECRETARY).model_dump()
            ]
        )
    return Roster(
        units=tuple(units), grids=tuple(grids), organizations=tuple(orgs), cadres=tuple(people)
    )
