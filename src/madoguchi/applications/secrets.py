"""個人番号 in form data: kept out of `Application.data` (which staff lists, exports and the API show).

`split_secrets` replaces every `my-number` field with its mask and returns the numbers by path;
`merge_secrets` puts them back (for validation on resubmit and for a reveal by the My Number role).
"""

from __future__ import annotations

import copy
import json

from madoguchi.core.japanese import mask_my_number


def _walk(schema: dict, data, path: tuple, found: list) -> None:
    if not isinstance(schema, dict):
        return
    if schema.get("format") == "my-number":
        found.append(path)
        return
    if isinstance(data, dict):
        for key, sub in (schema.get("properties") or {}).items():
            if key in data:
                _walk(sub, data[key], (*path, key), found)
    elif isinstance(data, list) and isinstance(schema.get("items"), dict):
        for index, item in enumerate(data):
            _walk(schema["items"], item, (*path, index), found)


def my_number_paths(schema: dict, data) -> list[tuple]:
    found: list[tuple] = []
    _walk(schema, data, (), found)
    return found


def _get(data, path):
    for part in path:
        data = data[part]
    return data


def _set(data, path, value) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def split_secrets(schema: dict, data: dict) -> tuple[dict, str]:
    """(`data` with each number masked, the numbers by path as JSON). `data` is copied only when it
    holds a number: most forms ask for none, and the copy was a deep one on every submit."""
    numbers = {}
    for path in my_number_paths(schema, data):
        value = _get(data, path)
        if isinstance(value, str) and value:
            numbers[path] = value
    if not numbers:
        return data, ""
    public = copy.deepcopy(data)
    for path, value in numbers.items():
        _set(public, path, mask_my_number(value))
    return public, json.dumps({".".join(map(str, path)): value for path, value in numbers.items()})


def merge_secrets(schema: dict, data: dict, secret_data: str) -> dict:
    """Put stored numbers back where the form still shows their mask (unchanged by the resident)."""
    secrets = json.loads(secret_data) if secret_data else {}
    merged = copy.deepcopy(data)
    for path in my_number_paths(schema, merged):
        key = ".".join(map(str, path))
        value = _get(merged, path)
        if key in secrets and isinstance(value, str) and value == mask_my_number(secrets[key]):
            _set(merged, path, secrets[key])
    return merged
