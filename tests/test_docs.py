"""The docs keep up with the code: errors, CLI commands, the README's Quick start, CI."""

from __future__ import annotations

import ast
import importlib.util
import inspect
import json
import re
import shlex
from pathlib import Path
from types import ModuleType

import click
import pytest

from laoganbu import errors
from laoganbu.cli import main
from laoganbu.io.reader import read_roster
from laoganbu.io.tables import SCHEMAS
from laoganbu.models import enums

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

ERROR_CLASSES = [
    obj
    for _, obj in inspect.getmembers(errors, inspect.isclass)
    if issubclass(obj, errors.LaoganbuError) and obj.__module__ == errors.__name__
]


def sections(path: Path, level: int) -> dict[str, str]:
    """Heading text → the text under it, for headings of exactly ``level``."""
    text = path.read_text(encoding="utf-8")
    marks = "#" * level
    parts = re.split(rf"(?m)^{marks} (.+)$", text)
    return {parts[i].strip(): parts[i + 1] for i in range(1, len(parts), 2)}


def code_block(markdown: str, heading: str) -> list[str]:
    """The lines of the first fenced code block under ``## heading``."""
    section = markdown.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    match = re.search(r"^```[^\n]*\n(.*?)^```", section, re.DOTALL | re.MULTILINE)
    assert match, f"no code block under {heading!r}"
    return [line for line in match[1].splitlines() if line.strip()]


def commands(script: str) -> list[list[str]]:
    """Each command line of a shell script as words, without comments or redirections."""
    found = []
    for line in script.splitlines():
        words = shlex.split(line, comments=True)
        words = [w for w in words if not re.match(r"^\d?[<>]", w)]
        if words:
            found.append(words)
    return found


def without_quiet(words: list[str]) -> list[str]:
    return [w for w in words if w not in ("-q", "--quiet")]


# -- errors --------------------------------------------------------------------------------------


def test_every_error_class_is_found() -> None:
    assert {c.__name__ for c in ERROR_CLASSES} == set(errors.__all__)


@pytest.mark.parametrize("error", ERROR_CLASSES, ids=lambda c: c.__name__)
def test_error_has_heading_with_its_code(error: type[errors.LaoganbuError]) -> None:
    documented = sections(DOCS / "reference" / "errors.md", 2)
    assert error.__name__ in documented, f"docs/reference/errors.md has no '## {error.__name__}'"
    assert f"`{error.code}`" in documented[error.__name__], (
        f"the {error.__name__} section does not give its code `{error.code}`"
    )


def test_error_codes_are_unique() -> None:
    codes = [c.code for c in ERROR_CLASSES]
    assert len(codes) == len(set(codes))


# -- command line ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(main.load_all()))
def test_cli_command_is_documented(name: str) -> None:
    documented = sections(DOCS / "reference" / "cli.md", 2)
    heading = f"laoganbu {name}"
    assert heading in documented, f"docs/reference/cli.md has no '## {heading}'"
    section = documented[heading]
    assert f"<!-- laoganbu:cli-usage {name} -->" in section, "the usage block is not generated"
    for param in main.commands[name].params:
        if isinstance(param, click.Option):
            assert any(f"`{opt}" in section for opt in param.opts), (
                f"option {param.opts[0]} of {heading} is not described"
            )
        elif param.metavar != "":  # a hidden 0.x positional: see "Arguments" on the page
            assert f"`{param.human_readable_name}`" in section


def test_validate_json_shape_matches_the_docs(tmp_path: Path) -> None:
    (tmp_path / "cadres.csv").write_text(
        "编号,姓名,性别,出生年月,人员类别\nC1,张三,男,1949.13,退休\n", encoding="utf-8"
    )
    actual = read_roster(tmp_path).to_dict()
    section = sections(DOCS / "reference" / "cli.md", 3)["The `--json` shape"]
    block = re.search(r"```json\n(.*?)```", section, re.DOTALL)
    assert block, "no JSON example"
    example = json.loads(block[1])
    assert example.keys() == actual.keys()
    assert list(example["accepted"]) == list(actual["accepted"])
    assert example["rejected"][0].keys() == actual["rejected"][0].keys()
    documented_keys = re.findall(r"^\s*\| `(\w+)` \|", section, re.MULTILINE)
    assert documented_keys == list(actual["rejected"][0])


# -- README and CI -------------------------------------------------------------------------------


def test_readme_quick_start_has_exactly_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = code_block(readme, "Quick start")
    assert len(lines) == 2, lines
    section = readme.split("## Quick start\n", 1)[1].split("\n## ", 1)[0]
    assert section.count("```") == 2, "the Quick start section holds one code block, no more"
    for line in lines:
        assert line.startswith("python3 -m venv .venv && "), line
        assert not line.rstrip().endswith("\\"), "each command is a single line"


