"""People with their roles, and enterprises (known to the registry, or not).

People: a title (President, Governor, Ambassador…; Президент, губернатор…) followed by a name,
the role normalised and Russian names put back in the nominative. Enterprises: registry names
and aliases (known), plus capitalised names with plant, works, mill, завод… (unknown).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from typing import Any

from coopatlas.intake.document import Doc
from coopatlas.intake.gazetteer import Gazetteer
from coopatlas.intake.names import (
    find_english_names,
    find_russian_names,
    first_name_ru_word,
    is_common_word_ru,
    is_verb,
    latin_first_name,
    may_begin_name,
    nominative_ru,
    nominative_word,
    speaking_surnames,
    word_cases,
)
from coopatlas.intake.organisations import acronym_plants, plant_names, quoted_organisations

Json = dict[str, Any]

TITLE_EN = re.compile(
    r"(?<!\w)(?:(?P<adj>(?:Belarusian|Russian|Belarus['’]|Russia['’]s?)\s+)?"
    r"(?P<title>(?:First\s+)?(?:Deputy\s+|Vice\s+|Acting\s+)?(?:Prime\s+Minister|President|"
    r"(?:(?!Prime\b|Deputy\b|First\b)[A-Z][a-z]+\s+(?:and\s+[A-Z][a-z]+\s+)?)Minister|"
    r"Governor|Premier|Ambassador(?:\s+\w+\s+and\s+Plenipotentiary)?|Chairman|Chairperson|"
    r"Chairwoman|Minister|Mayor|Speaker|Head|Director\s+General|General\s+Director|CEO|"
    r"Plenipotentiary\s+Representative))"
    r"|(?<=region['’]s\s)(?P<title3>governor|head)"
    r"|(?<=[Tt]he\s)(?P<title4>governor|ambassador|head)(?=\s+(?:[A-Z]|of\s))"
    r"|(?<=[a-z]\s)(?P<title5>governor|head)(?=\s+[A-Z])"
    r"|(?P<adj6>Belarus['’]|Russia['’]s?|Belarusian|Russian)\s+(?P<title6>ambassador|envoy)(?=\s))\b",
)
"""A title, capitalised; or a lowercase post: "governor" right before a name ("the region's
governor Georgy Filimonov"), after "the" ("the governor of Kaluga Oblast, Vladislav
Shapsha"), after a region's name ("Kaluga governor Vladislav Shapsha": kept only where a
region ends right before it), or a country's ambassador ("Belarus' ambassador to Russia")."""
TITLE_RU = re.compile(
    r"(?<![\wа-яё])(?:(?P<title>(?:[Пп]ерв(?:ый|ого|ым)\s+)?(?:[Зз]аместител(?:ь|я|ем)\s+)?"
    r"(?:[Пп]ремьер-министр|[Пп]резидент|[Гг]убернатор|[Вв]ице-губернатор|[Мм]инистр)"
    r"(?:а|ом|у|е)?)(?![а-яё])"
    r"|(?P<title2>(?:[Пп]ерв(?:ый|ого|ым|ому)\s+)?(?:[Зз]аместител(?:ь|я|ем|ю)\s+)?"
    r"(?:[Пп]редседател(?:ь|я|ем|ю)|[Рр]уководител(?:ь|я|ем|ю|е))(?![а-яё])"
    r"|[Пп]олномочн(?:ый|ого|ым|ому)\s+представител(?:ь|я|ем|ю)"
    r"|[Пп]ос(?:ол|ла|лом|лу|ле)|[Гг]лав(?:а|ы|ой|е|у)"
    r"|[Вв]рио\s+губернатора|(?:[Гг]енеральн\w+\s+)?[Кк]онсул\w*"
    r"|[Зз]амминистра|[Зз]ампред\w*|(?:[Гг]енеральн\w+\s+)?[Дд]иректор\w*|[Мм]эр\w*"
    r"|[Пп]олпред\w*|[Сс]оветник\w*|[Вв]ице-премьер\w*)(?![а-яё]))"
)
TITLE_CUE_EN = re.compile(
    r"Belarus|Russia|First|Deputy|Vice|Acting|Pr(?:ime|esident|emier)|Governor|Ambassador|Chair|"
    r"Minister|Mayor|Speaker|Head|Director|General|CEO|Plenipotentiary|governor|head|ambassador|envoy"
)
TITLE_CUE_RU = re.compile(
    r"[Пп](?:ерв|ремьер|резидент|ос(?:ол|л)|редседател|олпред|олномочн)|"
    r"[Зз]а(?:местител|мминистр|мпред)|"
    r"[Гг](?:убернатор|лав|енеральн)|[Вв](?:ице|рио)|[Мм](?:инистр|эр)|[Рр]уководител|[Кк]онсул|"
    r"[Дд]иректор|[Сс]оветник"
)
"""The words a title can begin with (every branch of ``TITLE_EN``, ``TITLE_RU``): a scan for
them is many times faster than one for the titles, which are tried only where a cue is."""


def find_titles(title_rx: re.Pattern[str], cue: re.Pattern[str], text: str) -> list[re.Match[str]]:
    """``title_rx.finditer(text)``, tried only where *cue* matches (the same matches)."""
    out: list[re.Match[str]] = []
    end = 0
    for c in cue.finditer(text):
        if c.start() < end:
            continue
        m = title_rx.match(text, c.start())  # lookbehinds still see the text before
        if m is not None:
            out.append(m)
            end = m.end()
    return out


def _title_nominative_ru(title: str) -> str:
    """A Russian title in the nominative, by morphology: its words up to its head noun are
    put in the nominative ("первым заместителем" → "первый заместитель", "губернатором" →
    "губернатор"); the words after the head depend on it and keep their case ("заместитель
    министра")."""
    words = title.split()
    out: list[str] = []
    for k, word in enumerate(words):
        form, is_noun = nominative_word(word) or (word, False)
        out.append(form)
        if is_noun:  # the head noun: what follows depends on it
            out += words[k + 1 :]
            break
    text = " ".join(out)
    return text[:1].upper() + text[1:]


_TOKEN = re.compile(r"[A-Za-zА-Яа-яЁё][\w’'\-]*|[,.;:!?()“”\"«»—–]")
NAME_STOP = {
    "oblast", "region", "krai", "kray", "territory", "republic", "federation", "russia", "belarus",
    "russian", "belarusian", "state", "union", "committee", "executive", "ministry", "government",
    "president", "governor", "minister", "council", "assembly", "city", "extraordinary",
    "plenipotentiary", "amazing", "the", "of", "and", "district", "okrug", "autonomous", "house",
    "bank", "national", "chamber", "industry", "trade", "economy", "foreign", "affairs", "deputy",
    "prime", "head", "chairman", "mr", "mrs", "ms", "belta", "minsk", "moscow", "first",
    "regional", "economic", "customs", "space", "commission", "eurasian", "supreme",
    "concern", "holding", "company", "board", "group", "corporation",
    "беларуси", "белоруссии", "россии", "российской", "федерации", "республики", "республика",
    "беларусь", "белорусской", "области", "края", "президент", "губернатор", "союзного",
    "государства",
}  # fmt: skip
CONNECT_EN = {"of", "the", "to", "for", "and", "at", "in", "on", "'s", ","}
KNOWN_LEADERS = {
    "lukashenko": ("Alexander Lukashenko", "President of Belarus", None),
    "лукашенко": ("Александр Лукашенко", "Президент Беларуси", None),
    "putin": ("Vladimir Putin", "President of Russia", "Prime Minister of Russia"),
    "путин": ("Владимир Путин", "Президент России", "Председатель Правительства России"),
}
"""The two heads of state the genre names by surname alone ("— сказал Путин"): the name as
the registry writes it, the post, and the post of 8 May 2008 – 7 May 2012 when it differs
(Putin was prime minister then)."""
PUTIN_PREMIERSHIP = (dt.date(2008, 5, 8), dt.date(2012, 5, 6))


def known_leader(surname: str, published: dt.date | None) -> tuple[str, str] | None:
    """The full name and the post on *published* of a head of state named by *surname*."""
    known = KNOWN_LEADERS.get(surname.lower())
    if known is None:
        return None
    name, post, other = known
    first, last = PUTIN_PREMIERSHIP
    if other is not None and published is not None and first <= published <= last:
        post = other
    return name, post


def _known_role(surname: str, published: dt.date | None) -> str | None:
    known = known_leader(surname, published)
    return known[1] if known else None


def _name_like(token: str, ru: bool) -> bool:
    base = re.sub(r"['’]s?$", "", token)
    if base.lower() in NAME_STOP or len(base) < 2:
        return False
    pattern = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?" if ru else r"[A-Z][a-z’']+(?:-[A-Z][a-z]+)?"
    return re.fullmatch(pattern, base) is not None


def _clean_role(role: str, doc: Doc, gaz: Gazetteer, adj: str | None) -> str:
    role = re.sub(r"\s+", " ", role).strip(" ,")
    if doc.language == "ru":
        return role[:1].upper() + role[1:]
    for start, end, name in sorted(gaz.regions.find(role), reverse=True):
        if name.code.startswith("RU-"):
            role = role[:start] + name.canonical + role[end:]
            role = re.sub(r"\b(?:Russia['’]s|the Russian Federation['’]s)\s+", "", role)
            role = re.sub(r"\s+of\s+(?:Russia|the Russian Federation)\b", "", role)
            role = re.sub(r"\bthe\s+(?=" + re.escape(name.canonical) + ")", "", role)
    role = re.sub(r"(?<=\bof )Republic of\b", "the Republic of", role)
    role = re.sub(r"\bthe Republic of Belarus\b", "Belarus", role)
    if adj and " of " not in role:  # "Belarus' ambassador to Russia": of Belarus, to Russia
        country = "Belarus" if adj.lower().startswith("belarus") else "Russia"
        head, to, where = role.partition(" to ")
        role = f"{head} of {country}{to and ' to ' + where}"
    return role[:1].upper() + role[1:]


def _the(region: str) -> str:
    """A region's name as a post's complement: "the Republic of Tatarstan"."""
    return f"the {region}" if region.startswith("Republic of ") else region


def _lowercase_post(t: re.Match[str]) -> str:
    """The post of a lowercase title match, capitalised as a role is written."""
    groups = t.groupdict()
    word = next((groups[g] for g in ("title3", "title4", "title5", "title6") if groups.get(g)), "")
    return word[:1].upper() + word[1:]


def extract_people(doc: Doc, gaz: Gazetteer) -> list[Json]:
    ru = doc.language == "ru"
    region_spans = [(m.start, m.end) for m in doc.regions]
    found: dict[str, Json] = {}
    title_rx, cue = (TITLE_RU, TITLE_CUE_RU) if ru else (TITLE_EN, TITLE_CUE_EN)
    starts = [m.start() for m in find_titles(title_rx, cue, doc.text)]
    for s in doc.sentences:
        i = bisect.bisect_left(starts, s.start)
        if i == len(starts) or starts[i] >= s.end:
            continue
        titles = find_titles(title_rx, cue, s.text)
        for t in titles:
            if _in_credit(doc.text, s.start + t.start()):
                continue  # "Фото: пресс-служба мэра Москвы/Владимир Новиков": a photographer
            tail = s.text[t.end() : t.end() + 160]
            tokens = list(_TOKEN.finditer(tail))
            run: list[re.Match[str]] = []
            name: list[str] = []
            role_end = 0
            for i, tok in enumerate(tokens[:14]):
                word = tok.group(0)
                pos = s.start + t.end() + tok.start()
                in_region = any(a <= pos < b for a, b in region_spans)
                if (
                    not in_region
                    and _name_like(word, ru)
                    and (run or not ru or may_begin_name(word))
                ):
                    run.append(tok)
                    if len(run) == 3:
                        break
                    continue
                if len(run) >= 2:
                    break
                run = []
                lower = word.lower()
                if word == "," and i + 1 < len(tokens) and _name_like(tokens[i + 1].group(0), ru):
                    role_end = tok.start()
                    continue
                if ru and not in_region and is_verb(word):
                    break
                if ru and (in_region or re.fullmatch(r"[а-яёА-ЯЁ\-]+|[«»\"“”]", word)):
                    role_end = tok.end()  # quotes of an enterprise's name: "директор ОАО «МАЗ»"
                    continue
                if ru and word == "." and i and re.fullmatch(r"[а-яё]{1,2}", tokens[i - 1].group()):
                    role_end = tok.end()  # an abbreviation within the post ("в г. Уфа")
                    continue
                if not ru and (in_region or lower in CONNECT_EN or word[:1].isupper()):
                    role_end = tok.end()
                    continue
                break
            if len(run) < 2:
                continue
            before = [m for m in doc.regions if 0 <= s.start + t.start() - m.end <= 2]
            if not ru and t.group("title5") and not before:
                continue  # "Kaluga governor X" is a post; "the new governor X" was read above
            if len(run) == 3 and not ru:
                run = run[1:] if run[0].group(0).lower() in NAME_STOP else run[:3]
            if len(run) == 3 and ru and not re.search(r"(вич|вна|ична|ьич)(а|ем|у|ой|ом)?$",
                                                       run[1].group(0)):  # fmt: skip
                run = run[1:]
            name = [r.group(0) for r in run][:3]
            title = t.groupdict().get("title") or t.groupdict().get("title2") or _lowercase_post(t)
            if ru:  # a name in apposition takes its title's case
                name = list(nominative_ru(tuple(name), word_cases(title.split()[0])))
                name = [name[0], name[-1]]  # as the registry writes a name: first and last
            if len(name) == 3 and not ru:
                name = name[:2] if not re.match(r"[A-Z]\.", name[1]) else name
            full = " ".join(name)
            if ru:
                title = _title_nominative_ru(title)
            adj = None if ru else t.group("adj") or t.group("adj6")
            role = _clean_role(title + tail[:role_end], doc, gaz, adj)
            if not ru and before and " of " not in role:
                role = f"{role} of {_the(before[-1].name.canonical)}"
            if role.lower() in {"president", "президент"}:
                role = _known_role(name[-1], doc.published) or role
            key = name[-1].lower()
            if key not in found:
                found[key] = {"name": full, "role": role}
    if ru and _MAY_NAME_RU.search(doc.text):
        for start, end, words in find_russian_names(doc.text):
            if _not_a_party(doc.text, start) or any(a <= start < b for a, b in region_spans):
                continue  # "Марий Эл" is a republic, whatever "Марий" may be
            # named without a title before: the post after the name, else the one a title
            # gave elsewhere
            named = found.setdefault(words[-1].lower(), {"name": " ".join(words), "role": None})
            if named["role"] is None:  # else a head of state's post then, as in English
                named["role"] = _post_after_name_ru(doc, gaz, start, end) or _known_role(
                    words[-1], doc.published
                )
    if ru:
        for key, written in initials_names_ru(doc.text):
            found.setdefault(key, {"name": written, "role": None})
        for surname in speaking_surnames(doc.text):
            if not any(k.startswith(surname.lower()[:-1]) for k in found):
                known = known_leader(surname, doc.published)
                person = {"name": known[0], "role": known[1]} if known else None
                found.setdefault(surname.lower(), person or {"name": surname, "role": None})
        found = _without_truncated(found)
    else:
        for m in POST_AFTER_NAME_EN.finditer(doc.text):
            parts = m.group("name").split()
            if any(w.lower() in NAME_STOP for w in parts):
                continue
            role = _clean_role(m.group("role"), doc, gaz, m.group("adj"))
            found.setdefault(parts[-1].lower(), {"name": " ".join(parts), "role": role})
        for _, _, pair in find_english_names(doc.text, NAME_STOP):
            if pair[1].lower() not in found and not gaz.regions.find(pair[1]):
                known_role = _known_role(pair[1], doc.published)
                found[pair[1].lower()] = {"name": " ".join(pair), "role": known_role}
    return list(found.values())


_COMMA = re.compile(r",\s+")
_POST_TAIL_RU = re.compile(r"[^,.;:!?()«»\"—–\n]{0,100}")


def _post_after_name_ru(doc: Doc, gaz: Gazetteer, start: int, end: int) -> str | None:
    """The post written after a name and a comma, in the name's case ("Виталия Вовка,
    председателя Гродненского облисполкома, …" → "Председатель Гродненского облисполкома"):
    the title and the words that depend on it, up to the next punctuation or verb."""
    comma = _COMMA.match(doc.text, end)
    title = TITLE_RU.match(doc.text, comma.end()) if comma else None
    if title is None or not word_cases(doc.text[start:end].split()[0]) & word_cases(
        title.group(0).split()[0]
    ):
        return None  # no post there, or not one in apposition ("…, губернатор которого")
    words = []
    for word in _POST_TAIL_RU.match(doc.text, title.end()).group(0).split():  # type: ignore[union-attr]
        if is_verb(word) or word.lower() in ("который", "которая", "которого", "которой"):
            break
        words.append(word)
    return _clean_role(_title_nominative_ru(" ".join([title.group(0), *words])), doc, gaz, None)


BYLINE_RU = re.compile(
    r"(?:Автор|Текст|Tекст|Фото|Фотограф|Корреспондент|Редактор|Источник|имени|им\.)\W{0,3}$"
    r"|©[^\n]{0,40}$",
    re.IGNORECASE,
)


_LABEL_ON_LINE = re.compile(r"(?:Автор|Текст|Фото|Редактор|Корреспондент)\s*:")


def _in_credit(text: str, start: int) -> bool:
    """Whether *start* stands in a credit or byline line after its label ("Фото: …")."""
    line_start = text.rfind("\n", 0, start) + 1
    return bool(_LABEL_ON_LINE.search(text, line_start, start))


def _not_a_party(text: str, start: int) -> bool:
    """A name that signs or labels the article rather than takes part: a byline ("Автор:",
    "Текст:", a credit "© Sputnik / …"), a name alone on its line (the author's, under the
    text), or a namesake ("товарищество имени Яна Черского")."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    if BYLINE_RU.search(text[line_start:start]) or _LABEL_ON_LINE.search(line):
        return True
    return len(line.split()) <= 3 and not re.search(r"[.!?:;]", line)


_AN_INITIAL = re.compile(r"[А-ЯЁ]\.")
_INITIALS_RU = re.compile(
    r"(?<![\w.])(?P<initials>(?:[А-ЯЁ]\.\s?){1,2})(?P<surname>[А-ЯЁ][а-яё]{2,}(?:-[А-ЯЁ][а-яё]+)?)"
    r"|(?<![\w.])(?P<surname2>[А-ЯЁ][а-яё]{2,})\s+(?P<initials2>[А-ЯЁ]\.\s?[А-ЯЁ]\.)"
    r"(?!\s?[А-ЯЁ][а-яё])"  # "Республики Татарстан Р.Н. Минниханов": the initials go on
)


def initials_names_ru(text: str) -> list[tuple[str, str]]:
    """People named by initials and surname ("А.Лукашенко", "Смирнов В.А."), as written,
    with the surname in its shortest form in the article (the nominative: "В.Яковлевым",
    "В.Яковлев" → "В.Яковлев"). Keyed by the surname in lower case."""
    forms: dict[tuple[str, str], list[re.Match[str]]] = {}
    if not _AN_INITIAL.search(text):
        return []
    for m in _INITIALS_RU.finditer(text):
        initials = (m.group("initials") or m.group("initials2")).replace(" ", "")
        surname = m.group("surname") or m.group("surname2")
        if surname.lower() in NAME_STOP:
            continue
        forms.setdefault((initials, surname[:4]), []).append(m)
    out = []
    for mentions in forms.values():
        best = min(mentions, key=lambda m: len(m.group("surname") or m.group("surname2")))
        surname = best.group("surname") or best.group("surname2")
        out.append((surname.lower(), re.sub(r"\s+", " ", best.group(0))))
    return out


def _without_truncated(found: dict[str, Json]) -> dict[str, Json]:
    """One entry per person where two read the same name differently: a name cut short where
    the excerpt ends ("Роман Головче" beside "Роман Головченко"), or a name whose case was
    misread ("Валентина Коновалова", genitive, beside "Валентин Коновалов" after a title).
    The entry a title gave (it has a role) is kept, else the longer."""

    def same(a: str, b: str) -> bool:
        first_a, first_b = found[a]["name"].split()[0], found[b]["name"].split()[0]
        return a != b and b.startswith(a) and len(a) >= 4 and first_a[:4] == first_b[:4]

    def worse(k: str, o: str) -> bool:
        mine, other = found[k], found[o]
        if bool(mine["role"]) != bool(other["role"]):
            return not mine["role"]
        return len(k) < len(o)

    return {
        k: v for k, v in found.items()
        if not any((same(k, o) or same(o, k)) and worse(k, o) for o in found)
    }  # fmt: skip


_MAY_NAME_RU = re.compile(r"[А-ЯЁ][а-яё]{2,}\s+[А-ЯЁ][а-яё]")
POST_AFTER_NAME_EN = re.compile(
    r"(?P<name>[A-Z](?<![\w’'][A-Z])[a-z]+(?:\s+[A-Z]\.)?\s+[A-Z][a-z]+(?:-[A-Z][a-z]+)?),\s+(?:the\s+)?"
    r"(?P<adj>(?:Belarusian|Russian|Belarus['’]|Russia['’]s?)\s+)?"
    r"(?P<role>(?:[Ff]irst\s+)?(?:[Dd]eputy\s+|[Aa]cting\s+)?(?:[Gg]overnor|[Pp]rime\s+[Mm]inister|"
    r"[Pp]resident|[Cc]hairman|[Cc]hairperson|[Aa]mbassador|[Mm]inister|[Mm]ayor|[Hh]ead|"
    r"[Dd]irector(?:\s+[Gg]eneral)?|[Gg]eneral\s+[Dd]irector|CEO)\b[^,.;:“”\"()]{0,80})"
)
"""A person named with the post after the name: "Vladislav Shapsha, governor of Russia’s
Kaluga province", "Yury Shuleiko, Chairman of the Brest Regional Executive Committee", "Roman
Golovchenko, Belarusian Prime Minister" (the country's adjective names the post's). The
name is not after a letter or an apostrophe: the lookbehind comes after the capital (the
same condition), so that the pattern starts with a letter class and ``re`` skips to the
capitals."""


UNKNOWN_EN = re.compile(
    r"\b(?P<name>(?:[A-Z][\w’'\-]*\s+)(?:(?:[A-Z][\w’'\-]*|and|of|[a-z]+)\s+){0,3})"
    r"(?P<kind>Plant|Works|Factory|Mill|Combine|Autoworks|plant|works|factory|mill|combine)\b"
    r"|\b(?:company|holding|holding\s+company|plant|mill|enterprise|corporation|OJSC|JSC|PJSC|LLC)\s+"
    r"[“\"«]?(?P<after>[A-Z][A-Za-z\-]+(?:\s+[A-Z][A-Za-z\-]+)?)[”\"»]?"
)
"""Unknown English organisations: capitalised words before Plant, Works…; a name after
company, plant, OJSC…"""
KIND_AFTER_EN = re.compile(
    r"(?P<quote>[”\"»])\s+(?:company|conglomerate|concern|holding|group|corporation|plant|"
    r"enterprise)\b|\s+(?:[Cc]oncern|Holding(?:\s+Company)?)\b"
)
"""A kind written after the name, which is not part of it: "the "PinskDrev" company",
"Belneftekhim Concern", "Belresursy Holding Company" (found from the kind word back, so the
scan costs one pass for the kind words)."""
_QUOTED_BEFORE = re.compile(r"[“\"«]([A-Z][^”\"»\n]{1,40})$")
_WORD_BEFORE_EN = re.compile(r"(?<![\w’'\-])([A-Z][a-z]+[A-Za-z\-]*)$")


def named_before_kind_en(text: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of English names written before their kind."""
    out = []
    for m in KIND_AFTER_EN.finditer(text):
        if m.group("quote"):
            before = _QUOTED_BEFORE.search(text, max(0, m.start() - 42), m.start())
        else:
            before = _WORD_BEFORE_EN.search(text, max(0, m.start() - 40), m.start())
        if before is not None:
            out.append((before.start(), m.end(), before.group(1)))
    return out


PLACED_RU = re.compile(r"(?<=[а-яё]ский\s)«([А-ЯЁA-Z][^»]{1,40})»")
"""A quoted name after a place adjective ("гродненский «Белкард»")."""
UNKNOWN_STOP = {
    "the", "this", "that", "our", "a", "an", "belarusian", "russian", "each", "every", "any",
    "such", "its", "their", "many", "some", "several", "new", "joint", "state", "private", "one",
    "two", "his", "her", "your", "these", "those", "which", "and", "in", "at", "for", "of", "with",
    "as", "by", "on", "from", "to", "steel", "assembly", "power", "processing", "meat", "dairy",
    "sugar", "big", "large", "local", "foreign", "western", "domestic", "other",
}  # fmt: skip


_IN_ADDRESS = re.compile(r"\.(?:by|ru|com|org|net|рф)\b|@")
NOT_IN_NAME_EN = {"for", "to", "from", "with", "by", "at", "in", "on"}
"""Words before a plant's name that are not part of it ("in Belarus for Kazan Aircraft
Plant")."""
BASED = re.compile(r"[A-Z][\w-]*-based\s+(?:[a-z]+\s+){0,3}$")


def extract_enterprises(doc: Doc, gaz: Gazetteer) -> list[Json]:
    found: dict[str, Json] = {}
    known_spans: list[tuple[int, int]] = []
    for start, end, name in doc.enterprise_hits:
        mention = doc.nominative.get((start, end)) or doc.text[start:end]
        if len(mention) <= 4 and mention.islower():
            continue  # "Maz" or "gaz" in running text is not the enterprise
        if _IN_ADDRESS.match(doc.text, end) or doc.text[max(0, start - 1) : start] in ("/", "."):
            continue  # "belaz.by", "www.maz.by/…": a web address, not a mention
        known_spans.append((start, end))
        lead = BASED.search(doc.text[max(0, start - 60) : start])
        if lead:
            mention = lead.group(0) + mention
        found.setdefault(name.code, {"name": name.canonical, "mention": mention, "known": True})
    if doc.language == "ru":
        anchors = known_spans + _add_russian_unknown(doc.text, found, known_spans)
        _add_listed(doc, anchors, found)
        return list(found.values())
    unknown_spans: list[tuple[int, int]] = []
    for m in UNKNOWN_EN.finditer(doc.text):
        if any(a < m.end() + 2 and m.start() < b for a, b in known_spans):
            continue
        if "-based" in m.group(0):
            continue
        text = next((g for g in m.groupdict().values() if g), "")
        if doc.language == "en" and m.group("name"):
            words = m.group("name").split()
            cut = [i for i, w in enumerate(words) if w in NOT_IN_NAME_EN]
            words = words[cut[-1] + 1 :] if cut else words  # "parts in Belarus for Kazan …"
            while words and words[0].lower() in UNKNOWN_STOP:
                words = words[1:]
            if not words or sum(w[0].isupper() for w in words) < 1:
                continue
            if sum(w[0].islower() for w in words) > 1 or (
                words[-1][0].islower() and len(words) > 2
            ):
                continue
            text = " ".join([*words, m.group("kind")])
        elif m.group("after"):
            text = m.group("after")
            if text.split()[0].lower() in UNKNOWN_STOP or gaz.regions.find(text):
                continue
        text = text.strip()
        if len(text) < 3 or text.lower() in found:
            continue
        if any(v["name"].lower() == text.lower() for v in found.values()):
            continue
        found[text.lower()] = {"name": text, "mention": m.group(0).strip(), "known": False}
        unknown_spans.append((m.start(), m.end()))
    for start, end, before in named_before_kind_en(doc.text):
        if before.lower() in UNKNOWN_STOP or any(a < end and start < b for a, b in known_spans):
            continue
        if before.lower() not in found and all(v["name"] != before for v in found.values()):
            mention = doc.text[start:end]
            found[before.lower()] = {"name": before, "mention": mention, "known": False}
            unknown_spans.append((start, end))
    _add_listed(doc, known_spans + unknown_spans, found)
    return list(found.values())


def _add_russian_unknown(
    text: str, found: dict[str, Json], known: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Organisations the registry does not know, by the genre's grammar (quoted names after
    a kind of organisation, plants named by adjectives, a quoted name after a place
    adjective); a name the registry knows, or one already found, is not added again. Returns
    the spans of what it found."""
    spans: list[tuple[int, int]] = []
    placed = [(m.start(), m.end(), m.group(1), m.group(0)) for m in PLACED_RU.finditer(text)]
    for start, end, name, mention in [
        *quoted_organisations(text), *plant_names(text), *placed, *acronym_plants(text)
    ]:  # fmt: skip
        at = text.find(name.strip(), start, end)
        inside = (at, at + len(name.strip())) if at >= 0 else (start, end)
        if _covered(text, inside, known):
            continue  # the registry's names cover it ("ПО «БелАЗ»", "«Амкодор МТЗ»")
        name = name.strip()
        inner = plant_names(name)  # a declined plant in quotes: "ОАО «Волжского … завода»"
        if len(inner) == 1 and inner[0][1] - inner[0][0] == len(name):
            mention = mention.replace(name, inner[0][2])
            name = inner[0][2]
        key = name.lower()
        if len(name) < 3 or key in found or any(v["name"].lower() == key for v in found.values()):
            continue
        found[key] = {"name": name, "mention": mention.strip(), "known": False}
        spans.append((start, end))
    return spans


def _covered(text: str, span: tuple[int, int], known: list[tuple[int, int]]) -> bool:
    """Whether every word of *span* lies in some registry name found in the text."""
    words = [
        (m.start() + span[0], m.end() + span[0])
        for m in re.finditer(r"\w+", text[span[0] : span[1]])
    ]
    return bool(words) and all(any(a <= x and y <= b for a, b in known) for x, y in words)


_LIST_ITEM = re.compile(r"(?<![\w’'\-])[A-ZА-ЯЁ][\w’'\-]{2,}(?:\s+[A-ZА-ЯЁ][\w’'\-]+)?")
_LIST_GAP = re.compile(r"[\"«»“”„]?(?:\s*,\s*(?:and\s+|и\s+)?|\s+(?:and|и)\s+)[\"«»“”„]?")
_LIST_AFTER_KIND = re.compile(
    r"(?:companies|corporations|enterprises|plants|manufacturers|предприяти\w*|компани\w*|"
    r"заводы|корпораци\w*|такими,?\s+как|среди\s+которых)\s*[-–—:,(]?\s*[\"«“„]?$"
)
"""A list right after a kind of organisation: "state corporations - Rosatom, Gazprom…"."""
_LIST_KIND_WORD = re.compile(
    r"companies|corporations|enterprises|plants|manufacturers|предприяти|компани|заводы|"
    r"корпораци|такими,?\s+как|среди\s+которых"
)
_TAIL_OF_NAME = re.compile(r"\b(?:of|the|for)\s+$")


def _add_listed(doc: Doc, anchors: list[tuple[int, int]], found: dict[str, Json]) -> None:
    """Names listed among enterprises are enterprises ("MAZ, MTZ, Gomselmash,
    Bobruiskagromash, and Amkodor"; "…комбинаты, Омутнинский металлургический завод, Искож,
    Лепсе и другие"): in a list of at least three names joined by commas and "and" (quoted
    or not), two of them enterprises already found, or of two or more right after a kind of
    organisation ("state corporations - Rosatom, Gazprom, Rosneft", "the companies Bellegprom
    and PinskDrev"), the other names that are no place and no person's."""
    text = doc.text
    if len(anchors) < 2 and not _LIST_KIND_WORD.search(text):
        return  # no list can be anchored
    anchors = sorted(anchors)
    starts = [a for a, _ in anchors]
    items: list[tuple[int, int, bool]] = [(a, b, True) for a, b in anchors]
    for m in _LIST_ITEM.finditer(text):
        i = bisect.bisect_left(starts, m.end())  # anchors starting before the item's end
        if all(b <= m.start() for _, b in anchors[max(0, i - 4) : i]):
            items.append((m.start(), m.end(), False))
    items.sort()
    chain: list[tuple[int, int, bool]] = []
    for item in [*items, (len(text) + 1, len(text) + 1, False)]:
        if chain and _LIST_GAP.fullmatch(text, chain[-1][1], item[0]):
            chain.append(item)
            continue
        after_kind = len(chain) >= 2 and _LIST_AFTER_KIND.search(
            text[max(0, chain[0][0] - 40) : chain[0][0]]
        )  # "the companies Bellegprom and PinskDrev": two are a list after their kind
        if after_kind or (len(chain) >= 3 and sum(anchor for _, _, anchor in chain) >= 2):
            _add_chain(doc, chain, found)
        chain = [item]


def _add_chain(doc: Doc, chain: list[tuple[int, int, bool]], found: dict[str, Json]) -> None:
    """The names of an anchored list that are not enterprises found already."""
    text = doc.text
    places = [(m.start, m.end) for m in (*doc.regions, *doc.cities, *doc.countries)]
    for a, b, anchor in chain:
        name = text[a:b]
        if anchor or any(x < b and a < y for x, y in places) or _not_a_name(name):
            continue
        if _TAIL_OF_NAME.search(text[max(0, a - 8) : a]):
            continue  # "Academy of Sciences": the end of a longer name
        found.setdefault(name.lower(), {"name": name, "mention": name, "known": False})


def _not_a_name(name: str) -> bool:
    """A listed word that is no enterprise's name: a common word, or a person's name."""
    words = name.split()
    if any(w.lower() in NAME_STOP or w.lower() in UNKNOWN_STOP for w in words):
        return True
    if len(words) == 1 and is_common_word_ru(name):
        return True  # "…, Государственном комитете": an adjective, not a brand
    return len(words) == 2 and (latin_first_name(words[0]) or first_name_ru_word(words[0]))
