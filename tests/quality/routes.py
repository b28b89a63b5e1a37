"""Route discovery from the URL resolver, so the gates cover apps as they land.

`all_routes()` walks `config/urls.py` (every `include`) and yields one `Route` per URL pattern,
with its full route text, name, view callback and path converters. `Route.sample_path()` fills
the converters with harmless dummy values (the gates that use it only need the resolver to
match, not an object to exist).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern, RoutePattern

DUMMY = {
    "int": "1",
    "str": "x",
    "slug": "x",
    "uuid": str(uuid.UUID(int=1)),
    "path": "x",
}
_ROUTE_ARG = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
_NAMED_GROUP = re.compile(r"\(\?P<(\w+)>(?:[^()\\]|\\.|\[[^\]]*\])*\)")


@dataclass
class Route:
    route: str  # e.g. "applications/<int:pk>/", regex pieces kept as written
    name: str  # "namespace:name" or ""
    callback: object
    converters: dict[str, str] = field(default_factory=dict)  # arg name → converter name
    regex: bool = False  # some piece is a regular expression (admin); sample_path() may be None
    default_kwargs: dict = field(default_factory=dict)

    @property
    def has_object_args(self) -> bool:
        return bool(self.converters)

    @property
    def app(self) -> str:
        """The Django app label that owns the view, from its module (madoguchi.<app>…)."""
        module = getattr(self.callback, "__module__", "") or ""
        view_class = getattr(self.callback, "view_class", None) or getattr(self.callback, "cls", None)
        if view_class is not None:
            module = view_class.__module__
        parts = module.split(".")
        if parts[0] == "madoguchi" and len(parts) > 1:
            return parts[1]
        return parts[0]

    def sample_path(self, values: dict[str, str] | None = None) -> str | None:
        if self.regex:
            return None
        values = values or {}

        def fill(match: re.Match) -> str:
            name = match["name"]
            if name in values:
                return str(values[name])
            return DUMMY.get(match["converter"] or "str", "x")

        path = "/" + _ROUTE_ARG.sub(fill, self.route)
        try:
            resolve(path)
        except Resolver404:
            return None
        return path

    def __str__(self) -> str:
        return f"/{self.route}" + (f" ({self.name})" if self.name else "")


def _walk(patterns, prefix: str, namespace: str, converters: dict, regex: bool) -> Iterator[Route]:
    for entry in patterns:
        pattern = entry.pattern
        if isinstance(pattern, RoutePattern):
            piece, is_regex = str(pattern._route), False
            found = {m["name"]: (m["converter"] or "str") for m in _ROUTE_ARG.finditer(piece)}
        elif isinstance(pattern, RegexPattern):
            # A regex whose only special parts are named groups (DRF routers) becomes a route.
            piece = str(pattern._regex).removeprefix("^").removesuffix("$").removesuffix("\\Z")
            found = dict.fromkeys(re.compile(pattern._regex).groupindex, "regex")
            piece = _NAMED_GROUP.sub(lambda m: f"<regex:{m[1]}>", piece)
            literal = _ROUTE_ARG.sub("", piece)
            is_regex = any(ch in literal for ch in "()[]*+?|\\{}")
        else:  # LocalePrefixPattern etc.
            piece, is_regex, found = "", False, {}
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(
                entry.url_patterns, prefix + piece, ns, {**converters, **found}, regex or is_regex
            )
        elif isinstance(entry, URLPattern):
            name = entry.name or ""
            if name and namespace:
                name = f"{namespace}:{name}"
            yield Route(
                route=prefix + piece,
                name=name,
                callback=entry.callback,
                converters={**converters, **found},
                regex=regex or is_regex,
                default_kwargs=dict(entry.default_args or {}),
            )


def all_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns, "", "", {}, False))


def view_accepts(route: Route, method: str) -> bool | None:
    """Whether the view says it accepts `method` (class views, DRF, require_http_methods);
    None when the view does not say."""
    view_class = getattr(route.callback, "view_class", None) or getattr(route.callback, "cls", None)
    if view_class is not None:
        return hasattr(view_class, method.lower()) or method.lower() in getattr(route.callback, "actions", {})
    return None
