"""The engine on real Dutch: forms, typography, coordination, traps, mentions, offsets."""

from __future__ import annotations

import pytest

from waardetaal import Linter, Severity, lint_text
from waardetaal.findings import Finding


def found(linter: Linter, text: str) -> list[tuple[str, str]]:
    return [(f.text, f.rule) for f in linter.lint(text)]


HOOG_LAAG = "utrecht.hoog-laag-opgeleid"
DENK = "utrecht.werk-en-denkniveau"


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("HBO en hbo, Hbo: wij zoeken Hoogopgeleiden.", "Hoogopgeleiden"),
        ("HOOGOPGELEIDEN IN UTRECHT", "HOOGOPGELEIDEN"),
        ("Zij zijn hoog opgeleid.", "hoog opgeleid"),
        ("Zij zijn hoog-opgeleid.", "hoog-opgeleid"),
        ("De hogeropgeleiden verhuizen.", "hogeropgeleiden"),
        ("De lageropgeleide man.", "lageropgeleide"),
        ("De hoogst opgeleiden.", "hoogst opgeleiden"),
        ("De laagst opgeleide groep.", "laagst opgeleide"),
        ("Voor laaggeschoolden.", "laaggeschoolden"),
        ("Zij is hooggeschoold.", "hooggeschoold"),
        ("Ook hoger geschoolde mensen.", "hoger geschoolde"),
        ("De middelbaar opgeleide inwoner.", "middelbaar opgeleide"),
        ("Een hoog\u00adopgeleide collega.", "hoog\u00adopgeleide"),
        ("Een laag\u00a0opgeleide collega.", "laag\u00a0opgeleide"),
        ("Een laag\nopgeleide collega.", "laag\nopgeleide"),
        ("Een laag\r\n   opgeleide collega.", "laag\r\n   opgeleide"),
        ("Een hoog-\nopgeleide collega.", "hoog-\nopgeleide"),
        ("Een hoog\u2011opgeleide collega.", "hoog\u2011opgeleide"),
        ("Een hoog\u200bopgeleide collega.", "hoog\u200bopgeleide"),
    ],
)
def test_forms_of_hoog_laag_opgeleid(linter: Linter, text: str, term: str) -> None:
    assert found(linter, text) == [(term, HOOG_LAAG)]


@pytest.mark.parametrize(
    "phrase",
    [
        "laag- en hoogopgeleiden",
        "hoog- of laagopgeleid",
        "lager en hoger opgeleiden",
        "hoog/laag opgeleid",
        "laag-, middelbaar en hoogopgeleiden",
        "hoog- en laaggeschoolden",
        "hoog tegen laag opgeleid",
        "Laag- en hoogopgeleiden",
    ],
)
def test_coordination_is_one_finding(linter: Linter, phrase: str) -> None:
    assert found(linter, f"Het verschil tussen {phrase} blijft.") == [(phrase, HOOG_LAAG)]


@pytest.mark.parametrize(
    "phrase",
    [
        "HBO/WO werk- en denkniveau",
        "hbo-/wo-denkniveau",
        "hbo werk en denkniveau",
        "academisch werk- en denkniveau",
        "mbo 4 werk- en denkniveau",
        "hbo+ denkniveau",
        "werk- en denkniveau",
        "werk-/denkniveau",
        "werk/denkniveau",
        "denk- en werkniveau",
        "HBO-werk- en denkniveau",
        "WO-denkniveau",
        "universitair denkniveau",
        "mbo-4 denkniveau",
        "mbo niveau 4 werk- en denkniveau",
        "hbo-wo denkniveau",
        "HBO WERK- EN DENKNIVEAU",
        "werk- en denkniveaus",
        "werk- &\ndenkniveau",
        "hbo/wo werk- en denkniveau",
    ],
)
def test_every_form_of_werk_en_denkniveau(linter: Linter, phrase: str) -> None:
    assert found(linter, f"Je hebt {phrase}. Je bent flexibel.") == [(phrase, DENK)]


def test_denkniveau_after_minimaal_is_one_warning(linter: Linter) -> None:
    assert found(linter, "Je hebt minimaal hbo-/wo-denkniveau.") == [("hbo-/wo-denkniveau", DENK)]


@pytest.mark.parametrize(
    "text",
    [
        "De lagere overheden gaan in hoger beroep tegen de hogere kosten.",
        "Bij hoogwater sluit het laagdrempelige loket; de hoogleraar zwijgt.",
        "Hoogtepunten van het jaar: hoogwaardige professionals, laagbouw en hoogbouw.",
        "We werken op hoog niveau in alle lagen van de samenleving.",
        "Zij volgt de vmbo theoretische leerweg; hij zit op het praktijkonderwijs.",
        "Elke vmbo-leerling en iedere leerling in het voortgezet onderwijs doet mee.",
        "De Wet op het hoger onderwijs en wetenschappelijk onderzoek (WHW) geldt.",
        "Zij studeert aan de Hogeschool Utrecht; de Vereniging Hogescholen reageert.",
        "Het hoogst behaalde diploma telt, net als hogere inkomens en lagere huren.",
        "Zij is goed opgeleid en opgeleid tot verpleegkundige; de kosten liepen hoog op.",
        "Het denkniveau van jonge kinderen verschilt; taalniveau B1 is genoeg.",
        "Praktisch gezien is de praktische opdracht het zwaarst; het theoretisch kader volgt.",
        "Mbo’ers, mbo-studenten, hbo’ers en wo-studenten: allemaal studenten.",
        "Mbo-opgeleiden en hbo- en wo-opgeleiden werken in het vervolgonderwijs.",
        "Veel mbo-studenten stromen door naar het hbo; ze ervaren opwaartse druk.",
        "Deelnemers aan de bijeenkomst kregen een certificaat.",
        "De laagste huren en de hoogste opbrengst, lage lonen en hoge prijzen.",
        "Het hoger beroepsonderwijs en het middelbaar beroepsonderwijs zijn wettelijke namen.",
    ],
)
def test_traps_give_nothing(linter: Linter, text: str) -> None:
    assert linter.lint(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Wij gebruiken de term ‘hoogopgeleid’ niet meer.",
        "Het woord “laagopgeleiden” schrappen we.",
        "De term 'hoger onderwijs' vervangen we door hbo en wo.",
        "We zetten het mbo niet af tegen het ‘hoger’ onderwijs.",
        "Termen als hoog- en laagopgeleid horen daar niet bij.",
        "Het begrip werk- en denkniveau sluit mensen uit.",
    ],
)
def test_mentions_are_at_most_info(linter: Linter, text: str) -> None:
    findings = linter.lint(text)
    assert findings, text
    assert all(f.severity == Severity.INFO for f in findings)


