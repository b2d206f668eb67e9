"""Configuration: ``[tool.waardetaal]`` in pyproject.toml or a ``.waardetaal.toml``.

The nearest file, found by walking up from the checked path (or the working
directory), applies; ``--config`` names one explicitly. Keys are the long
command-line options, so a setting reads the same in both places, and options
given on the command line win. ``.waardetaal.toml`` was chosen over YAML because
it is the same language as pyproject.toml: one parser (the standard library's
tomllib), one syntax to learn, and no YAML surprises ('no' meaning false).
Every resolved value remembers where it came from, for ``waardetaal config``.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from waardetaal.findings import Severity
from waardetaal.limits import MAX_CONFIG_FILE_BYTES
from waardetaal.linter import Mentions, Policy
from waardetaal.rules import GENRES
from waardetaal.sources import Unreadable, read_regular

CONFIG_FILE = ".waardetaal.toml"
PYPROJECT = "pyproject.toml"
_SECTION = "tool.waardetaal"
DEFAULT = "standaard"
COMMAND_LINE = "opdrachtregel"
FORMATS = ("text", "json", "sarif", "github", "junit")


class ConfigError(Exception):
    """A configuration that cannot be used; the Dutch message names file and key."""


def _strings(key: str, value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ValueError("verwacht een tekst of een lijst teksten")


def _choice(choices: tuple[str, ...]) -> Callable[[str, object], str]:
    def parse(key: str, value: object) -> str:
        if value not in choices:
            raise ValueError(f"kies uit {', '.join(choices)}")
        return str(value)

    return parse


def _severity(key: str, value: object) -> Severity:
    try:
        return Severity(str(value))
    except ValueError:
        raise ValueError("kies uit error, warning, info") from None


def _severities(key: str, value: object) -> Mapping[str, Severity]:
    if isinstance(value, list | tuple):  # from the command line: ID=ERNST
        pairs = [str(item).split("=", 1) for item in value]
        if not all(len(pair) == 2 for pair in pairs):
            raise ValueError("schrijf REGEL=ERNST, bijvoorbeeld utrecht.ladder=warning")
        value = dict(pairs)
    if not isinstance(value, Mapping):
        raise ValueError("verwacht een tabel van regel-id naar ernst")
    return {str(rule): _severity(key, level) for rule, level in value.items()}


def _boolean(key: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError("verwacht true of false")
    return value


# Key -> (parser, default). The keys are the long command-line options.
KEYS: dict[str, tuple[Callable[[str, object], object], object]] = {
    "rulesets": (_strings, ()),  # empty: every shipped rule set
    "rules": (_strings, ()),
    "select": (_strings, ()),
    "ignore": (_strings, ()),
    "severity": (_severities, {}),
    "fail-on": (_severity, Severity.WARNING),
    "exclude": (_strings, ()),
    "mentions": (_choice(tuple(m.value for m in Mentions)), Mentions.INFO.value),
    "format": (_choice(FORMATS), "text"),
    "report-unused-suppressions": (_boolean, False),
    "genre": (_choice(("", *GENRES)), ""),  # empty: any kind of text
}


@dataclass(frozen=True)
class Config:
    """The resolved settings and, for each key, where its value came from."""

    values: Mapping[str, object]
    origins: Mapping[str, str]
    path: Path | None = None
    base: Path = field(default_factory=Path.cwd)  # relative rule paths start here

    @property
    def rulesets(self) -> tuple[str, ...]:
        """Names of the shipped rule sets to use (empty: all)."""
        return _as_strings(self.values["rulesets"])

    @property
    def rule_files(self) -> tuple[Path, ...]:
        """Extra rule files, resolved against the configuration file's folder."""
        return tuple(
            self.base / name if self.origins["rules"] != COMMAND_LINE else Path(name)
            for name in _as_strings(self.values["rules"])
        )

    @property
    def exclude(self) -> tuple[str, ...]:
        """Glob patterns of files and folders to skip."""
        return _as_strings(self.values["exclude"])

    @property
    def fail_on(self) -> Severity:
        """The least serious finding that makes the run fail."""
        return Severity(str(self.values["fail-on"]))

    @property
    def output_format(self) -> str:
        """The output format."""
        return str(self.values["format"])

    @property
    def report_unused_suppressions(self) -> bool:
        """Whether suppressions that suppress nothing are reported."""
        return bool(self.values["report-unused-suppressions"])

    def policy(self) -> Policy:
        """What the linter needs: selection, severities and the mention policy."""
        severities = self.values["severity"]
        assert isinstance(severities, Mapping)
        return Policy(
            select=_as_strings(self.values["select"]),
            ignore=_as_strings(self.values["ignore"]),
            severities=dict(severities),
            mentions=Mentions(str(self.values["mentions"])),
            genre=str(self.values["genre"]) or None,
        )


