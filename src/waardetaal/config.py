"""Configuration: ``[tool.waardetaal]`` in pyproject.toml or a ``.waardetaal.toml``.

The nearest file, found by walking up from the checked path (or the working
directory), applies; ``--config`` names one explicitly. A file extends the
nearest configuration file in a folder above it (``extend = false`` starts
afresh, ``extend = "PATH"`` names the file to extend), as ruff does: a team's
settings hold in every folder unless a folder says otherwise. Keys are the long
command-line options, so a setting reads the same in both places, and options
given on the command line win. ``.waardetaal.toml`` was chosen over YAML because
it is the same language as pyproject.toml: one parser (the standard library's
tomllib), one syntax to learn, and no YAML surprises ('no' meaning false).
Every resolved value remembers where it came from, for ``waardetaal config``.
"""

from __future__ import annotations

import fnmatch
import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from waardetaal.findings import Severity
from waardetaal.formatters import RENDERERS
from waardetaal.limits import MAX_CONFIG_FILE_BYTES
from waardetaal.linter import Mentions, Policy
from waardetaal.rules import builtin_rule_files, default_rule_files
from waardetaal.sources import Unreadable, read_regular

CONFIG_FILE = ".waardetaal.toml"
PYPROJECT = "pyproject.toml"
_SECTION = "tool.waardetaal"
DEFAULT = "standaard"
COMMAND_LINE = "opdrachtregel"
FORMATS = tuple(RENDERERS)  # the output formats are the formatters' names


class ConfigError(Exception):
    """A configuration that cannot be used; the Dutch message names file and key."""


def _strings(key: str, value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ValueError("verwacht een tekst of een lijst teksten")


def _text(key: str, value: object) -> str:
    if not isinstance(value, str):
        raise ValueError("verwacht een tekst")
    return value


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
    "rulesets": (_strings, ()),  # empty: the shipped rule sets that are on by default
    "rules": (_strings, ()),
    "select": (_strings, ()),
    "ignore": (_strings, ()),
    "severity": (_severities, {}),
    "fail-on": (_severity, Severity.WARNING),
    "exclude": (_strings, ()),
    "mentions": (_choice(tuple(m.value for m in Mentions)), Mentions.INFO.value),
    "format": (_choice(FORMATS), "text"),
    "report-unused-suppressions": (_boolean, False),
    "genre": (_text, ""),  # empty: any kind of text; the rule sets declare the kinds (checked with them)
}
# How a file's (or the command line's) value meets the value it extends: these lists
# add to it, ``severity`` merges entry by entry, and every other key replaces it.
# Adding keys name things to use or skip, so a folder never silently loses the team's.
ADDING = frozenset({"rules", "exclude"})
# Keys that add to a list key that otherwise replaces (ruff's extend-select).
EXTENDING = {"extend-select": "select", "extend-ignore": "ignore"}
EXTEND = "extend"  # false, true, or the path of the configuration file to extend


@dataclass(frozen=True, slots=True)
class Exclusion:
    """An exclude pattern and the folder it is relative to (None: the walked folder, from the command line)."""

    pattern: str
    base: Path | None


@dataclass(frozen=True)
class Config:
    """The resolved settings and, for each key, where its value came from."""

    values: Mapping[str, object]
    origins: Mapping[str, str]
    path: Path | None = None
    chain: tuple[Path, ...] = ()  # the files extended, the most general first, ending with ``path``
    exclusions: tuple[Exclusion, ...] = ()  # the ``exclude`` patterns, each with its folder

    @property
    def rulesets(self) -> tuple[str, ...]:
        """Names of the shipped rule sets to use: those named, or else those on by default."""
        return _as_strings(self.values["rulesets"]) or tuple(path.stem for path in default_rule_files())

    def rule_set_files(self) -> tuple[Path, ...]:
        """The files of the shipped rule sets to use, then the extra rule files; unknown names are an error."""
        shipped = {path.stem: path for path in builtin_rule_files()}
        unknown = [name for name in self.rulesets if name not in shipped]
        if unknown:
            raise ConfigError(
                f"{self.origins['rulesets']}: onbekende regelset ‘{unknown[0]}’"
                f" (meegeleverd: {', '.join(sorted(shipped))})"
            )
        return tuple(path for name, path in shipped.items() if name in self.rulesets) + self.rule_files

    @property
    def rule_files(self) -> tuple[Path, ...]:
        """Extra rule files, each resolved against the folder of the configuration file that names it."""
        return tuple(Path(name) for name in _as_strings(self.values["rules"]))

    @property
    def exclude(self) -> tuple[str, ...]:
        """Glob patterns of files and folders to skip."""
        return _as_strings(self.values["exclude"])

    def excludes(self, path: Path, root: Path) -> bool:
        """Whether an exclude pattern names ``path`` (a file or folder in a walk of ``root``).

        A pattern matches the path relative to the walked folder, relative to the
        folder of the configuration file that declares it, or the name alone.
        """
        if not self.exclusions:
            return False
        # Configuration folders are resolved paths; a walk does not follow links to folders.
        absolute = Path(os.path.realpath(path.parent)) / path.name
        return any(_glob_names(path, absolute, root, exclusion) for exclusion in self.exclusions)

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


