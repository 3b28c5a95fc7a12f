"""Which dialog edits which field, and how typed text becomes a value of the field's type.

The type comes from the field contract (`evidence.spec`); the final word on whether a
value may be stored is the store's own check, so the editor and the store cannot
disagree about what is valid.
"""

from __future__ import annotations

from typing import Any

from textual.screen import ModalScreen

from evidence.spec import BY_NAME
from store.reviews import check_value
from tui.modals import ChoiceDialog, LineDialog, ObjectDialog
from tui.render import format_value

# Object keys that hold numbers; the rest (stat, unit, name, timepoint) are text.
_NUMERIC_KEYS = frozenset({"value", "low", "high", "n", "total", "male", "female"})


def parse_number(text: str, key: str) -> int | float:
    cleaned = text.strip().replace(",", "")
    try:
        return int(cleaned)
    except ValueError:
        pass
    try:
        return float(cleaned)
    except ValueError:
        raise ValueError(f"{key}: {text.strip()!r} is not a number") from None


def parse_typed(field: str, typed: Any) -> Any:
    """Typed text (or a dict of typed texts, or a picked choice) -> a checked value for `field`."""
    spec = BY_NAME[field]
    if spec.type == "int":
        text = str(typed).strip().replace(",", "")
        if not text.lstrip("-").isdigit():
            raise ValueError(f"{field} is a whole number: {str(typed).strip()!r} is not one")
        value: Any = int(text)
    elif spec.type == "object":
        value = {}
        for key, raw in dict(typed).items():
            raw = str(raw).strip()
            if raw:
                value[key] = parse_number(raw, key) if key in _NUMERIC_KEYS else raw
        if not value:
            raise ValueError("fill at least one line (escape cancels)")
    elif spec.type == "string":
        value = str(typed).strip()
    else:
        value = typed
    check_value(field, value)
    return value


def editor_for(field: str, current: Any, title: str) -> ModalScreen[Any]:
    """The dialog that fits the field's type, prefilled with `current`."""
    spec = BY_NAME[field]
    if spec.type == "enum":
        choices = [(choice.replace("_", " "), choice) for choice in spec.choices]
        if current in spec.choices:  # the current value first, so enter keeps it
            choices.sort(key=lambda c: c[1] != current)
        return ChoiceDialog(title, choices)
    if spec.type == "object":
        return ObjectDialog(title, spec.keys, current if isinstance(current, dict) else None,
                            check=lambda typed: parse_typed(field, typed))
    initial = "" if current is None else (str(current) if spec.type == "int" else format_value(current))
    hint = "a whole number · enter saves · escape cancels" if spec.type == "int" else (
        "enter saves · escape cancels")
    return LineDialog(title, initial, check=lambda typed: parse_typed(field, typed), hint=hint)
