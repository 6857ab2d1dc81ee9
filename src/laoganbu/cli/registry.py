"""Registry commands: ``dedup``, ``merge``, ``lifecycle`` and ``transfer``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from laoganbu.cli import main
from laoganbu.cli._common import (
    FORCE_OPTION,
    LOCALITY_OPTION,
    NOT_DUPLICATES_OPTION,
    ROSTER_HELP,
    UNUSABLE,
    checked_roster_output,
    fail,
    named_input,
)
from laoganbu.cli._common import checked_output as _checked_output
from laoganbu.cli._common import console as _console
from laoganbu.cli._common import json_text as _json_text
from laoganbu.cli._common import locality as _locality
from laoganbu.cli._common import printable as _printable
from laoganbu.cli._common import progress as _progress
from laoganbu.errors import UnusableInputError


@main.command()
@named_input("--roster", "path", help=ROSTER_HELP)
@NOT_DUPLICATES_OPTION
@click.option(
    "--propose",
    type=click.Path(path_type=Path),
    help="写出合并方案 / Write a merge proposal (JSON) for the pairs found, to edit and then"
    " apply with `laoganbu merge`.",
)
@FORCE_OPTION
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出 / Print the pairs as JSON.")
def dedup(path: Path, known: Path | None, propose: Path | None, force: bool, as_json: bool) -> None:
    """查找重复录入的人员 / List cadres entered twice.

    Two records with the same ID number are one person; without an ID number on one of them,
    two with the same name and birth month that also share the sex, former unit or address are
    likely one, scored by what else they share. Exit 0 when no pair is found, 1 when any is, 2
    for unusable input. With --json, standard output is one JSON object: {"pairs": [...]}, or
    {"error", "code"} for unusable input.
    """
    from laoganbu.io.reader import read_roster
    from laoganbu.registry import find_duplicates, read_not_duplicates

    if propose is not None:
        _checked_output(propose, force=force, inputs=[path, known])
    pairs_known = read_not_duplicates(known) if known is not None else []
    with _progress("读取 Reading", None) as tick:
        result = read_roster(path, progress=lambda _table, n: tick(n), ledgers=())
    pairs = find_duplicates(result.roster, not_duplicates=pairs_known)
    if propose is not None:
        from laoganbu.io.files import write_text_atomic
        from laoganbu.registry import propose_merges

        proposal = propose_merges(result.roster, pairs)
        write_text_atomic(propose, proposal.model_dump_json(indent=1))
        click.echo(
            _printable(f"merge proposal / 合并方案: {propose} ({len(proposal.merges)} merges)"),
            err=True,
        )
    if as_json:
        click.echo(_json_text({"pairs": [p.to_dict() for p in pairs]}))
        sys.exit(1 if pairs else 0)
    from rich.table import Table

    console = _console()
    if result.rejected:
        rows = len({(p.file, p.row) for p in result.rejected})
        console.print(
            f"{rows} rows rejected and not searched; see `laoganbu validate`"
            f" / {rows} 行被拒绝，未参与查重"
        )
    if not pairs:
        console.print("no cadre entered twice / 未发现重复录入的人员")
        sys.exit(0)
    table = Table("先录入 first", "后录入 second", "判断 judged", "得分 score", "相同 shared")
    for pair in pairs:
        judged = "同一人 same" if pair.certain else "疑似 likely"
        table.add_row(pair.first, pair.second, judged, f"{pair.score:.2f}", pair.shared_zh)
    console.print(table)
    certain = sum(p.certain for p in pairs)
    console.print(
        f"pairs / 对数: {len(pairs)} ({certain} certain / 确定, {len(pairs) - certain} likely /"
        " 疑似); record the pairs that are two people in a --not-duplicates file"
        " / 经核实不是同一人的，记入 --not-duplicates 文件"
    )
    sys.exit(1)


@main.command()
@named_input("--roster", "path", help=ROSTER_HELP)
@named_input(
    "--proposal",
    "proposal",
    help="合并方案 / The merge proposal to apply (written by `laoganbu dedup --propose`).",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    required=True,
    help="合并后的花名册 / Where to write the merged roster (a folder, .xlsx or .json).",
)
@click.option(
    "--reveal-pii",
    is_flag=True,
    help="写出未脱敏的个人信息（必需） / Write ID numbers, phones, addresses and health"
    " unmasked (required: a masked roster cannot be read back).",
)
@click.option(
    "--log",
    type=click.Path(path_type=Path),
    help="写出合并记录 / Also write every change and the records merged away (JSON).",
)
@FORCE_OPTION
def merge(
    path: Path, proposal: Path, out: Path, reveal_pii: bool, log: Path | None, force: bool
) -> None:
    """按合并方案合并重复记录 / Apply a merge proposal.

    Reads the roster with its ledgers and the proposal (`laoganbu dedup --propose`), merges each
    pair — the survivor takes the fields named, every reference to the other record (services,
    life events, meetings, volunteer activities, teams, committees, survivors) moves to it — and
    writes the merged roster to --out. Exit 0 when the merged roster checks clean, 1 when it
    has problems (listed), 2 for unusable input or a proposal that does not fit the roster.
    """
    import json

    from pydantic import ValidationError

    from laoganbu.errors import InvalidValueError
    from laoganbu.io.files import write_text_atomic
    from laoganbu.io.reader import read_roster
    from laoganbu.io.sources import read_text
    from laoganbu.io.writer import write_roster
    from laoganbu.registry import MergeProposal, apply_merges

    checked_roster_output(
        out, option="--out", reveal_pii=reveal_pii, force=force, inputs=[path, proposal]
    )
    if log is not None:
        _checked_output(log, force=force, inputs=[path, proposal, out])
        if not log.parent.is_dir():  # found now, not after the roster is written
            click.echo(f"--log {log}: no folder {log.parent} / 文件夹不存在", err=True)
            sys.exit(2)
    try:
        text, _ = read_text(proposal)
        steps = MergeProposal.model_validate_json(text)
        result = read_roster(path)
        if not result.ok:
            raise UnusableInputError(
                f"{path}: {len(result.rejected)} problems; run `laoganbu validate` and correct"
                " them before merging / 花名册有错误，请先校验"
            )
        merged = apply_merges(result.roster, steps)
    except ValidationError as exc:
        reasons = "; ".join(
            f"{'.'.join(map(str, e['loc'])) or 'the file'}: {e['msg']}" for e in exc.errors()
        )
        fail(f"{proposal}: {reasons}", what="unusable proposal / 合并方案无效")
    except (UnusableInputError, InvalidValueError) as exc:
        fail(exc, what=UNUSABLE)
    write_roster(merged.roster, out, reveal_pii=True, overwrite=force)
    if log is not None:
        write_text_atomic(
            log,
            json.dumps(merged.to_dict(reveal_pii=True), ensure_ascii=False, indent=1),
        )
    problems = [p for p in merged.roster.check() if p.severity == "error"]
    console = _console()
    console.print(
        f"merged / 已合并: {len(merged.merged_away)} records, {len(merged.changes)} changes;"
        f" written to / 写入 {_printable(str(out))}"
    )
    for problem in problems:
        console.print(_printable(f"problem / 问题: {problem}"))
    sys.exit(1 if problems else 0)


@main.command()
@named_input("--roster", "path", help=ROSTER_HELP)
@click.option(
    "--period", help="期间 / The period whose deaths are listed (default: the year of --as-of)."
)
@click.option(
    "--as-of",
    "as_of",
    metavar="DATE",
    help="核查日期 / The day of the check (default: the earlier of today and the period's end).",
)
@click.option(
    "--records",
    "records_path",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="服务台账 / The service ledger (CSV, XLSX or JSON) when it is not in the roster.",
)
@LOCALITY_OPTION
@click.option(
    "--propose-survivors",
    "propose",
    type=click.Path(path_type=Path),
    help="写出遗属候选记录，供核实补全 / Write the candidate survivor (遗属) records as a"
    " cadres CSV for the bureau to confirm and complete.",
)
@click.option(
    "--reveal-pii",
    is_flag=True,
    help="显示未脱敏的个人信息 / Show and write phone numbers unmasked.",
)
@FORCE_OPTION
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出 / Print the result as JSON.")
def lifecycle(
    path: Path,
    period: str | None,
    as_of: str | None,
    records_path: Path | None,
    locality_code: str,
    propose: Path | None,
    reveal_pii: bool,
    force: bool,
    as_json: bool,
) -> None:
    """去世后续事项 / What each recent death set in motion.

    For each death of the period (recorded in 去世时间 or as a 去世 life event): the services it
    made due (condolence visit, help with the funeral — the locality's programmes) and whether
    they were done, the duties of a living cadre it stopped, the Party membership, grid and
    committee seats it ended, money paid after the month of death, and candidate survivor
    (遗属) records for a 离休 cadre's spouse. Exit 0 when nothing is open, 1 when something is,
    2 for unusable input.
    """
    import csv
    import io

    from laoganbu.dates import today_date
    from laoganbu.io.files import write_text_atomic
    from laoganbu.io.formulas import neutralise
    from laoganbu.io.reader import read_roster
    from laoganbu.models.cadre import Cadre
    from laoganbu.models.enums import CadreKind
    from laoganbu.params import as_day
    from laoganbu.periods import Period
    from laoganbu.registry import lifecycle as gather
    from laoganbu.reports.build import area_name

    if propose is not None:
        _checked_output(propose, force=force, inputs=[path, records_path])
    place = _locality(locality_code)
    day = as_day(as_of) if as_of else None
    span = Period.parse(period or str((day or today_date()).year))
    ledgers: tuple[str, ...] = ("life_events", "transfers")
    if records_path is None:
        ledgers += ("service_records",)
    result = read_roster(path, locality=place, ledgers=ledgers)
    records = None
    if records_path is not None:
        from laoganbu.io.frame_reader import read_frame

        ledger = read_frame(records_path, "service_records", against=result.roster)
        records = ledger.data
    found = gather(result.roster, place, span, as_of=day, records=records)
    if result.rejected:
        click.echo(
            f"warning / 提示: {len(result.rejected)} roster rows rejected; run"
            f" `laoganbu validate --roster {path}` to see them",
            err=True,
        )
    if propose is not None:
        columns = ("id", "name", "sex", "birth_date", "id_number", "kind", "phone", "survivor_of")
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([Cadre.model_fields[c].title or c for c in columns])
        for candidate in found.candidates:
            row = candidate.to_row(reveal_pii=reveal_pii)
            # Chinese labels for a clerk; the roster reads them as it reads the codes.
            row.update(sex=candidate.sex.label, kind=CadreKind.SURVIVOR.label)
            writer.writerow([neutralise(row[c]) for c in columns])
        write_text_atomic(propose, "\ufeff" + buffer.getvalue())
        click.echo(
            _printable(
                f"candidate survivors / 遗属候选: {propose} ({len(found.candidates)} rows;"
                " add id, birth date and ID number, then add them to cadres.csv"
                " / 补全编号、出生年月、身份证号后并入花名册)"
            ),
            err=True,
        )
    if as_json:
        click.echo(_json_text(found.to_dict(reveal_pii=reveal_pii)))
        sys.exit(1 if found.open_cases else 0)
    click.echo(
        f"去世后续事项 Life cycle — {found.period.label}，截至 {found.as_of}"
        f"（{area_name(result.roster, place)}）：去世 {len(found)} 人，"
        f"待办 {len(found.open_cases)} 人"
    )
    for case in found.cases:
        click.echo(_printable(case.explain()))
    sys.exit(1 if found.open_cases else 0)


@main.group()
def transfer() -> None:
    """干部转出、转入 / Send or receive a cadre who moves.

    `transfer out` records a cadre moving to another area and writes the transfer file for the
    receiving bureau; `transfer in` recognises the person in the receiving roster.
    """


def _transfer_row(record: Any) -> str:
    """The transfer as a CSV header and row with the transfers table's Chinese headers."""
    import csv
    import io

    from laoganbu.io.formulas import neutralise
    from laoganbu.models.transfer import Transfer

    data = record.model_dump(mode="json")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    names = list(Transfer.model_fields)
    writer.writerow([Transfer.model_fields[n].title or n for n in names])
    cells = []
    for name in names:
        value = data[name]
        if isinstance(value, list):
            value = "、".join(value)
        elif name in ("direction", "kind"):
            value = getattr(record, name).label
        cells.append(neutralise("" if value is None else str(value)))
    writer.writerow(cells)
    return buffer.getvalue()


@transfer.command("out")
@named_input("--roster", "path", help=ROSTER_HELP)
@click.option(
    "--cadre", "cadre_id", required=True, metavar="ID", help="转出干部编号 / The cadre who moves."
)
@click.option(
    "--date", "day", required=True, metavar="DATE", help="转移日期 / The day it takes effect."
)
@click.option("--from", "sender", required=True, metavar="NAME", help="转出方 / This bureau.")
@click.option(
    "--from-division", metavar="CODE", help="转出方区划代码 / This bureau's division code."
)
@click.option(
    "--to", "receiver", required=True, metavar="NAME", help="接收方 / The receiving bureau."
)
@click.option(
    "--to-division", metavar="CODE", help="接收方区划代码 / The receiving bureau's division code."
)
@click.option(
    "--kind",
    default="management",
    show_default=True,
    help="转移类型 / management (管理服务关系转移: services, Party relation and grid) or party"
    " (组织关系转接: the Party relation only).",
)
@click.option("--reason", help="转移原因 / Why the cadre moves: 易地安置, 随子女居住 ….")
@click.option(
    "--document",
    "documents",
    multiple=True,
    help="随转材料（可重复） / A document sent (repeatable).",
)
@click.option("--id", "transfer_id", metavar="ID", help="转出记录编号 / The outgoing record's id.")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    required=True,
    help="转移材料 / Where to write the transfer file (JSON).",
)
@click.option(
    "--reveal-pii",
    is_flag=True,
    help="写出未脱敏的个人信息 / Write ID number, phones, address and health unmasked, so that"
    " the receiving bureau can recognise and add the person.",
)
@FORCE_OPTION
def transfer_out_command(
    path: Path,
    cadre_id: str,
    day: str,
    sender: str,
    from_division: str | None,
    receiver: str,
    to_division: str | None,
    kind: str,
    reason: str | None,
    documents: tuple[str, ...],
    transfer_id: str | None,
    out: Path,
    reveal_pii: bool,
    force: bool,
) -> None:
    """干部转出 / Record a cadre moving away and write the transfer file.

    Prints the outgoing record (the transfers table's headers and one row) to add to the
    roster's transfers.csv; from its date the cadre's services stop (a management transfer) and
    the Party membership ends. Exit 0 when written, 2 for unusable input.
    """
    from pydantic import ValidationError

    from laoganbu.errors import InvalidValueError, LaoganbuError
    from laoganbu.io.files import write_text_atomic
    from laoganbu.io.reader import read_roster
    from laoganbu.registry import TransferArea, transfer_out

    _checked_output(out, force=force, inputs=[path])
    from laoganbu.dates import PartialDate
    from laoganbu.models.enums import TransferKind

    try:  # the date and kind as given: unusable input, not a refusal
        PartialDate.parse(day)
        TransferKind.parse(kind)
    except LaoganbuError as exc:
        fail(exc, what=UNUSABLE)
    try:
        result = read_roster(path, ledgers=("life_events", "transfers"))
        moved = transfer_out(
            result.roster,
            cadre_id,
            date=day,
            sender=TransferArea(name=sender, division_code=from_division),
            receiver=TransferArea(name=receiver, division_code=to_division),
            kind=kind,
            reason=reason,
            documents=documents,
            transfer_id=transfer_id,
        )
    except ValidationError as exc:
        fields = ", ".join(".".join(map(str, e["loc"])) for e in exc.errors())
        fail(f"{fields}: invalid", what=UNUSABLE)
    except InvalidValueError as exc:  # the cadre cannot move on that day
        fail(exc, what="refused / 不能转出")
    except LaoganbuError as exc:
        fail(exc, what=UNUSABLE)
    write_text_atomic(out, moved.file(reveal_pii=reveal_pii).to_json())
    click.echo(_transfer_row(moved.record), nl=False)
    masked = "" if reveal_pii else " (personal values masked / 个人信息已脱敏)"
    click.echo(
        _printable(
            f"transfer file / 转移材料: {out}{masked}; add the row above to transfers.csv"
            " / 请将上面一行加入转移记录"
        ),
        err=True,
    )


