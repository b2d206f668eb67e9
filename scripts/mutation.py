"""Mutation testing: plant small bugs in one module at a time with mutmut and see whether its fast tests notice.

Usage: ``python scripts/mutation.py [MODULE ...] [--work DIR] [--jobs N]`` (``pip install -e ".[mutation]"``
first). Without MODULE every module in MODULES is run. Each module gets its own copy of the repository in the
work folder (default: ``waardetaal-mutation`` in the temporary folder), so the checkout is never mutated and
other work on it goes on undisturbed. Everything runs under ``nice -n 19``. The script prints per module the
killed and total mutants and writes the surviving mutants' diffs to ``WORK/MODULE/overlevers.txt``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# What the tests read besides the code: rule sets, corpora, examples, test data.
COPIED = ("src", "tests", "rules", "corpora", "examples", "README.md")
IGNORED = shutil.ignore_patterns("__pycache__", ".hypothesis", ".pytest_cache", "*.pyc")
# Each module with the fast tests that cover it, so one mutant costs seconds rather than the whole suite.
MODULES: dict[str, tuple[str, ...]] = {
    "fixes": ("tests/test_fixes.py", "tests/hostile/test_fixing.py", "tests/test_mutation_fixes.py"),
    "suppressions": (
        "tests/test_suppressions.py",
        # Not the timed test of that file: a mutant slows the code down, which is no planted bug.
        "tests/hostile/test_suppression_scale.py::test_the_sweep_gives_what_the_plain_rule_gives",
        "tests/hostile/test_suppression_scale.py::test_directives_past_the_bound_do_not_count",
        "tests/test_mutation_suppressions.py",
    ),
    "morphology": ("tests/test_recall_forms.py", "tests/test_notation.py", "tests/test_mutation_morphology.py"),
    "positions": ("tests/test_engine.py", "tests/test_markup.py", "tests/test_mutation_positions.py"),
    "suggestions": ("tests/test_recall_forms.py", "tests/test_language_data.py", "tests/test_mutation_suggestions.py"),
    "typography": (
        "tests/test_recall_forms.py",
        "tests/test_engine.py",
        # Not the timed test of that file, nor the 800-example differential test (ten seconds a mutant).
        "tests/hostile/test_engine_input.py::test_direction_marks_in_and_around_a_term",
        "tests/hostile/test_engine_input.py::test_direction_marks_examples",
        "tests/hostile/test_engine_input.py::test_normalized_offsets_point_at_the_same_characters",
        "tests/test_prefilter_differential.py::test_long_white_space_between_words",
        "tests/test_prefilter_differential.py::test_quote_marks_the_normaliser_knows",
        "tests/test_prefilter_differential.py::test_a_paragraph_break_is_one_for_the_normaliser",
        "tests/test_mutation_typography.py",
    ),
    # A module in a package is named with dots, as it is imported.
    "readers.pdf_process": (
        # Not the test of a dying reused child: Pebble forks its successor while the document is read again
        # in a child of its own, and (a bug, see the xfail in test_mutation_pdf_process.py) that successor
        # holds the pipe open, so under mutmut's slower calls the document is refused as too slow.
        "tests/test_pdf_process.py::test_the_child_is_reused_then_replaced_after_its_share_of_documents",
        "tests/test_pdf_process.py::test_real_pdfs_read_in_the_child_equal_reading_them_here",
        "tests/test_pdf_process.py::test_a_document_that_exhausts_a_reused_child_is_read_again_in_a_child_of_its_own",
        "tests/test_pdf_process.py::test_a_child_past_the_deadline_is_stopped_and_the_next_document_is_read",
        "tests/test_pdf_process.py::test_a_forked_process_starts_a_pool_of_its_own",
        "tests/test_pdf_process.py::test_a_multiprocessing_child_that_read_a_pdf_ends_without_waiting_for_its_reader",
        "tests/test_mutation_pdf_process.py",
    ),
}

# Lines left unmutated, per module. A mutant of the test after the fork sends the test process itself down the
# child's path, where it exits, and the child down the parent's, where it kills process 0: its own process
# group, mutmut and this script with it. Every test of a child of its own runs that line.
UNMUTATED: dict[str, tuple[str, ...]] = {"readers.pdf_process": (r"^\s*if child == 0:",)}


@dataclass(frozen=True)
class Score:
    """The outcome of one module's mutants."""

    module: str
    killed: int
    total: int
    seconds: float

    @property
    def percent(self) -> float:
        """Killed mutants as a percentage of all mutants."""
        return 100.0 * self.killed / self.total if self.total else 100.0