def _as_strings(value: object) -> tuple[str, ...]:
    assert isinstance(value, tuple)
    return value


def find_config(start: Path) -> Path | None:
    """The nearest ``.waardetaal.toml`` or pyproject.toml with ``[tool.waardetaal]`` at or above ``start``."""
    folder = start.resolve()
    if not folder.is_dir():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        own = candidate / CONFIG_FILE
        if os.path.lexists(own) and not own.is_dir():  # one that cannot be read is reported, not skipped
            return own
        pyproject = candidate / PYPROJECT
        if pyproject.is_file() and _has_section(pyproject):
            return pyproject
    return None


@lru_cache(maxsize=64)
def _has_section(pyproject: Path) -> bool:
    """True when a pyproject.toml has [tool.waardetaal]; a broken one that may have it is an error."""
    try:
        data = read_regular(pyproject, MAX_CONFIG_FILE_BYTES)
    except Unreadable as error:
        # Its settings, if any, would silently not apply.
        raise ConfigError(
            f"{pyproject}: {error}; het kan [tool.waardetaal] bevatten (kies een bestand met --config)"
        ) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        if _SECTION.encode() in data:
            raise ConfigError(f"{pyproject}: is geen UTF-8-tekst") from None
        return False
    try:
        tool = tomllib.loads(text).get("tool", {})
    except tomllib.TOMLDecodeError as error:
        if _SECTION in text:
            raise ConfigError(f"{pyproject}: geen geldige TOML ({error})") from None
        return False
    return isinstance(tool, dict) and "waardetaal" in tool


def read_config_file(path: Path) -> Mapping[str, object]:
    """The waardetaal settings in a configuration file, unvalidated."""
    try:
        data = tomllib.loads(read_regular(path, MAX_CONFIG_FILE_BYTES).decode("utf-8"))
    except Unreadable as error:
        raise ConfigError(f"{path}: {error}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: is geen UTF-8-tekst") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: geen geldige TOML ({error})") from None
    if path.name == PYPROJECT:
        tool = data.get("tool", {})
        section = tool.get("waardetaal") if isinstance(tool, dict) else None
        if not isinstance(section, dict):
            raise ConfigError(f"{path}: geen sectie [tool.waardetaal]")
        return section
    return data


def resolve_config(
    start: Path, explicit: Path | None = None, command_line: Mapping[str, object] | None = None
) -> Config:
    """Defaults, then the configuration file, then the command line."""
    values = {key: default for key, (_, default) in KEYS.items()}
    origins = dict.fromkeys(KEYS, DEFAULT)
    path = explicit if explicit is not None else find_config(start)
    if path is not None:
        for key, raw in read_config_file(path).items():
            values[key] = _parse(key, raw, str(path))
            origins[key] = str(path)
    for key, raw in (command_line or {}).items():
        parsed = _parse(key, raw, COMMAND_LINE)
        previous = values[key]
        if key == "severity" and isinstance(previous, Mapping) and isinstance(parsed, Mapping):
            parsed = {**previous, **parsed}  # a table: the command line adds to the file's entries
        values[key] = parsed
        origins[key] = COMMAND_LINE
    return Config(values, origins, path, path.parent if path is not None else Path.cwd())


def _parse(key: str, raw: object, where: str) -> object:
    if key not in KEYS:
        known = ", ".join(KEYS)
        raise ConfigError(f"{where}: onbekende sleutel ‘{key}’ (bekend: {known})")
    parser, _ = KEYS[key]
    try:
        return parser(key, raw)
    except ValueError as error:
        raise ConfigError(f"{where}: sleutel ‘{key}’: {error}") from None


def describe(config: Config) -> str:
    """The resolved configuration in TOML form, each value with its origin."""
    lines = [f"# configuratiebestand: {config.path or 'geen'}"]
    for key in KEYS:
        lines.append(f"{key} = {_toml(config.values[key])}  # {config.origins[key]}")
    return "\n".join(lines) + "\n"


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f'"{k}" = {_toml(v)}' for k, v in value.items()) + "}"
    return f'"{value}"'