def test_ci_runs_the_readme_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    demo, tests = (
        [shlex.split(step) for step in line.split("&&")]
        for line in code_block(readme, "Quick start")
    )
    ci = [without_quiet(words) for words in commands((ROOT / ".ci" / "run").read_text())]
    # The test command, and the install it needs, exactly as the README gives them.
    for step in tests[1:]:
        assert without_quiet(step) in ci, f"{shlex.join(step)!r} is not run by .ci/run"
    # The demo's job.
    assert demo[-1] in ci, f"{shlex.join(demo[-1])!r} is not run by .ci/run"


def test_ci_script_is_executable_and_strict() -> None:
    script = ROOT / ".ci" / "run"
    assert script.stat().st_mode & 0o111
    assert "set -euo pipefail" in script.read_text()


def test_changelog_has_an_unreleased_section() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(r"^## \[Unreleased\]$", text, re.MULTILINE)


# -- examples --------------------------------------------------------------------------------


def run_examples(page: Path) -> int:
    """Run a page's Python blocks in one namespace; check ``expr  # repr`` lines. Returns the
    number of checked lines."""
    namespace: dict[str, object] = {}
    checked = 0
    for code in re.findall(r"^```python\n(.*?)^```", page.read_text("utf-8"), re.S | re.M):
        lines = code.splitlines()
        for node in ast.parse(code).body:
            line = lines[node.lineno - 1]
            if isinstance(node, ast.Expr) and node.end_lineno == node.lineno and "  # " in line:
                expected = line.split("  # ", 1)[1].split(" — ")[0].strip()
                value = eval(compile(ast.Expression(node.value), str(page), "eval"), namespace)
                assert repr(value) == expected, f"{page.name}: {line.strip()}"
                checked += 1
            else:
                exec(compile(ast.Module([node], []), str(page), "exec"), namespace)
    return checked


@pytest.mark.parametrize(
    "page",
    [
        "explanation/dates.md",
        "how-to/beyond-one-machine.md",
        "policy/index.md",
        "policy/retirement.md",
        "policy/lixiu.md",
        "policy/age.md",
        "policy/double-high.md",
        "policy/party.md",
        "policy/coverage.md",
        "policy/political.md",
        "policy/care-plans.md",
        "policy/parameters.md",
        "services/programs.md",
        "services/calendar.md",
        "services/planning.md",
        "services/notebooks.md",
        "assessments/index.md",
        "reports/index.md",
    ],
)
def test_examples_give_the_results_shown(page: str) -> None:
    assert run_examples(DOCS / page) > 0


# -- generated reference pages ---------------------------------------------------------------


@pytest.fixture(scope="module")
def hooks() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_hooks", DOCS / "hooks.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_roster_files_page_lists_every_table_and_column(hooks: ModuleType) -> None:
    assert "<!-- laoganbu:roster-tables -->" in (DOCS / "reference" / "roster-files.md").read_text()
    text = hooks._roster_tables(None)
    for schema in SCHEMAS.values():
        assert f"{{#{schema.name}}}" in text
        for column in schema.all_columns():
            assert f"| {column.header} | `{column.name}` |" in text


def test_glossary_lists_every_enum_member(hooks: ModuleType) -> None:
    assert "<!-- laoganbu:enum-glossary -->" in (DOCS / "reference" / "glossary.md").read_text()
    text = hooks._enum_glossary(None)
    for name in enums.__all__:
        enum = getattr(enums, name)
        assert f"{{#{name.lower()}}}" in text
        for member in enum:
            assert f"| `{member.value}` | {member.label} |" in text


def test_unknown_cli_command_fails_the_build(hooks: ModuleType) -> None:
    with pytest.raises(LookupError):
        hooks._cli_usage("no-such-command")


# -- docstring examples ----------------------------------------------------------------------

_WITH_EXAMPLES = sorted(
    p.relative_to(ROOT / "src").with_suffix("").as_posix().replace("/", ".")
    for p in (ROOT / "src" / "laoganbu").rglob("*.py")
    if ">>> " in p.read_text(encoding="utf-8")
)


@pytest.mark.parametrize("module", _WITH_EXAMPLES)
def test_docstring_examples_run(module: str) -> None:
    import doctest
    import importlib

    outcome = doctest.testmod(
        importlib.import_module(module), optionflags=doctest.ELLIPSIS, raise_on_error=False
    )
    assert outcome.failed == 0, f"{outcome.failed} example(s) of {module} fail"
    assert outcome.attempted > 0


def test_no_shipped_text_cites_an_internal_file() -> None:
    # Sources are cited by a document's title, issuer and date a user can find (#16), never by
    # the project's own working files.
    pattern = re.compile(r"seed 0|domain brief|policy reference", re.IGNORECASE)
    found = []
    for folder in ("src", "plugins", "docs"):
        for path in (ROOT / folder).rglob("*"):
            if not path.is_file() or path.suffix not in {".py", ".toml", ".md", ".csv", ".json"}:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if pattern.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []
