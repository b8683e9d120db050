"""Helpers for the tests that walk the whole URL map: the routes as the resolver has them,
and the forms and query parameters a page offers."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlparse

from bs4 import BeautifulSoup
from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    """One URL pattern: its namespaced name, argument names (named groups or converters;
    ``positional`` counts unnamed groups) and its view."""

    namespace: str
    name: str | None
    kwargs: tuple[str, ...]
    positional: int
    path: str
    pattern: URLPattern

    @property
    def callback(self):
        return self.pattern.callback

    @property
    def label(self) -> str:
        full = f"{self.namespace}:{self.name}" if self.namespace else str(self.name)
        return f"{full} ({self.path})"

    @property
    def reverse_name(self) -> str | None:
        if self.name is None:
            return None
        return f"{self.namespace}:{self.name}" if self.namespace else self.name


def routes(namespaces: tuple[str, ...] | None = None) -> list[Route]:
    """Every URL pattern of the site (or of ``namespaces``), found in the resolver."""
    found: list[Route] = []

    def walk(patterns, names: list[str], prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = names + [pattern.namespace] if pattern.namespace else names
                walk(pattern.url_patterns, inner, prefix + str(pattern.pattern))
                continue
            if namespaces is not None and (not names or names[0] not in namespaces):
                continue
            regex = pattern.pattern.regex
            found.append(
                Route(
                    namespace=":".join(names),
                    name=pattern.name,
                    kwargs=tuple(regex.groupindex),
                    positional=regex.groups - len(regex.groupindex),
                    path=prefix + str(pattern.pattern),
                    pattern=pattern,
                )
            )

    walk(get_resolver().url_patterns, [], "/")
    return found


@dataclass
class Form:
    """A form on a page: where it goes, how, and its fields with the page's values."""

    method: str
    action: str
    fields: list[tuple[str, str, list[str]]] = field(default_factory=list)  # name, kind, values

    def defaults(self) -> dict[str, list[str]]:
        data: dict[str, list[str]] = {}
        for name, kind, values in self.fields:
            if kind == "file":
                continue
            data.setdefault(name, []).extend(values)
        return data


def page_forms(html: str, page_url: str) -> list[Form]:
    """The forms of a page, each field with the value the page would send."""
    soup = BeautifulSoup(html, "html.parser")
    forms = []
    for tag in soup.find_all("form"):
        method = (tag.get("method") or "get").lower()
        action = tag.get("action") or page_url
        form = Form(method=method, action=action)
        seen_radio: set[str] = set()
        for element in tag.find_all(["input", "select", "textarea", "button"]):
            name = element.get("name")
            if not name or name == "csrfmiddlewaretoken":
                continue
            kind = (element.get("type") or element.name).lower()
            if element.name == "select":
                options = element.find_all("option")
                chosen = [o for o in options if o.has_attr("selected")] or [
                    o for o in options if o.get("value")
                ][:1]
                form.fields.append((name, "select", [o.get("value", o.text) for o in chosen]))
            elif element.name == "textarea":
                form.fields.append((name, "textarea", [element.text]))
            elif kind in ("checkbox", "radio"):
                if element.has_attr("checked") or (kind == "radio" and name not in seen_radio):
                    seen_radio.add(name)
                    form.fields.append((name, kind, [element.get("value", "on")]))
            elif kind in ("submit", "button", "reset", "image"):
                if element.name == "button" or kind == "submit":
                    form.fields.append((name, "submit", [element.get("value", "")]))
            else:
                form.fields.append((name, kind, [element.get("value", "")]))
        forms.append(form)
    return forms


def link_parameters(html: str, path: str) -> set[str]:
    """The query parameter names of the page's links to its own path (pages, sorts, ...)."""
    names: set[str] = set()
    for tag in BeautifulSoup(html, "html.parser").find_all("a", href=True):
        url = urlparse(tag["href"])
        if url.query and (not url.path or url.path == path):
            names.update(name for name, _ in parse_qsl(url.query, keep_blank_values=True))
    return names
