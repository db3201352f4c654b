"""Russian people: the case of a name from its title and its surname, posts the genre writes,
initials, surnames that speak alone, and names that sign rather than take part (invented
sentences)."""

from __future__ import annotations

from coopatlas.intake.extract import extract
from coopatlas.intake.gazetteer import reference_gazetteer
from coopatlas.intake.names import nominative_ru, word_cases


def _people(text: str) -> dict[str, str | None]:
    got = extract(Article("x.txt", text), reference_gazetteer())
    return {p["name"]: p["role"] for p in got["people"]}


from coopatlas.intake.text import Article  # noqa: E402


def test_case_from_the_title_and_gender_from_the_surname() -> None:
    assert nominative_ru(("Валентину", "Коновалову"), word_cases("главе")) == (
        "Валентин",
        "Коновалов",
    )
    assert nominative_ru(("Валерия", "Городецкая")) == ("Валерия", "Городецкая")
    assert nominative_ru(("Алеся", "Абраменко"), word_cases("заместитель")) == (
        "Алеся",
        "Абраменко",
    )


def test_one_person_read_in_two_cases_is_kept_once_with_the_title() -> None:
    people = _people(
        "Президент Беларуси отметил качества Валентина Коновалова, товарооборот растёт.\n"
        "Отметим, что главе Хакасии Валентину Коновалову исполнилось 35 лет."
    )
    assert "Валентин Коновалов" in people and "Валентина Коновалова" not in people


def test_posts_of_the_genre_and_a_post_with_an_abbreviation() -> None:
    people = _people(
        "Губернатор встретился с Чрезвычайным и Полномочным Послом Республики Беларусь в "
        "России Дмитрием Крутым. Выступил руководитель отделения Посольства в г. Екатеринбурге "
        "Виталий Войтик, а также генеральный консул во Владивостоке Игорь Сокол."
    )
    assert {"Дмитрий Крутой", "Виталий Войтик", "Игорь Сокол"} <= set(people)
    assert not any("Послом" in name for name in people)


def test_initials_speaking_surnames_and_bylines() -> None:
    people = _people(
        "В ходе переговоров с губернатором Петербурга В.Яковлевым стороны обсудили торговлю. "
        "В.Яковлев отметил рост. «Есть к чему стремиться», — заявил Рыжковский.\n"
        "Автор: Надежда Румянцева\nМария Иванова"
    )
    assert "В.Яковлев" in people and "Рыжковский" in people
    assert "Надежда Румянцева" not in people and "Мария Иванова" not in people


def test_a_name_after_a_place_word_is_still_read() -> None:
    people = _people("На переговорах в Минске Александр Лукашенко и губернатор обсудили планы.")
    assert "Александр Лукашенко" in people


def test_patronymics_are_not_surnames() -> None:
    from coopatlas.intake.names import find_english_names, find_russian_names

    english = [
        p for _, _, p in find_english_names("a visit of Mikhail Yuryevich Vedernikov to", set())
    ]
    assert english == [("Mikhail", "Vedernikov")]
    russian = [p for _, _, p in find_russian_names("Тимур Хомичев Автор: Тимур Хомичев")]
    assert ("Тимур", "Автор") not in russian
    people = _people("Новости.\nТимур Хомичев Автор: Тимур Хомичев Редактор интернет-ресурса")
    assert "Тимур Хомичев" not in people


def test_a_photo_credit_names_a_photographer_not_a_party() -> None:
    people = _people(
        "Мэр Москвы Сергей Собянин заявил, что товарооборот с Беларусью вырос.\n"
        "Фото: пресс-служба мэра и правительства Москвы/Владимир Новиков\n"
    )
    assert people == {"Сергей Собянин": "Мэр Москвы"}


def test_a_region_whose_name_reads_as_a_first_name_is_not_a_person() -> None:
    people = _people(
        "Экспорт по странам: Италия, Узбекистан, Белоруссия, респ. Марий Эл.\n"
        "Глава Марий Эл Юрий Зайцев встретился с послом Беларуси."
    )
    assert people == {"Юрий Зайцев": "Глава Марий Эл"}


