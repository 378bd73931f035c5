"""Money as a person types it and reads it: text ↔ integer minor units of one currency.

Amounts are integers in the currency's minor unit (cents for EUR, yen for JPY, fils
for BHD) and never pass through float: text goes through Decimal, and a value with
more decimals than the currency has is refused, never rounded (a bank statement that
says 12.345 EUR is a typo, not 12.35).

What `parse_amount` reads: `12.50`, `-12,50`, `1 234.56`, `1,234.56`, `1.234,56`,
`1'234.56`, `(12.50)` (accounting negative), `€12.50`, `12.50 EUR`, `+5`, `−5` (the
typographic minus). Which mark is the decimal one:
- both `.` and `,` in one number: the last one; the other groups digits by three;
- one mark, repeated (`1,234,567`): it groups digits by three;
- one mark, once: the decimal mark. `12.345` in a two-decimal currency is refused
  (too many decimals), with a hint for writing thousands. In a currency without
  minor units (JPY) the only reading that makes sense, `1,234` = 1234, is taken.
Spaces (also no-break and thin spaces) and `'` only ever group digits.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from dashboard_tui.kit.errors import ValidationError

# ISO 4217 minor units ("exponent") of every current currency, from ISO 4217 List One
# as published by the maintenance agency (SIX Group, https://www.six-group.com/en/
# products-services/financial-information/data-standards.html, list_one.xml of
# 2025-01-01), cross-checked against the Unicode CLDR's currencyData. Codes with no
# minor unit in the list ("N.A.": metals XAU/XAG/XPT/XPD, bond units XBA-XBD, XDR,
# XSU, XUA, the test code XTS and XXX) are left out: they are not money an account
# holds. Recently withdrawn codes (HRK, SLL, ZWL, ANG, CUC) are kept, with their
# exponent, so that older statements still read.
_EXPONENT_0 = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF"
_EXPONENT_3 = "BHD IQD JOD KWD LYD OMR TND"
_EXPONENT_4 = "CLF UYW"
_EXPONENT_2 = (
    "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN "
    "BWP BYN BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUC CUP CVE CZK DKK DOP DZD EGP ERN "
    "ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HRK HTG HUF IDR ILS INR IRR JMD "
    "KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR "
    "MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB "
    "SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY "
    "TTD TWD TZS UAH USD USN UYU UZS VED VES XCD XCG YER ZAR ZMW ZWG ZWL"
)
MINOR_UNITS: dict[str, int] = {
    code: exponent
    for exponent, codes in ((0, _EXPONENT_0), (2, _EXPONENT_2), (3, _EXPONENT_3), (4, _EXPONENT_4))
    for code in codes.split()
}

# Symbols read in front of or after an amount. Only the unambiguous ones: `$` is the
# currency of a dozen countries, so it is taken as whatever the account's currency is
# only when that currency is a dollar (or peso) one.
_SYMBOLS: dict[str, frozenset[str]] = {
    "€": frozenset({"EUR"}),
    "£": frozenset({"GBP", "EGP", "FKP", "GIP", "SHP", "SSP", "SYP", "LBP"}),
    "¥": frozenset({"JPY", "CNY"}),
    "₹": frozenset({"INR"}),
    "₩": frozenset({"KRW"}),
    "₽": frozenset({"RUB"}),
    "₺": frozenset({"TRY"}),
    "₪": frozenset({"ILS"}),
    "₴": frozenset({"UAH"}),
    "₫": frozenset({"VND"}),
    "₱": frozenset({"PHP"}),
    "฿": frozenset({"THB"}),
    "zł": frozenset({"PLN"}),
    "kr": frozenset({"SEK", "NOK", "DKK", "ISK"}),
    "$": frozenset(
        {
            "USD",
            "CAD",
            "AUD",
            "NZD",
            "HKD",
            "SGD",
            "MXN",
            "TWD",
            "BSD",
            "BBD",
            "BMD",
            "BND",
            "BZD",
            "FJD",
            "GYD",
            "JMD",
            "KYD",
            "LRD",
            "NAD",
            "SBD",
            "SRD",
            "TTD",
            "XCD",
            "CLP",
            "COP",
            "ARS",
            "CUP",
            "DOP",
            "UYU",
        }
    ),
}
# A prefix like "US$" or "A$" is not worth guessing at: they are refused as unknown.

MAX_MINOR = 2**63 - 1  # BigInteger on both engines
MAX_TEXT = 60  # longer than any amount anyone types; refused before any regex runs
_MINUS = "-−"  # ASCII hyphen-minus and U+2212
_GROUP_SPACES = " \u00a0\u202f\u2009'’"
_CODE_RE = re.compile(r"[A-Za-z]{3}")


def minor_units(currency: str) -> int:
    """The number of decimals of `currency` (JPY 0, EUR 2, BHD 3)."""
    try:
        return MINOR_UNITS[currency]
    except KeyError:
        raise ValidationError.one(
            "currency", f"{currency!r} is not an ISO 4217 currency code (EUR, USD, JPY …)."
        ) from None


def clean_currency(value: str, field: str = "currency") -> str:
    """An ISO 4217 code as typed (any case, trimmed) → its upper-case form."""
    code = str(value).strip().upper()
    if code not in MINOR_UNITS:
        shown = code if code.isascii() and code.isprintable() and len(code) <= 8 else "that"
        raise ValidationError.one(
            field, f"{shown!r} is not an ISO 4217 currency code (EUR, USD, JPY …)."
        )
    return code


def _strip_currency(text: str, currency: str, field: str) -> str:
    """The text without a leading or trailing code or symbol of `currency` (or the
    text itself when it has none). Another currency's code or sign is refused."""
    if len(text) > 3:
        for part, rest, letter in (
            (text[:3], text[3:], text[3:4]),
            (text[-3:], text[:-3], text[-4:-3]),
        ):
            if _CODE_RE.fullmatch(part) and not letter.isalpha():
                code = part.upper()
                if code == currency:
                    return rest
                if code in MINOR_UNITS:
                    raise ValidationError.one(
                        field, f"This amount is in {code}; the account's currency is {currency}."
                    )
    for symbol, codes in _SYMBOLS.items():
        for found, rest in (
            (text.startswith(symbol), text[len(symbol) :]),
            (text.endswith(symbol), text[: -len(symbol)]),
        ):
            if found:
                if currency not in codes:
                    raise ValidationError.one(
                        field, f"{symbol} is not a sign of {currency}, the account's currency."
                    )
                return rest
    return text


