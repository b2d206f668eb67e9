"""Rules the settings switch off are not looked for at all: same findings, and no overlap lost to them."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from waardetaal import Linter
from waardetaal.linter import Policy

SENTENCES = (
    "Je hebt minimaal hbo-/wo-denkniveau.",
    "Veel hoogopgeleiden en laagopgeleiden wonen hier.",
    "Een afgeronde hbo-opleiding is vereist.",
    "De mbo-leerlingen en het hoger onderwijs.",
    "Zij willen hogerop komen na het mbo.",
    "Gewone zin over de stad.",
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=6),
    st.sampled_from([None, "vacature", "publicatie"]),
    st.lists(st.sampled_from(["utrecht.diploma-eis", "utrecht.ladder", "utrecht.hoger-onderwijs"]), max_size=2),
)
def test_switched_off_rules_change_nothing_else(
    linter: Linter, sentences: list[str], genre: str | None, ignore: list[str]
) -> None:
    text = " ".join(sentences)
    policy = Policy(ignore=tuple(ignore), genre=genre)
    everything = linter.lint(text)
    reported = linter.lint(text, None, policy)
    assert all(policy.reports(f.rule, linter.catalog.by_id[f.rule].genres) for f in reported)
    # What the policy keeps of an unfiltered run is still found (it can only gain findings an ignored rule hid).
    kept = [f for f in everything if policy.reports(f.rule, linter.catalog.by_id[f.rule].genres)]
    assert set(kept) <= set(reported)


def test_an_ignored_rule_no_longer_hides_an_overlapping_one(linter: Linter) -> None:
    text = "Je hebt minimaal hbo-/wo-denkniveau."
    assert [f.rule for f in linter.lint(text)] == ["utrecht.werk-en-denkniveau"]
    ignoring = Policy(ignore=("utrecht.werk-en-denkniveau",))
    assert [(f.rule, f.text) for f in linter.lint(text, None, ignoring)] == [
        ("utrecht.diploma-eis", "minimaal hbo-/wo")
    ]
