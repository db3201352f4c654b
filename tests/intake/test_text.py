"""Reading files: encodings, bad input, sentences with offsets, language."""

from __future__ import annotations

from pathlib import Path

import pytest

from coopatlas.intake.text import ArticleError, language, read_article, sentences
from tests.conftest import write

TEXT = "MINSK, 1 June (BelTA) – Trade grew. It was close to $334 million in 2022.\n"


def test_utf8_and_bom_read_the_same(tmp_path: Path) -> None:
    plain = read_article(write(tmp_path / "a.txt", TEXT))
    bom = read_article(write(tmp_path / "b.txt", TEXT, encoding="utf-8-sig"))
    assert plain.text == bom.text == TEXT


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"   \n\n ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10, "binary"),
        ("Товарооборот составил 68 млн долларов.".encode("cp1251"), "cp1251"),
        (b"caf\xe9 \xff\xfe", "not UTF-8"),
    ],
)
def test_bad_files_get_a_clear_error(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(ArticleError) as info:
        read_article(path)
    assert str(path) in str(info.value) and reason in str(info.value)


def test_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(50 * 1024 * 1024)
    with pytest.raises(ArticleError, match=r"50\.0 MB"):
        read_article(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ArticleError, match="no such file"):
        read_article(tmp_path / "nope.txt")


def test_html_main_text_is_extracted_offline(tmp_path: Path) -> None:
    body = " ".join(["Belarus' trade with Lipetsk Oblast totaled $68 million in 2023."] * 8)
    html = (
        "<html><head><title>Belarus and Lipetsk</title></head><body>"
        "<nav>Home | News | Contacts</nav>"
        f"<article><h1>Belarus and Lipetsk</h1><p>{body}</p><p>{body}</p></article>"
        "<footer>Copyright</footer></body></html>"
    )
    article = read_article(write(tmp_path / "page.html", html))
    assert "$68 million" in article.text and "Contacts" not in article.text


def test_sentences_keep_offsets_and_abbreviations() -> None:
    text = "Headline here\n\nIt rose 5%. Exports reached 10 млн. долл. in 2021. Mr. Ivanov said so."
    found = sentences(text)
    assert [s.text for s in found] == [
        "Headline here",
        "It rose 5%.",
        "Exports reached 10 млн. долл. in 2021.",
        "Mr. Ivanov said so.",
    ]
    assert all(text[s.start : s.end] == s.text for s in found)


def test_language() -> None:
    assert language("Trade turnover grew by 5%.") == "en"
    assert language("Товарооборот вырос на 5% (BelTA).") == "ru"