def _glob_names(path: Path, absolute: Path, root: Path, exclusion: Exclusion) -> bool:
    relatives = [path.name, path.relative_to(root).as_posix(), str(path)]
    if exclusion.base is not None and absolute.is_relative_to(exclusion.base):
        relatives.append(absolute.relative_to(exclusion.base).as_posix())
    return any(fnmatch.fnmatch(relative, exclusion.pattern) for relative in relatives)


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
    """Defaults, then each configuration file of the chain (the most general first), then the command line."""
    return load_config(explicit if explicit is not None else find_config(start), command_line)


def load_config(path: Path | None, command_line: Mapping[str, object] | None = None) -> Config:
    """The configuration of ``path`` and the files it extends (None: no file), then the command line."""
    layers = _Layers()
    chain = _chain(path) if path is not None else []
    for file, raw in chain:
        # A file's own keys first, then what it adds to them: the order in the file does not matter.
        for key, value in sorted(raw.items(), key=lambda item: item[0] in EXTENDING):
            if key != EXTEND:
                layers.apply(key, value, str(file), file.parent)
    for key, value in (command_line or {}).items():
        layers.apply(key, value, COMMAND_LINE, None)
    return Config(layers.values, layers.origins, path, tuple(file for file, _ in chain), tuple(layers.exclusions))


def _chain(path: Path) -> list[tuple[Path, Mapping[str, object]]]:
    """The file and every file it extends, each with its settings, the most general first."""
    chain: list[tuple[Path, Mapping[str, object]]] = []
    seen: set[Path] = set()
    current: Path | None = path
    while current is not None:
        if current.resolve() in seen:
            raise ConfigError(f"{current}: breidt zichzelf uit via {chain[-1][0]} (zet extend = false in één ervan)")
        seen.add(current.resolve())
        raw = read_config_file(current)
        chain.append((current, raw))
        current = _extended(current, raw.get(EXTEND, True))
    return chain[::-1]


def _extended(path: Path, extend: object) -> Path | None:
    """The file a configuration file extends: the nearest one above its folder, a named one, or none."""
    if extend is False:
        return None
    if extend is True:
        folder = path.resolve().parent
        return find_config(folder.parent) if folder.parent != folder else None
    if not isinstance(extend, str) or not extend:
        raise ConfigError(f"{path}: sleutel ‘{EXTEND}’: verwacht true, false of het pad van een configuratiebestand")
    named = path.parent / Path(extend).expanduser()
    if not named.is_file():
        raise ConfigError(f"{path}: sleutel ‘{EXTEND}’: {named} bestaat niet of is geen bestand")
    return named


class _Layers:
    """The values so far and their origins, as each configuration layer is put on top."""

    def __init__(self) -> None:
        self.values: dict[str, object] = {key: default for key, (_, default) in KEYS.items()}
        self.origins: dict[str, str] = dict.fromkeys(KEYS, DEFAULT)
        self.exclusions: list[Exclusion] = []

    def apply(self, key: str, raw: object, where: str, folder: Path | None) -> None:
        """Put one key of a layer on top: ``where`` names the layer, ``folder`` anchors its relative paths."""
        target = EXTENDING.get(key, key)
        parsed = _parse(key, raw, where, target)
        if key == "rules":
            parsed = tuple(str(folder / name) if folder is not None else name for name in _as_strings(parsed))
        if key == "exclude":
            self.exclusions += [Exclusion(pattern, folder) for pattern in _as_strings(parsed)]
        previous = self.values[target]
        if key in ADDING or key in EXTENDING:
            if target == "select" and not previous:
                return  # an empty selection already selects every rule: adding to it would narrow it
            self._combine(target, tuple(dict.fromkeys((*_as_strings(previous), *_as_strings(parsed)))), where)
        elif key == "severity":
            assert isinstance(previous, Mapping) and isinstance(parsed, Mapping)
            self._combine(target, {**previous, **parsed}, where)  # a later layer's entries win
        else:
            self.values[target] = parsed
            self.origins[target] = where

    def _combine(self, key: str, value: object, where: str) -> None:
        """A value made of this layer's and earlier ones: every layer that gave part of it is its origin."""
        known = self.origins[key]
        self.origins[key] = where if known in (DEFAULT, where) else f"{known}, {where}"
        self.values[key] = value


def _parse(key: str, raw: object, where: str, like: str | None = None) -> object:
    """The value of ``key``, parsed as the key ``like`` (by default itself) is; errors name ``key``."""
    if (like or key) not in KEYS:
        known = ", ".join([*KEYS, *EXTENDING, EXTEND])
        raise ConfigError(f"{where}: onbekende sleutel ‘{key}’ (bekend: {known})")
    parser, _ = KEYS[like or key]
    try:
        return parser(key, raw)
    except ValueError as error:
        raise ConfigError(f"{where}: sleutel ‘{key}’: {error}") from None


def describe(config: Config) -> str:
    """The resolved configuration in TOML form, each value with its origin."""
    lines = [f"# configuratiebestand: {config.path or 'geen'}"]
    lines += [f"# breidt uit: {extended}" for extended in reversed(config.chain[:-1])]
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
