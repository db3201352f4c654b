"""Russian organisations the registry does not know, by the genre's grammar (invented
sentences)."""

from coopatlas.intake.organisations import plant_names, quoted_organisations


def _names(found: list[tuple[int, int, str, str]]) -> list[str]:
    return [name for _, _, name, _ in found]


def test_quoted_names_after_a_kind_in_any_case_and_quote_style() -> None:
    text = (
        'председатель концерна "Беллегпром", разрез „Задубровский“ компании «Русский уголь»; '
        "совместные предприятия «Амкодор», «Брянсксельмаш» и «Гомсельмаш». Он сказал «да»."
    )
    assert _names(quoted_organisations(text)) == [
        "Беллегпром", "Задубровский", "Русский уголь", "Амкодор", "Брянсксельмаш", "Гомсельмаш",
    ]  # fmt: skip


def test_a_legal_form_stays_in_the_mention() -> None:
    (found,) = quoted_organisations("на базе ТПК „МТЗ Татарстан“ с двигателем")
    assert found[2:] == ("МТЗ Татарстан", "ТПК «МТЗ Татарстан»")


def test_plants_named_by_adjectives_are_put_in_the_nominative() -> None:
    text = "поставки Волжского абразивного завода; Мурашинский и Вятский фанерные комбинаты"
    assert _names(plant_names(text)) == [
        "Волжский абразивный завод", "Мурашинский фанерный комбинат", "Вятский фанерный комбинат",
    ]  # fmt: skip


def test_names_listed_among_enterprises_are_enterprises() -> None:
    from coopatlas.intake.extract import extract
    from coopatlas.intake.gazetteer import reference_gazetteer
    from coopatlas.intake.text import Article

    text = (
        "The region buys machines made by MAZ, MTZ, Gomselmash, Bobruiskagromash, and Amkodor. "
        "Delegates visited the National Academy of Sciences, MAZ, MTZ and Belkommunmash."
    )
    got = extract(Article("x.txt", text), reference_gazetteer())
    names = {e["name"] for e in got["enterprises"]}
    assert "Bobruiskagromash" in names and "Sciences" not in names


def test_quoted_lists_acronyms_and_english_kinds() -> None:
    from coopatlas.intake.extract import extract
    from coopatlas.intake.gazetteer import reference_gazetteer
    from coopatlas.intake.organisations import acronym_plants
    from coopatlas.intake.text import Article

    found = _names(quoted_organisations("(«Институт стекла», «Резинотехника» и «Сигнал»)"))
    assert found == ["Институт стекла", "Резинотехника", "Сигнал"]
    assert _names(acronym_plants("заводов — нашего ГРАЗа, УАЗ и ВУЗ")) == ["ГРАЗ", "УАЗ"]
    text = (
        'Furniture from the "PinskDrev" company is sold here, said an official of the '
        "Belneftekhim Concern. The third topic is procurement by Russian state corporations - "
        "Rosatom, Gazprom, Rosneft and others. Parts are made in Belarus for Kazan Aircraft Plant."
    )
    names = {
        e["name"] for e in extract(Article("x.txt", text), reference_gazetteer())["enterprises"]
    }
    assert {"PinskDrev", "Belneftekhim", "Rosatom", "Gazprom", "Kazan Aircraft Plant"} <= names


def test_hyphenated_adjectives_and_common_words_in_lists() -> None:
    from coopatlas.intake.extract import extract
    from coopatlas.intake.gazetteer import reference_gazetteer
    from coopatlas.intake.text import Article

    assert _names(plant_names("Подшипниковый и Оптико-механический заводы")) == [
        "Подшипниковый завод", "Оптико-механический завод",
    ]  # fmt: skip
    text = "в концернах «Белгоспищепром», «Белнефтехим», Государственном комитете по авиации."
    names = {
        e["name"] for e in extract(Article("x.txt", text), reference_gazetteer())["enterprises"]
    }
    assert "Государственном" not in names


def test_more_kinds_of_organisation_and_two_names_after_their_kind() -> None:
    from coopatlas.intake.extract import extract
    from coopatlas.intake.gazetteer import reference_gazetteer
    from coopatlas.intake.text import Article

    found = quoted_organisations("продукция организаций «Праймилк» и поставщика «Волгабас»")
    assert _names(found) == ["Праймилк", "Волгабас"]
    text = "The output of the companies Bellegprom and PinskDrev was discussed in Minsk and Brest."
    got = extract(Article("x.txt", text), reference_gazetteer())
    names = {e["name"] for e in got["enterprises"]}
    assert {"Bellegprom", "PinskDrev"} <= names and not names & {"Minsk", "Brest"}
