"""One catalogue for every string of the briefs, and number formats from Babel.

Every visible word of ``brief.html`` and ``comparison.html`` comes from :data:`TEXT` (UI
strings) or :data:`TERMS` (human names of model ids such as ``pv_rooftop``), both reviewed as
pairs ``(English, German)``. Numbers go through :func:`number` (Babel's CLDR patterns:
``1,234.5`` in English, ``1.234,5`` in German) and :func:`amount`, which rounds a headline
number to two significant figures in a readable unit::

    amount(5.614e9, "eur", "en") == "5.6 bn EUR"      amount(8.13e6, "t", "de") == "8,1 Mio. t CO₂"

The German domain vocabulary is fixed in :data:`GLOSSARY` (term, meaning in this tool, and the
rejected wording with the reason), so translations stay consistent across the briefs.
"""

from __future__ import annotations

import math
from datetime import date

from babel.dates import format_date
from babel.numbers import format_decimal

from model.errors import InputError
from model.outputs.catalogue import TERMS, TEXT

LANGS = ("en", "de")
_LOCALE = {"en": "en_GB", "de": "de_DE"}

#: Reviewed German terms: English term -> (German term, why; rejected alternative).
GLOSSARY: dict[str, tuple[str, str]] = {
    "brief": ("Kurzbericht", "not 'Politikpapier' (reads as a party paper)"),
    "provenance": ("Nachvollziehbarkeit", "hashes, versions, command to reproduce; not "
                   "'Herkunftsnachweis' (a guarantee of origin for electricity)"),
    "data sources": ("Datenherkunft", "where each input value comes from"),
    "net present value": ("Kapitalwert", "discounted sum of all costs minus revenues"),
    "permitting duration": ("Genehmigungsdauer", "months from application to approval"),
    "lead time": ("Vorlaufzeit", "months from project start to operation"),
    "representative day": ("Typtag", "clustered day standing for several days of a year"),
    "optimality gap": ("Optimalitätslücke", "distance of the solution to the proven bound"),
    "system boundary": ("Systemgrenze", "what the costs and emissions include"),
    "curtailment": ("Abregelung", "available renewable energy not used"),
    "assumption": ("Annahme", "value set by the project without a direct source"),
}

#: Scale words of :func:`amount`: unit kind -> [(threshold, divisor, key of TEXT)].
_SCALES = {
    "eur": [(1e9, 1e9, "u_bn_eur"), (1e6, 1e6, "u_m_eur"), (1e3, 1e3, "u_k_eur"),
            (0, 1, "u_eur")],
    "t": [(1e6, 1e6, "u_mt"), (1e3, 1e3, "u_kt"), (0, 1, "u_t")],
    "mw": [(1e3, 1e3, "u_gw"), (0, 1, "u_mw")],
    "mwh": [(1e6, 1e6, "u_twh"), (1e3, 1e3, "u_gwh"), (0, 1, "u_mwh")],
}


def check_lang(lang: str) -> str:
    """Return ``lang`` if supported, else raise :class:`InputError` naming the choices."""
    if lang not in LANGS:
        raise InputError(f"brief language '{lang}' is not supported: use one of {list(LANGS)}")
    return lang


def t(key: str, lang: str, **fields: object) -> str:
    """The catalogue string ``key`` in ``lang``, with ``{fields}`` filled in."""
    en, de = TEXT[key]
    text = de if lang == "de" else en
    return text.format(**fields) if fields else text


def term(item: str, lang: str) -> str:
    """Human name of a model id (technology, source, category, stage, ...).

    Unknown ids (e.g. a category added later) show as the id with spaces, so nothing breaks;
    add them to :data:`model.outputs.catalogue.TERMS` for a proper name.
    """
    pair = TERMS.get(str(item))
    if pair is None:
        return str(item).replace("_", " ")
    return pair[1] if lang == "de" else pair[0]


def in_text(item: str, lang: str) -> str:
    """:func:`term` as written inside an English sentence ("of wind", "of ground-mounted PV").

    The English names are written for legends ("Wind", "Rooftop PV"); mid-sentence the first
    letter is lowered unless the name starts with an abbreviation ("PV", "CO₂"). German keeps
    its nouns capitalised.
    """
    text = term(item, lang)
    if lang == "de" or len(text) < 2 or not text[1].islower():
        return text
    return text[:1].lower() + text[1:]


def label(item: str, lang: str) -> str:
    """:func:`term` with a capital first letter, for legends and table headers."""
    text = term(item, lang)
    return text[:1].upper() + text[1:]


def number(value: float | None, digits: int, lang: str) -> str:
    """``value`` with ``digits`` decimals in the language's format; n/a for None/NaN, no -0."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return t("na", lang)
    value = float(value)
    if round(value, digits) == 0:
        value = 0.0
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return format_decimal(value, format=pattern, locale=_LOCALE[lang])


def signed(value: float | None, digits: int, lang: str) -> str:
    """Like :func:`number` with an explicit sign (``+1.2``, ``−0.5``; 0 unsigned)."""
    text = number(value, digits, lang)
    if value is None or math.isnan(value) or text.strip("0,.") == "":
        return text
    return ("+" + text) if value > 0 else text.replace("-", "−")


def sig_round(value: float, sig: int = 2) -> float:
    """``value`` rounded to ``sig`` significant figures (0 stays 0)."""
    if value == 0 or not math.isfinite(value):
        return value
    return round(value, sig - 1 - int(math.floor(math.log10(abs(value)))))


def scaled(value: float, kind: str, sig: int = 2,
           ref: float | None = None) -> tuple[float, str, int]:
    r"""Choose the unit for ``value``: returns (rounded value in that unit, TEXT key, decimals).

    The value is rounded to ``sig`` significant figures *after* scaling,
    :math:`v' = \mathrm{round}_{sig}(v / s)` with the divisor :math:`s` of the first threshold
    :math:`|v| \ge` threshold in :data:`_SCALES`; decimals are those that show ``sig`` figures.
    With ``ref``, the unit is the one ``ref`` would get, so numbers in one sentence share a
    unit (``1.2 Mt ... 0.47 Mt``).
    """
    scales = _SCALES[kind]
    pick = abs(value) if ref is None else abs(ref)
    i = next(i for i, (threshold, _, _) in enumerate(scales) if pick >= threshold or
             i == len(scales) - 1)
    scaled_value = sig_round(value / scales[i][1], sig)
    if ref is None and abs(scaled_value) >= 1000 and i > 0:  # 999.7 k rounds to 1.0 M
        i -= 1
        scaled_value = sig_round(value / scales[i][1], sig)
    mag = int(math.floor(math.log10(abs(scaled_value)))) if scaled_value else 0
    return scaled_value, scales[i][2], max(0, sig - 1 - mag)


def amount(value: float | None, kind: str, lang: str, sig: int = 2,
           ref: float | None = None) -> str:
    """A headline number with its unit, e.g. ``5.6 bn EUR``, ``8,1 Mio. t CO₂``, ``640 MW``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return t("na", lang)
    v, key, digits = scaled(float(value), kind, sig, ref)
    return f"{number(v, digits, lang)}\u00a0{t(key, lang)}"


def day(value: date, lang: str) -> str:
    """A date in the language's medium format (``1 Dec 2026``, ``01.12.2026``)."""
    return format_date(value, format="medium", locale=_LOCALE[lang])


def listing(items: list[str], lang: str) -> str:
    """``a, b and c`` / ``a, b und c``."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {t('and', lang)} " + items[-1]
