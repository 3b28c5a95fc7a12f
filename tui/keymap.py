"""Keymap files: YAML action -> key(s), checked before Textual ever sees them.

Textual ignores an unknown binding id without a word and lets two bindings share a
key (one silently wins), so a typo in a keymap would surface mid-review as a key
that does nothing. Everything is checked here at start instead, and each problem
is reported with the file and line it comes from.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml
from textual.keys import KEY_NAME_REPLACEMENTS, Keys, _character_to_key

from tui.actions import ACTION_NAMES, BY_NAME

SHIPPED = ("default", "vim")
_MODIFIERS = ("ctrl", "shift", "alt", "meta", "super", "hyper")
_NAMED_KEYS = frozenset(k.value for k in Keys)


class KeymapError(ValueError):
    """A keymap that cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class Keymap:
    """Action name -> its keys (Textual key names), with the files it came from."""

    keys: dict[str, tuple[str, ...]]
    sources: tuple[str, ...] = field(default=())

    def textual_keymap(self) -> dict[str, str]:
        """What `App.set_keymap` takes: binding id -> comma-separated keys."""
        return {BY_NAME[name].binding_id: ",".join(keys) for name, keys in self.keys.items()}

    def first_key(self, action: str) -> str:
        keys = self.keys.get(action, ())
        return keys[0] if keys else ""


def _shipped_path(name: str) -> Path:
    return Path(str(resources.files("keymaps") / f"{name}.yaml"))


def normalise_key(key: str) -> str | None:
    """Textual's name for `key` ("?" -> "question_mark"), or None when it names no key."""
    key = key.strip()
    if not key:
        return None
    if len(key) == 1:
        return _character_to_key(key)
    *mods, base = key.split("+")
    if any(m not in _MODIFIERS for m in mods) or not base:
        return None
    if len(base) == 1:
        base = _character_to_key(base)
    elif base not in _NAMED_KEYS and not _is_unicode_name(base):
        return None
    return "+".join([*mods, base])


def _is_unicode_name(name: str) -> bool:
    if name in KEY_NAME_REPLACEMENTS.values():  # "plus", "slash", "minus": Textual's short forms
        return True
    try:
        unicodedata.lookup(name.replace("_", " ").upper())
    except KeyError:
        return False
    return True


def _parse(text: str, where: str) -> dict[str, tuple[tuple[str, ...], int]]:
    """action -> (keys, line) of one YAML file, or KeymapError naming the line."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise KeymapError(f"{where}{line}: not valid YAML: {problem}") from None
    if node is None:
        return {}
    if not isinstance(node, yaml.MappingNode):
        raise KeymapError(f"{where}:{node.start_mark.line + 1}: a keymap maps action names to keys, "
                          "e.g. 'accept: a' or 'next_record: [n, right]'")
    out: dict[str, tuple[tuple[str, ...], int]] = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        action = str(key_node.value)
        if action not in BY_NAME:
            raise KeymapError(f"{where}:{line}: unknown action {action!r}; actions are "
                              + ", ".join(ACTION_NAMES))
        if action in out:
            raise KeymapError(f"{where}:{line}: {action} is bound twice in this file "
                              f"(first on line {out[action][1]})")
        if isinstance(value_node, yaml.ScalarNode):
            raw = str(value_node.value).split(",")
        elif isinstance(value_node, yaml.SequenceNode) and all(
            isinstance(v, yaml.ScalarNode) for v in value_node.value
        ):
            raw = [str(v.value) for v in value_node.value]
        else:
            raise KeymapError(f"{where}:{line}: {action} needs a key or a list of keys")
        keys: list[str] = []
        for item in raw:
            key = normalise_key(item)
            if key is None:
                raise KeymapError(f"{where}:{line}: {item.strip()!r} for {action} is not a key name "
                                  "Textual knows (e.g. a, A, space, enter, ctrl+r, question_mark)")
            if key not in keys:
                keys.append(key)
        if not keys:
            raise KeymapError(f"{where}:{line}: {action} has no key")
        out[action] = (tuple(keys), line)
    return out


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KeymapError(f"{path}: cannot read the keymap: {exc}") from None


def load_keymap(choice: str | None = None) -> Keymap:
    """The default keymap with `choice` laid over it: a shipped name (vim) or a YAML file's path."""
    default_path = _shipped_path("default")
    layers: list[tuple[str, str]] = [(str(default_path.name), _read(default_path))]
    if choice and choice != "default":
        path = _shipped_path(choice) if choice in SHIPPED else Path(choice)
        if choice not in SHIPPED and not path.exists():
            raise KeymapError(f"{choice}: no such keymap file (shipped keymaps: {', '.join(SHIPPED)})")
        layers.append((choice if choice not in SHIPPED else path.name, _read(path)))
    keys: dict[str, tuple[str, ...]] = {}
    origin: dict[str, tuple[str, int]] = {}
    for where, text in layers:
        for action, (action_keys, line) in _parse(text, where).items():
            keys[action] = action_keys
            origin[action] = (where, line)
    missing = [name for name in ACTION_NAMES if name not in keys]
    if missing:
        raise KeymapError(f"{layers[0][0]}: no key for {', '.join(missing)}")
    owner: dict[str, str] = {}
    for action in ACTION_NAMES:
        for key in keys[action]:
            if key in owner:
                first = owner[key]
                # Name the line the user is most likely to have just written: the later layer's.
                layer = {where: i for i, (where, _) in enumerate(layers)}
                where, line = max(origin[first], origin[action], key=lambda o: layer[o[0]])
                raise KeymapError(
                    f"{where}:{line}: key {key!r} is given to both {first} and {action}; "
                    "give one of them another key"
                )
            owner[key] = action
    return Keymap(keys={name: keys[name] for name in ACTION_NAMES},
                  sources=tuple(where for where, _ in layers))