def test_long_quotation_is_use_not_mention(linter: Linter) -> None:
    text = "“Wij zoeken vooral hoogopgeleide mensen voor de nieuwe afdeling in het stadskantoor,” zei zij."
    assert [f.severity for f in linter.lint(text)] == [Severity.WARNING]


def test_apostrophes_are_not_quotes(linter: Linter) -> None:
    text = "Zo’n mbo’er zegt ’s avonds: hoogopgeleiden bestaan niet."
    assert [(f.text, f.severity) for f in linter.lint(text)] == [("hoogopgeleiden", Severity.WARNING)]


def test_title_case_name_mid_sentence_is_skipped_but_heading_is_not(linter: Linter) -> None:
    assert linter.lint("Wij spraken met de Stichting Hoger Onderwijs Nederland.") == []
    assert [f.text for f in linter.lint("Hoger Onderwijs In Utrecht\n\nTekst.")] == ["Hoger Onderwijs"]


def test_policy_document_gives_no_warning(policy_text: str) -> None:
    findings = lint_text(policy_text)
    assert findings, "the policy quotes the terms it rejects; they must be found as mentions"
    assert all(f.severity == Severity.INFO for f in findings), [f for f in findings if f.severity != "info"]


def check_offsets(text: str, findings: list[Finding]) -> None:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for finding in findings:
        assert text[finding.start : finding.end] == finding.text
        first_line = lines[finding.line - 1]
        assert first_line[finding.column - 1 :].startswith(finding.text.splitlines()[0])
        assert lines[finding.end_line - 1][: finding.end_column - 1].endswith(finding.text.splitlines()[-1])


def test_offsets_and_positions_are_exact(linter: Linter) -> None:
    text = (
        "\ufeffTitel\r\n\r\nEerste regel met hoog\u00adopgeleiden.\r\n"
        "Dan ‘mbo-leerlingen’ en\nlaag\nopgeleide 😀 mensen."
    )
    findings = linter.lint(text)
    assert [f.text for f in findings] == ["hoog\u00adopgeleiden", "mbo-leerlingen", "laag\nopgeleide"]
    check_offsets(text, findings)
    assert (findings[0].line, findings[0].column) == (3, 18)
    assert (findings[2].line, findings[2].column, findings[2].end_line, findings[2].end_column) == (5, 1, 6, 10)


def test_findings_are_sorted_and_long_text_is_searched_everywhere(linter: Linter) -> None:
    filler = "Dit is een gewone zin over de gemeente Utrecht en haar inwoners. " * 400
    text = filler + "Hoogopgeleiden. " + filler + "Mbo-leerlingen en HBO werk- en denkniveau. " + filler
    findings = linter.lint(text)
    assert [f.text for f in findings] == ["Hoogopgeleiden", "Mbo-leerlingen", "HBO werk- en denkniveau"]
    assert [f.start for f in findings] == sorted(f.start for f in findings)
    check_offsets(text, findings)


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        ("Hoogopgeleide medewerkers", "Hbo- of wo-opgeleide"),
        ("veel hoogopgeleiden", "hbo- en wo-opgeleiden"),
        ("zij is hoogopgeleid", "hbo- of wo-opgeleid"),
        ("de mbo-leerlingen", "mbo-studenten"),
        ("leerlingen van het mbo", "mbo-studenten"),
        ("een leerling op het mbo", "mbo-student"),
        ("het hoger onderwijs", "hbo en wo"),
        ("hogere opleidingen", "hbo- en wo-opleidingen"),
    ],
)
def test_suggestions_agree_with_the_match(linter: Linter, text: str, suggestion: str) -> None:
    assert linter.lint(text)[0].suggestions[0] == suggestion


def test_laagopgeleid_gets_no_guessed_replacement(linter: Linter) -> None:
    finding = linter.lint("laagopgeleiden")[0]
    assert finding.suggestions == ()
    assert "mbo-1" in finding.message and "niet hetzelfde als mbo-opgeleid" in finding.message


def test_werk_en_denkniveau_asks_for_competencies(linter: Linter) -> None:
    finding = linter.lint("HBO werk- en denkniveau")[0]
    assert finding.suggestions == () and "competenties" in finding.message


def test_empty_and_whitespace_texts(linter: Linter) -> None:
    assert linter.lint("") == []
    assert linter.lint(" \n\t ") == []


def test_a_catalog_without_rules_finds_nothing(linter: Linter) -> None:
    assert Linter(linter.catalog.select([])).lint("hoogopgeleiden") == []