def _peel(raw: str, currency: str, field: str) -> tuple[int, str]:
    """(+1 or -1, the bare number): signs, accounting parentheses and one currency
    code or symbol taken off either end, in any order (`-€12.50`, `€-12.50`,
    `(12.50 EUR)`, `12.50-`). One sign at most: `-(5)`, `--5`, `+-5` are refused."""
    text, signs, currency_seen = raw, [], False
    while True:
        text = text.strip()
        if len(text) > 1 and text[0] == "(" and text[-1] == ")":
            signs.append(-1)
            text = text[1:-1]
        elif text[:1] in (*_MINUS, "+"):
            signs.append(1 if text[0] == "+" else -1)
            text = text[1:]
        elif len(text) > 1 and text[-1] in _MINUS:  # `12.50-`, as some bank exports write
            signs.append(-1)
            text = text[:-1]
        elif not currency_seen and (stripped := _strip_currency(text, currency, field)) != text:
            currency_seen, text = True, stripped
        else:
            break
    if len(signs) > 1:
        raise ValidationError.one(field, "Use one sign: -12.50, +12.50 or (12.50).")
    return (signs[0] if signs else 1), text


def _digits(text: str, exponent: int, currency: str, field: str) -> Decimal:
    """The unsigned number in `text` (digits, grouping, one decimal mark)."""
    for space in _GROUP_SPACES:
        if space in text:
            # Grouping spaces: between groups of three digits only.
            if not re.fullmatch(r"\d{1,3}(?:[ \u00a0\u202f\u2009'’]\d{3})+(?:[.,]\d+)?", text):
                raise ValidationError.one(
                    field, "Group digits by three: 1 234.56 (or write 1234.56)."
                )
            text = re.sub(r"[ \u00a0\u202f\u2009'’]", "", text)
            break
    if not re.fullmatch(r"[0-9.,]+", text) or not re.search(r"[0-9]", text):
        if re.search(r"\d[eE][+-]?\d", text):
            raise ValidationError.one(field, "Write the amount out in digits (no exponent).")
        raise ValidationError.one(field, "Enter an amount such as 12.50, -12,50 or 1 234.56.")
    dots, commas = text.count("."), text.count(",")
    whole, fraction = text, ""
    if dots and commas:
        mark = "." if text.rfind(".") > text.rfind(",") else ","
        group = "," if mark == "." else "."
        whole, _, fraction = text.rpartition(mark)
        if mark in whole:
            raise ValidationError.one(field, f"Only one decimal mark ({mark}) in an amount.")
        if not re.fullmatch(rf"\d{{1,3}}(?:{re.escape(group)}\d{{3}})+", whole):
            raise ValidationError.one(field, "Group digits by three: 1,234.56 or 1.234,56.")
        whole = whole.replace(group, "")
    elif dots + commas > 1:
        group = "." if dots else ","
        if not re.fullmatch(rf"\d{{1,3}}(?:{re.escape(group)}\d{{3}})+", text):
            raise ValidationError.one(field, "Group digits by three: 1,234,567.")
        whole = text.replace(group, "")
    elif dots + commas == 1:
        mark = "." if dots else ","
        whole, _, fraction = text.partition(mark)
        if exponent == 0 and re.fullmatch(r"\d{1,3}", whole) and len(fraction) == 3:
            whole, fraction = whole + fraction, ""  # `1,234` yen: no other reading
    if not whole and not fraction:
        raise ValidationError.one(field, "Enter an amount such as 12.50.")
    if len(fraction) > exponent:
        if exponent == 0:
            message = f"{currency} has no decimals: write a whole number."
        else:
            message = (
                f"{currency} has {exponent} decimal{'s' if exponent > 1 else ''}; "
                f"{text} has {len(fraction)} (not rounded). For thousands, write "
                f"1,234{'.' + '0' * exponent} or 1234."
            )
        raise ValidationError.one(field, message)
    try:
        return Decimal(f"{whole or '0'}.{fraction or '0'}")
    except InvalidOperation:  # pragma: no cover - the regexes let only digits through
        raise ValidationError.one(field, "Enter an amount such as 12.50.") from None