def mutmut_config(module: str, tests: tuple[str, ...]) -> str:
    """The [tool.mutmut] table that mutates one module and runs only its tests."""
    existing = [test for test in tests if (ROOT / test.partition("::")[0]).exists()]
    return (
        "\n[tool.mutmut]\n"
        'source_paths = ["src"]\n'
        f'only_mutate = ["src/waardetaal/{module.replace(".", "/")}.py"]\n'
        f"also_copy = {json.dumps(['tests', 'rules', 'corpora', 'examples', 'README.md'])}\n"
        f"pytest_add_cli_args_test_selection = {json.dumps(existing)}\n"
        f"do_not_mutate_patterns = {json.dumps(UNMUTATED.get(module, ()))}\n"
        'pytest_add_cli_args = ["-p", "no:cacheprovider"]\n'
        # Fork each mutant from a fresh process, not from the one that ran the clean tests: that one's
        # lru_caches (word_forms) hold the unmutated results, and a mutant behind a cache would survive.
        'process_isolation = "forkserver"\n'
    )


# Appended to the copy's tests/conftest.py. mutmut runs a mutant only against the tests that called the
# mutated function while the clean tests ran; behind a cache (word_forms) a later test never calls it, so
# the mutant would survive untested. Each test starts with the mutated module's caches empty.
FRESH_CACHES = """

@pytest.fixture(autouse=True)
def _fresh_caches_of_the_mutated_module() -> None:
    import importlib

    for value in vars(importlib.import_module("waardetaal.{module}")).values():
        if callable(getattr(value, "cache_clear", None)):
            value.cache_clear()
"""


def prepare(work: Path, module: str) -> Path:
    """A fresh copy of the repository for one module's run, with its mutmut configuration."""
    folder = work / module
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, folder / name, ignore=IGNORED)
        elif source.exists():
            shutil.copy2(source, folder / name)
    conftest = folder / "tests" / "conftest.py"
    text = conftest.read_text(encoding="utf-8")
    conftest.write_text(text + FRESH_CACHES.format(module=module), encoding="utf-8")
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    (folder / "pyproject.toml").write_text(pyproject + mutmut_config(module, MODULES[module]), encoding="utf-8")
    return folder


def mutmut(folder: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """Run a mutmut command in a module's folder at the lowest priority."""
    command = ["nice", "-n", "19", sys.executable, "-m", "mutmut", *arguments]
    # No terminal input: a test or mutant that reads it would stop a run in the background.
    return subprocess.run(command, cwd=folder, stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False)


def survivors(folder: Path) -> list[str]:
    """The names of the mutants that no test killed."""
    listing = mutmut(folder, "results").stdout
    return [line.split(":")[0].strip() for line in listing.splitlines() if line.strip().endswith("survived")]


def run_module(work: Path, module: str, jobs: int) -> Score:
    """Mutate one module, run its tests against every mutant and write the survivors' diffs."""
    folder = prepare(work, module)
    started = time.monotonic()
    run = mutmut(folder, "run", "--max-children", str(jobs))
    if run.returncode != 0:
        sys.exit(f"mutmut faalde voor {module}:\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}")
    seconds = time.monotonic() - started
    mutmut(folder, "export-cicd-stats")
    stats = json.loads((folder / "mutants" / "mutmut-cicd-stats.json").read_text(encoding="utf-8"))
    names = survivors(folder)
    diffs = [mutmut(folder, "show", name).stdout for name in names]
    (folder / "overlevers.txt").write_text("\n".join(diffs), encoding="utf-8")
    # A timeout counts as killed: the mutant made the tests hang, which they notice.
    killed = int(stats["killed"]) + int(stats["timeout"])
    total = int(stats["total"]) - int(stats["skipped"])
    return Score(module, killed, total, seconds)


def main() -> None:
    """Run the chosen modules and print their scores."""
    parser = argparse.ArgumentParser(description="Mutatietests met mutmut, per module met de snelle tests ervan.")
    parser.add_argument("modules", nargs="*", help=f"modules (standaard: alle): {', '.join(MODULES)}")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "waardetaal-mutation")
    parser.add_argument("--jobs", type=int, default=2, help="mutanten tegelijk (standaard: 2)")
    arguments = parser.parse_args()
    unknown = sorted(set(arguments.modules) - set(MODULES))
    if unknown:
        parser.error(f"onbekende module: {', '.join(unknown)}")
    for module in arguments.modules or list(MODULES):
        print(f"{module}: mutanten maken en testen ...", flush=True)
        score = run_module(arguments.work, module, arguments.jobs)
        print(
            f"{score.module}: {score.killed}/{score.total} gedood ({score.percent:.1f} %) in {score.seconds:.0f} s; "
            f"overlevers in {arguments.work / module / 'overlevers.txt'}",
            flush=True,
        )


if __name__ == "__main__":
    main()