def test_initials_before_a_surname_belong_to_it_not_to_the_word_before() -> None:
    people = _people("Президент Республики Татарстан Р.Н. Минниханов встретился с послом.")
    assert "Р.Н. Минниханов" in people and not any("Татарстан" in p for p in people)


def test_a_head_of_state_named_by_surname_alone_gets_his_name_and_his_post_then() -> None:
    said = "«Товарооборот растёт», — сказал Путин. «Надо больше», — отметил Лукашенко."
    assert _people(" date 2022-12-19 " + said) == {
        "Владимир Путин": "Президент России",
        "Александр Лукашенко": "Президент Беларуси",
    }
    assert _people(" date 2010-03-01 " + said)["Владимир Путин"] == (
        "Председатель Правительства России"
    )


def test_a_surname_the_dictionary_reads_as_a_pet_name_and_a_post_after_the_name() -> None:
    people = _people(
        "Визит Виталия Вовка, председателя Гродненского облисполкома, запланирован на осень.\n"
        "Встреча с Игорем Артамоновым, губернатором Липецкой области, прошла в Минске.\n"
        "Переговоры с Андреем Травниковым, губернатор которого не приехал, отложены."
    )
    assert people["Виталий Вовк"] == "Председатель Гродненского облисполкома"
    assert people["Игорь Артамонов"] == "Губернатор Липецкой области"
    assert people["Андрей Травников"] is None  # "губернатор которого": no apposition
    assert _people("Встреча Александра Наташи прошла.") == {}  # two first names, one case


def test_a_deputy_of_a_chairman_an_envoy_and_a_head_of_state_by_full_name() -> None:
    people = _people(
        "Делегацию возглавил первый заместитель председателя правительства Липецкой области "
        "Андрей Козодаев.\nПолномочный представитель Президента в Приволжском федеральном "
        "округе Игорь Комаров посетил Минск.\nАлександр Лукашенко провел переговоры с гостями."
    )
    assert people["Андрей Козодаев"] == (
        "Первый заместитель председателя правительства Липецкой области"
    )
    assert people["Игорь Комаров"] == (
        "Полномочный представитель Президента в Приволжском федеральном округе"
    )
    assert people["Александр Лукашенко"] == "Президент Беларуси"


def test_an_english_ministers_portfolio_is_part_of_the_post() -> None:
    people = _people(
        "Russian Industry and Trade Minister Denis Manturov visited Minsk. The talks were "
        "attended by Belarusian Industry Minister Alexander Yefimov."
    )
    assert people["Denis Manturov"] == "Industry and Trade Minister of Russia"
    assert people["Alexander Yefimov"] == "Industry Minister of Belarus"


def test_a_post_with_an_enterprise_in_quotes() -> None:
    people = _people("Генеральный директор ОАО «МАЗ» Валерий Иванкович рассказал о планах.")
    assert people == {"Валерий Иванкович": "Генеральный директор ОАО «МАЗ»"}


def test_english_posts_written_in_lower_case_or_before_a_comma() -> None:
    people = _people(
        "Kaluga governor Vladislav Shapsha arrived in Minsk. The head of the Republic of "
        "Bashkortostan, Radiy Khabirov, met Belarus' ambassador to Russia Dmitry Krutoi. "
        "Bashkortostan head Radiy Khabirov said so. The new governor Ivan Petrov agreed."
    )
    assert people["Vladislav Shapsha"] == "Governor of Kaluga Oblast"
    assert people["Radiy Khabirov"] == "Head of the Republic of Bashkortostan"
    assert people["Dmitry Krutoi"] == "Ambassador of Belarus to Russia"
    # a lower-case post after a word that is no region's name is not read as a post
    assert people["Ivan Petrov"] is None
    after = _people("MINSK - Roman Golovchenko, Belarusian Prime Minister, met the delegation.")
    assert after == {"Roman Golovchenko": "Prime Minister of Belarus"}


def test_an_english_first_name_that_is_also_a_noun_before_a_surname() -> None:
    people = _people(
        "Talks with Lada Vesta dealers. Roman Golovchenko said the plant in Mir Castle was "
        "visited by Nadezhda Kotkova."
    )
    assert set(people) == {"Roman Golovchenko", "Nadezhda Kotkova"}