def parse_amount(text: str | int, currency: str, *, field: str = "amount") -> int:
    """What a person typed → signed integer minor units of `currency`.

    An int is taken as minor units already (a stored value handed back)."""
    exponent = minor_units(currency)
    if isinstance(text, bool):
        raise ValidationError.one(field, "Enter an amount such as 12.50.")
    if isinstance(text, int):
        minor = text
    else:
        raw = str(text).strip()
        if not raw:
            raise ValidationError.one(field, "Enter an amount.")
        if len(raw) > MAX_TEXT:
            raise ValidationError.one(field, f"At most {MAX_TEXT} characters for an amount.")
        sign, rest = _peel(raw, currency, field)
        value = _digits(rest, exponent, currency, field)
        minor = sign * int(value.scaleb(exponent))
    if abs(minor) > MAX_MINOR:
        raise ValidationError.one(field, "That amount is too large to keep.")
    return minor


def format_amount(
    minor: int,
    currency: str,
    *,
    code: bool = False,
    grouping: bool = True,
    minus: str = "-",
) -> str:
    """Minor units → `-1,234.56` (`code=True`: `-1,234.56 EUR`; `minus="−"` for text a
    person reads). `parse_amount` reads every form this writes."""
    exponent = minor_units(currency)
    digits = str(abs(minor)).rjust(exponent + 1, "0")
    whole, fraction = (digits[:-exponent], digits[-exponent:]) if exponent else (digits, "")
    if grouping:
        whole = f"{int(whole):,}"
    text = f"{minus if minor < 0 else ''}{whole}{'.' + fraction if fraction else ''}"
    return f"{text} {currency}" if code else text


def to_decimal(minor: int, currency: str) -> Decimal:
    """Minor units → the exact Decimal amount (for reports and exports)."""
    return Decimal(minor).scaleb(-minor_units(currency))
