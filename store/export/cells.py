"""Values as the words a reviewer reads in a spreadsheet cell or a reference manager's note.

One place decides how a number, an outcome or an age looks outside the store, so the
CSV and the RIS notes say the same thing; and how a cell is kept from being run as a
formula by the spreadsheet that opens it.
"""

from __future__ import annotations

from typing import Any

# A spreadsheet treats a cell starting with one of these as a formula (or, for tab and
# carriage return, may shift it into one): OWASP's list for CSV injection.
FORMULA_STARTS = frozenset({"=", "+", "-", "@", "\t", "\r"})
JOIN = "; "


def number(value: Any) -> str:
    """69.5 -> '69.5', 70.0 -> '70', 12 -> '12'; anything else as str()."""
    if isinstance(value, float):
        text = repr(value)
        return text[:-2] if text.endswith(".0") else text
    return "" if value is None else str(value)


def with_unit(value: Any, unit: Any) -> str:
    """'69.5%' for percentages, '12 months' for other units, the bare number without one."""
    text = number(value)
    if not unit:
        return text
    if not text:
        return str(unit)
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def outcome(value: dict[str, Any]) -> str:
    """'overall response rate: 69.5% (16/23) at 6 months', leaving out the parts not stated."""
    head = str(value.get("name") or "").strip()
    amount = with_unit(value.get("value"), value.get("unit"))
    n, total = value.get("n"), value.get("total")
    if n is not None and total is not None:
        amount = f"{amount} ({number(n)}/{number(total)})".strip()
    elif n is not None:
        amount = f"{amount} (n={number(n)})".strip()
    elif total is not None:
        amount = f"{amount} (of {number(total)})".strip()
    timepoint = str(value.get("timepoint") or "").strip()
    if timepoint:
        amount = f"{amount} at {timepoint}".strip()
    if head and amount:
        return f"{head}: {amount}"
    return head or amount


def stat(value: dict[str, Any]) -> str:
    """An age or follow-up in words: 'median 21 years (11-62)', 'range 11-62 years'."""
    low, high = value.get("low"), value.get("high")
    span = f"{number(low)}-{number(high)}" if low is not None or high is not None else ""
    if value.get("value") is None:
        parts = [str(value.get("stat") or ""), with_unit(span or None, value.get("unit"))]
    else:
        parts = [str(value.get("stat") or ""), with_unit(value.get("value"), value.get("unit")),
                 f"({span})" if span else ""]
    return " ".join(p for p in parts if p)


def readable(field: str, value: Any) -> str:
    """Any field's value on one line."""
    if isinstance(value, dict):
        if field == "outcome":
            return outcome(value)
        if field == "sex":
            return ", ".join(f"{k} {number(v)}" for k, v in value.items() if v is not None)
        return stat(value)
    return " ".join(number(value).split())


def safe_cell(text: str) -> str:
    """The cell with a leading apostrophe when a spreadsheet would take it for a formula.

    The apostrophe is what spreadsheet programs themselves use to mark "text, not a
    formula"; it shows in the raw file, so a script reading the CSV strips one leading
    apostrophe before =, +, -, @, tab or carriage return.
    """
    if text[:1] in FORMULA_STARTS:
        return "'" + text
    return text