@transfer.command("in")
@named_input("--roster", "path", help=ROSTER_HELP)
@named_input(
    "--file", "file", help="转出方的转移文件 / The transfer file the sending bureau wrote."
)
@click.option("--id", "transfer_id", metavar="ID", help="转入记录编号 / The incoming record's id.")
@click.option(
    "--cadre-id", "new_cadre_id", metavar="ID", help="新增记录编号 / The id of a new record."
)
@click.option(
    "--propose",
    type=click.Path(path_type=Path),
    help="写出建议新增的干部记录 / Write the new cadre record (when the person is not in the"
    " roster and the file is revealed) as a roster — a folder of CSV files, .xlsx or .json"
    " — to check and add.",
)
@click.option(
    "--reveal-pii",
    is_flag=True,
    help="写出未脱敏的个人信息 / Required with --propose: the record holds the ID number and"
    " other personal values unmasked.",
)
@FORCE_OPTION
def transfer_in_command(
    path: Path,
    file: Path,
    transfer_id: str | None,
    new_cadre_id: str | None,
    propose: Path | None,
    reveal_pii: bool,
    force: bool,
) -> None:
    """干部转入 / Recognise a cadre moving in.

    Reads the transfer file, finds the person in the roster by ID number (or, in a masked
    file, by name, birth month and the ID number's visible digits) and prints the incoming
    record to add to transfers.csv. Exit 0 when the person is found by ID number, 1 when the
    bureau has something to do (a new record to add, a match to confirm; listed), 2 for
    unusable input.
    """
    from laoganbu.errors import LaoganbuError
    from laoganbu.io.reader import read_roster
    from laoganbu.io.writer import write_roster
    from laoganbu.models.roster import Roster
    from laoganbu.registry import read_transfer_file, receive

    if propose is not None:
        checked_roster_output(
            propose, option="--propose", reveal_pii=reveal_pii, force=force, inputs=[path, file]
        )
    try:
        sent = read_transfer_file(file)
        result = read_roster(path, ledgers=("transfers",))
        found = receive(result.roster, sent, transfer_id=transfer_id, new_cadre_id=new_cadre_id)
    except LaoganbuError as exc:
        fail(exc, what=UNUSABLE)
    if found.linked == "id_number":
        click.echo(f"found / 已匹配: {found.cadre_id} (ID number / 身份证号)", err=True)
    click.echo(_transfer_row(found.record), nl=False)
    for problem in found.problems:
        click.echo(_printable(f"to do / 待办: {problem}"), err=True)
    if propose is not None and found.proposed is not None:
        write_roster(Roster(cadres=(found.proposed,)), propose, reveal_pii=True, overwrite=force)
        click.echo(_printable(f"proposed record / 建议新增记录: {propose}"), err=True)
    sys.exit(0 if found.linked == "id_number" else 1)
