"""Numbers written out in words, as a *nota dinas* gives its attachments: "4 (empat) berkas".

Babel formats numbers but does not spell them; a memo attaches a handful of briefs, so words up
to 999 999 are plenty (larger counts keep their digits alone).
"""

from __future__ import annotations

ID_ONES = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan",
           "sembilan", "sepuluh", "sebelas")
EN_ONES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
           "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
           "seventeen", "eighteen", "nineteen")
EN_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
           "ninety")
LIMIT = 1_000_000


def in_words(number: int, lang: str) -> str:
    """`number` in words in `lang` ("id": "dua puluh satu", "en": "twenty-one"); digits past
    `LIMIT` or below zero."""
    if not 0 <= number < LIMIT:
        return str(number)
    return _indonesian(number) if lang == "id" else _english(number)


def _indonesian(n: int) -> str:
    if n < 12:
        return ID_ONES[n]
    if n < 20:
        return f"{ID_ONES[n - 10]} belas"
    if n < 100:
        tens, rest = divmod(n, 10)
        return f"{ID_ONES[tens]} puluh" + (f" {ID_ONES[rest]}" if rest else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        head = "seratus" if hundreds == 1 else f"{ID_ONES[hundreds]} ratus"
        return head + (f" {_indonesian(rest)}" if rest else "")
    thousands, rest = divmod(n, 1000)
    head = "seribu" if thousands == 1 else f"{_indonesian(thousands)} ribu"
    return head + (f" {_indonesian(rest)}" if rest else "")


def _english(n: int) -> str:
    if n < 20:
        return EN_ONES[n]
    if n < 100:
        tens, rest = divmod(n, 10)
        return EN_TENS[tens] + (f"-{EN_ONES[rest]}" if rest else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return f"{EN_ONES[hundreds]} hundred" + (f" and {_english(rest)}" if rest else "")
    thousands, rest = divmod(n, 1000)
    return f"{_english(thousands)} thousand" + (
        (" and " if rest < 100 else " ") + _english(rest) if rest else "")
