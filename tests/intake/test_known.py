"""Known enterprises in running text, recognised by the matching engine (intake/known.py)."""

from __future__ import annotations

import pytest

from coopatlas.intake.extract import extract
from coopatlas.intake.gazetteer import Name, reference_gazetteer
from coopatlas.intake.known import KnownEnterprises
from coopatlas.intake.text import Article


def _known(text: str) -> list[tuple[str, str]]:
    got = extract(Article("x.txt", text), reference_gazetteer())
    return [(e["name"], e["mention"]) for e in got["enterprises"] if e["known"]]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("В Ижевск прибыла первая партия белорусских МАЗов – 30 единиц.", "MAZ"),
        ("Карьеры оснащены гигантскими «БелАЗами» из Жодино.", "BelAZ"),
        ("The delegation visited the Minsk Tractor Plant on Monday.", "MTZ"),
        ("Сотрудничество с Череповецким литейно-механическим заводом развивается.",
         "Cherepovets Foundry and Mechanical Plant"),
    ],
)  # fmt: skip
def test_other_cases_and_spellings_are_the_registry_enterprise(text: str, code: str) -> None:
    assert code in [name for name, _ in _known(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Belarusian enterprises are invited to take part in the project.",
        "Минский завод гражданской авиации включён в программу.",  # not MZOR's first words
        "МО и Х упомянуты в тексте.",  # initials of too many names
    ],
)
def test_parts_and_common_words_are_not_enterprises(text: str) -> None:
    assert _known(text) == []


def test_a_compound_in_the_text_meets_the_registry_words() -> None:
    known = KnownEnterprises(
        {"km": Name("km", "Kurgan Machine-Building Plant", "enterprise")},
        {"km": ["Kurgan Machine-Building Plant"]},
    )
    found = known.find("Делегация Курганмашзавода посетила Минск.")
    assert [(n.code, text) for _, _, n, text in found] == [("km", "Курганмашзавода")]
