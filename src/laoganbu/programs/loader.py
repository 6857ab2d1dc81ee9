"""Reading programmes from TOML files: ``[[program]]`` tables, one per programme."""

from __future__ import annotations

from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from pydantic import ValidationError

from laoganbu._toml import read_toml
from laoganbu.errors import ProgramFileError
from laoganbu.programs.model import ServiceProgramDefinition

__all__ = ["load_programs", "national_programs"]


def load_programs(path: str | Path | Traversable) -> tuple[ServiceProgramDefinition, ...]:
    """The programmes of a TOML file.

    The file may set ``jurisdiction`` (a GB/T 2260 code) for all its programmes; each
    ``[[program]]`` table is a :class:`ServiceProgramDefinition`.

    Raises:
        ProgramFileError: the file cannot be read, or a programme is malformed; the message
            names the file, the programme and the field.
    """
    origin = str(path)
    data = read_toml(path, ProgramFileError, "服务项目文件")
    raw = data.get("program", [])
    if not isinstance(raw, list):
        raise ProgramFileError(f"{origin}: write each programme as [[program]]")
    jurisdiction = data.get("jurisdiction", "000000")
    programs: list[ServiceProgramDefinition] = []
    seen: set[str] = set()
    for i, entry in enumerate(raw, 1):
        if not isinstance(entry, dict):
            raise ProgramFileError(f"{origin}: program {i} is not a table")
        where = entry.get("id", f"#{i}")
        try:
            program = ServiceProgramDefinition.model_validate(
                {"jurisdiction": jurisdiction, **entry}
            )
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc']) or 'program'}: {e['msg']}"
                for e in exc.errors()
            )
            raise ProgramFileError(
                f"{origin}: program {where}: {problems} / 服务项目有误"
            ) from None
        if program.id in seen:
            raise ProgramFileError(f"{origin}: program {program.id} is given twice")
        seen.add(program.id)
        programs.append(program)
    return tuple(programs)


@cache
def national_programs() -> tuple[ServiceProgramDefinition, ...]:
    """The national baseline programmes (``laoganbu/programs/data/national.toml``)."""
    return load_programs(resources.files("laoganbu.programs") / "data" / "national.toml")
