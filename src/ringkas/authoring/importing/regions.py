"""The gazetteer: Indonesia's provinces, kabupaten, kota and kecamatan, and where a text names
them.

The data (`wilayah/`, see its SOURCE.md) is Kemendagri's list of regions with their codes. A
region is recognised by the ways reports name it: "Kabupaten Banyuwangi", "Kab. Banyuwangi",
"Pemkab Banyuwangi", "Banyuwangi Regency", a short name regional media use (`aliases.csv`:
"Kukar", "Jateng"), and its bare name ("Banyuwangi") where no other region has that name (not
"Malang": Kabupaten or Kota?). Only the region's own words are taken, so the name of the person
after it ("Kabupaten Sumedang Asep Kurniawan") never becomes part of it. A kecamatan is
recognised after the word "Kecamatan", with the kabupaten or kota that follows it or, alone,
where its name is found in one kabupaten or kota only.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).parent / "wilayah"
PROVINCE, REGENCY, CITY, DISTRICT = "provinsi", "kabupaten", "kota", "kecamatan"
_PREFIX = re.compile(r"^(Kabupaten Administrasi|Kota Administrasi|Kabupaten|Kota)\s+")


@dataclass(frozen=True)
class Region:
    """One region: its name as ringkas writes it, its level and its Kemendagri code."""

    name: str  # "Kabupaten Grobogan", "Provinsi Jawa Tengah", "Kecamatan Banyumanik, Kota ..."
    level: str
    code: str  # "33.15"
    core: str  # the name without the word for its level: "Grobogan"
    parent: str = ""  # the code of the region it lies in ("" for a province)

    @property
    def bps_code(self) -> str:
        """The code `bps_code` takes: a province's or kabupaten's/kota's without its dot; a
        kecamatan's kabupaten or kota (see wilayah/SOURCE.md)."""
        return (self.parent if self.level == DISTRICT else self.code).replace(".", "")

    def contains(self, other: Region) -> bool:
        return other.code.startswith(self.code + ".")


@dataclass(frozen=True)
class Mention:
    """Where a text names a region, and the words it uses."""

    start: int
    end: int
    region: Region
    text: str


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as data:
        return list(csv.DictReader(data))


@functools.cache
def regions() -> dict[str, Region]:
    """Provinces, kabupaten and kota by code."""
    found: dict[str, Region] = {}
    for row in _rows("provinces.csv"):
        found[row["code"]] = Region(f"Provinsi {row['name']}", PROVINCE, row["code"], row["name"])
    for row in _rows("regencies.csv"):
        prefix = _PREFIX.match(row["name"])
        level = REGENCY if row["name"].startswith("Kabupaten") else CITY
        core = row["name"][prefix.end():] if prefix else row["name"]
        found[row["code"]] = Region(row["name"], level, row["code"], core, row["province_code"])
    return found


@functools.cache
def districts() -> dict[str, list[tuple[str, str]]]:
    """Kecamatan by lower-case name: (code, the code of their kabupaten or kota)."""
    found: dict[str, list[tuple[str, str]]] = {}
    for row in _rows("districts.csv"):
        found.setdefault(row["name"].lower(), []).append((row["code"], row["regency_code"]))
    return found


#: The words before a region's name that say its level, and the English ones after it.
_BEFORE = {"provinsi": PROVINCE, "prov": PROVINCE, "prov.": PROVINCE, "pemprov": PROVINCE,
           "pemerintah provinsi": PROVINCE, "kabupaten": REGENCY, "kab": REGENCY,
           "kab.": REGENCY, "pemkab": REGENCY, "pemerintah kabupaten": REGENCY,
           "kabupaten administrasi": REGENCY, "kota": CITY, "pemkot": CITY,
           "pemerintah kota": CITY, "kota administrasi": CITY}
_AFTER = {"province": PROVINCE, "regency": REGENCY, "city": CITY}
_NAME_WORD = r"[^\W\d_][\w'-]*"
_WORDS = rf"(?=(?P<words>{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,3}}))"
_PREFIXED = re.compile(
    r"(?<![\w-])(?:(?P<short>kab|prov)\.\s*|(?P<kw>"
    + "|".join(re.escape(k) for k in sorted(_BEFORE, key=len, reverse=True) if "." not in k)
    + r")\s+)" + _WORDS, re.I)
_SUFFIXED = re.compile(rf"(?P<words>(?:{_NAME_WORD}[ \t]+){{1,4}})(?P<kw>Regency|City|Province)\b")
#: A run of capitalised words, where a bare name or an alias may be.
_CAPITALISED = re.compile(r"(?<![\w-])[A-Z][\w'-]*(?:[ \t]+[A-Z][\w'-]*)*")


@functools.cache
def _by_core() -> dict[tuple[str, str], Region]:
    """Regions by (level, lower-case name without its level's word), and by their aliases
    ("Kota Solo" is Kota Surakarta)."""
    found = {(r.level, r.core.lower()): r for r in regions().values()}
    for alias, region in _bare().items():
        found.setdefault((region.level, alias.lower()), region)
    return found


@functools.cache
def _bare() -> dict[str, Region]:
    """The bare names no two regions share, and the aliases (as written or in capitals),
    each with its region."""
    by_code = regions()
    cores: dict[str, list[Region]] = {}
    for region in by_code.values():
        cores.setdefault(region.core, []).append(region)
    bare: dict[str, Region] = {core: found[0] for core, found in cores.items()
                               if len(found) == 1}
    for row in _rows("aliases.csv"):
        target = next((r for r in by_code.values()
                       if row["name"] in (r.name, r.core, f"Provinsi {r.core}")), None)
        if target is not None:
            bare[row["alias"]] = target
    return {**bare, **{w.upper(): r for w, r in bare.items()}}


def _named(level: str, words: list[str], from_start: bool) -> tuple[Region, int] | None:
    """The region of `level` named by the most of `words` (from their start, or their end),
    and how many words name it."""
    for size in range(len(words), 0, -1):
        part = words[:size] if from_start else words[-size:]
        region = _by_core().get((level, " ".join(part).lower()))
        if region is not None:
            return region, size
    return None


_DISTRICT = re.compile(r"\b(?:Kecamatan|KECAMATAN|Kec\.)\s+"
                       r"(?P<name>[A-Z][\w'-]*(?:[ \t]+[A-Z][\w'-]*){0,3})")


def mentions(text: str) -> list[Mention]:
    """Every region the text names, in order; where forms overlap, the longest."""
    found: list[Mention] = []
    for match in _PREFIXED.finditer(text):
        level = _BEFORE[(match.group("short") or match.group("kw")).lower()]
        words = match.group("words").split()
        named = _named(level, words, from_start=True)
        if named is not None:
            region, size = named
            end = match.start("words") + len(" ".join(words[:size]))
            found.append(Mention(match.start(), end, region, text[match.start():end]))
    for match in _SUFFIXED.finditer(text):
        words = match.group("words").split()
        named = _named(_AFTER[match.group("kw").lower()], words, from_start=False)
        if named is not None:
            region, size = named
            start = match.end("words") - len(" ".join(words[-size:])) - 1
            found.append(Mention(start, match.end(), region, text[start:match.end()]))
    found += _bare_mentions(text)
    found = _longest(found)
    return _longest(found + _districts(text, found))


#: Bare names that are also common words at the start of a sentence ("Puncak acara ...",
#: "Batang pohon ..."): only their prefixed forms ("Kabupaten Puncak") name the region.
COMMON_WORDS = frozenset({"Puncak", "Batang", "Buru", "Landak", "Bone", "Toba", "Lingga",
                          "Kapuas", "Kuningan", "Malaka", "Kudus", "Asahan", "Agam"})
#: Words after which a name is a river, a street, a village, a building: not the region.
_FEATURE = re.compile(r"(?:^|\s)(?:sungai|danau|gunung|jalan|jl\.?|desa|kelurahan|pantai|pulau|"
                      r"selat|teluk|kecamatan|kec\.|kampung|dusun|gang|perumahan|universitas|"
                      r"bandara|pelabuhan|stasiun|terminal|rsud|hotel|pasar|masjid|alun-alun)"
                      r"\s+$", re.I)


def _bare_mentions(text: str) -> list[Mention]:
    bare = _bare()
    found = []
    for run in _CAPITALISED.finditer(text):
        words = [(m.start(), m.end()) for m in re.finditer(r"\S+", run.group(0))]
        index = 0
        while index < len(words):
            for size in range(min(4, len(words) - index), 0, -1):
                start = run.start() + words[index][0]
                name = text[start:run.start() + words[index + size - 1][1]].rstrip(".,;:")
                region = bare.get(name)
                if region is not None and name not in COMMON_WORDS \
                        and not _FEATURE.search(text[max(0, start - 20):start]):
                    found.append(Mention(start, start + len(name), region, name))
                    index += size
                    break
            else:
                index += 1
    return found


def _longest(found: list[Mention]) -> list[Mention]:
    kept: list[Mention] = []
    for mention in sorted(found, key=lambda m: (m.start, -(m.end - m.start))):
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept


def _districts(text: str, found: list[Mention]) -> list[Mention]:
    """"Kecamatan Banyumanik, Kota Semarang": a kecamatan with its kabupaten or kota."""
    result = []
    by_code = regions()
    for match in _DISTRICT.finditer(text):
        words = match.group("name").split()
        for size in range(len(words), 0, -1):  # "Kecamatan Banyumanik Kota Semarang"
            name = " ".join(words[:size])
            places = districts().get(name.lower(), [])
            if places:
                break
        if not places:
            continue
        end = match.start("name") + len(name)
        after = next((m for m in found if 0 <= m.start - end <= 3), None)
        choice = [p for p in places if after and p[1] == after.region.code] or \
            (places if len(places) == 1 else [])
        if not choice:
            continue
        code, parent = choice[0]
        city = by_code[parent]
        label = name.title() if name.isupper() else name
        region = Region(f"Kecamatan {label}, {city.name}", DISTRICT, code, label, parent)
        result.append(Mention(match.start(), after.end if after and after.region == city
                              else end, region, text[match.start():end]))
    return result
