"""Regions found in any case, by adjective, by nickname and by centre (invented sentences)."""

from coopatlas.intake.gazetteer import reference_gazetteer


def _regions(text: str) -> list[tuple[str, str]]:
    return [(text[a:b], n.code) for a, b, n in reference_gazetteer().find_all(text)["regions"]]


def test_russian_region_names_in_every_case_and_by_nickname() -> None:
    text = (
        "Делегация Липецкой области, липецкие аграрии и гости из Подмосковья, с Кубанью, "
        "из Югры и Прикамья; Ханты-Мансийскому автономному округу."
    )
    codes = [c for _, c in _regions(text)]
    assert codes == ["RU-LIP", "RU-LIP", "RU-MOS", "RU-KDA", "RU-KHM", "RU-PER", "RU-KHM"]


def test_plural_noun_names_only_the_adjective_before_it() -> None:
    found = _regions("товарооборот между Брянской и Могилевской областями вырос")
    assert found == [("Брянской", "RU-BRY")]


def test_moscow_adjective_and_first_names_are_not_regions() -> None:
    assert _regions("Московский международный салон. Владимир Путин и Мария Иванова.") == []


def test_centre_in_the_headline_and_centres_listed_as_regions() -> None:
    assert ("Самару", "RU-SAM") in _regions("В Самару прибыла делегация из Белоруссии")
    text = "partners include Smolensk, Bryansk and Orenburg regions and the Republic of Tatarstan"
    assert [c for _, c in _regions(text)] == ["RU-SMO", "RU-BRY", "RU-ORE", "RU-TA"]


def test_federal_city_as_a_party_is_a_region() -> None:
    assert [
        c for _, c in _regions("Совет делового сотрудничества Беларуси и Санкт-Петербурга")
    ] == ["RU-SPE"]
    assert _regions("Переговоры прошли в Москве.") == []


def test_federal_city_listed_beside_regions_is_a_region() -> None:
    text = (
        "Больше всего торгуем с Московской областью и Москвой, Смоленской областью, "
        "Санкт-Петербургом."
    )
    assert {"RU-MOW", "RU-SPE"} <= {c for _, c in _regions(text)}


def test_centres_continuing_a_list_of_regions_are_regions_anywhere() -> None:
    lead = "Делегация прибыла в Минск. " * 20  # past the lead, where a centre is only a place
    text = lead + "Главные покупатели: Брянская область, Калужская область, Тверь и Курск."
    assert [c for _, c in _regions(text)] == ["RU-BRY", "RU-KLU", "RU-TVE", "RU-KRS"]
    assert _regions(lead + "Встреча прошла в Твери и Курске.") == []


def test_centre_as_the_side_of_a_trade_is_a_region_anywhere() -> None:
    lead = "A delegation arrived. " * 30  # past the lead, where a centre is only a place
    found = _regions(lead + "Within 8 months the trade turnover with Astrakhan has doubled.")
    assert found == [("Astrakhan", "RU-AST")]
    found = _regions(lead + "Товарооборот с Самарой вырос, экспорт в Казань тоже.")
    assert [c for _, c in found] == ["RU-SAM", "RU-TA"]
    place = "The talks were held in Astrakhan. Товарооборот с Владимиром вырос."
    assert _regions(lead + place) == []


def test_federal_city_before_its_post_or_dashed_to_belarus_is_a_region() -> None:
    assert _regions("He met St Petersburg Governor Alexander Beglov.") == [
        ("St Petersburg", "RU-SPE")
    ]
    assert _regions("compared with the Belarus-Moscow turnover of USD 5 billion") == [
        ("Moscow", "RU-MOW")
    ]


def test_moscow_beside_minsk_stands_for_the_state() -> None:
    assert _regions("Economic cooperation between Moscow and Minsk is strengthened.") == []
    assert _regions("Отношения Минска и Москвы развиваются.") == []
    assert _regions("Товарооборот между Беларусью и Москвой вырос.") == [("Москвой", "RU-MOW")]


def test_an_oblast_named_as_a_land_and_by_its_epithet() -> None:
    """ "Калужчина", "Нижегородчиной", "Липетчины" come from the oblast's own name (a rule of
    word formation, for every oblast); "Южный Урал" and "Янтарный край" are aliases."""
    from coopatlas.intake.gazetteer import land_names

    assert land_names("Липецкая область")[:2] == ["Липетчина", "Липетчины"]
    assert land_names("Смоленская область")[0] == "Смоленщина"
    assert land_names("Московская область") == [] and land_names("Республика Коми") == []
    for text, code in (("Калужчиной", "RU-KLU"), ("Нижегородчина", "RU-NIZ"),
                       ("Орловщине", "RU-ORL"), ("Южным Уралом", "RU-CHE"),
                       ("Янтарного края", "RU-KGD")):  # fmt: skip
        assert _regions(f"Беларусь и {text} обсудили товарооборот.") == [(text, code)]


def test_a_centre_before_governor_is_its_region() -> None:
    """A region has a governor, a city a mayor: "Lipetsk Governor …" is Lipetsk Oblast's."""
    assert _regions("Lipetsk Governor Igor Artamonov said trade grew.") == [("Lipetsk", "RU-LIP")]
    assert _regions("Kazan Mayor Ilsur Metshin said.") == []


def test_federal_city_then_belarus_is_a_region() -> None:
    assert [c for _, c in _regions("Товарооборот Москвы и Беларуси вырос.")] == ["RU-MOW"]
    assert [c for _, c in _regions("Сотрудничество Санкт-Петербурга с Республикой Беларусь")] == [
        "RU-SPE"
    ]
    assert [c for _, c in _regions("St Petersburg and Belarus signed a programme.")] == ["RU-SPE"]
    assert _regions("Переговоры прошли в Москве, и Беларусь осталась довольна.") == []
