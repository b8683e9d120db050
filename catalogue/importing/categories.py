"""Finding a category by what a seller writes: its full name ("Makanan > Keripik"), its
name alone when no other category has it, or the end of its full name ("Camilan >
Keripik"). All categories are read in one query."""

from __future__ import annotations

import difflib
import re

from django.utils.translation import gettext as _
from oscar.core.loading import get_model

Category = get_model("catalogue", "Category")

_SEPARATOR = " > "
_SPACES = re.compile(r"\s+")


class CategoryUnknown(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _key(text: str) -> str:
    parts = (_SPACES.sub(" ", part).strip().casefold() for part in text.split(">"))
    return _SEPARATOR.join(parts)


class CategoryIndex:
    """Every category, by its full name and by each ending of it."""

    def __init__(self) -> None:
        rows = list(Category.objects.order_by("path").values_list("pk", "path", "name"))
        steplen = Category.steplen
        names = {path: name for _pk, path, name in rows}
        #: Category pk → full name, as the site shows it.
        self.full_names: dict[int, str] = {}
        self._by_ending: dict[str, set[int]] = {}
        for pk, path, _name in rows:
            parts = [names.get(path[:end], "") for end in range(steplen, len(path) + 1, steplen)]
            self.full_names[pk] = _SEPARATOR.join(parts)
            for start in range(len(parts)):
                ending = _key(_SEPARATOR.join(parts[start:]))
                self._by_ending.setdefault(ending, set()).add(pk)

    def find(self, text: str) -> int:
        """The pk of the category ``text`` names; raises ``CategoryUnknown`` saying why not,
        with the nearest names when there are any."""
        key = _key(text)
        found = self._by_ending.get(key, set())
        exact = [pk for pk in found if _key(self.full_names[pk]) == key]
        if len(exact) == 1:
            return exact[0]
        if len(found) == 1:
            return next(iter(found))
        if found:
            choices = sorted(self.full_names[pk] for pk in found)
            raise CategoryUnknown(
                _("Ada beberapa kategori bernama ini: tulis lengkap, misalnya %(choices)s.")
                % {"choices": _or_list(choices[:4])}
            )
        if not self.full_names:
            raise CategoryUnknown(_("Belum ada kategori produk di situs ini: hubungi staf."))
        nearby = self.nearby(text)
        if nearby:
            message = _("Kategori tidak dikenal. Mungkin maksud Anda: %(names)s?") % {
                "names": _or_list(nearby)
            }
        else:
            message = _(
                "Kategori tidak dikenal. Lihat daftar kategori di lembar Kategori pada "
                "templat XLSX."
            )
        raise CategoryUnknown(message)

    def nearby(self, text: str, count: int = 3) -> list[str]:
        """Full names of the categories whose names or full names look most like ``text``."""
        key = _key(text)
        close = difflib.get_close_matches(key, self._by_ending, n=count * 2, cutoff=0.75)
        if not close:
            # "Keripik Pedas" is near "Keripik": a category's name inside what was written.
            words = f" {key.replace('>', ' ')} "
            close = [e for e in self._by_ending if ">" not in e and f" {e} " in words]
        names: list[str] = []
        for ending in close:
            for pk in sorted(self._by_ending[ending], key=self.full_names.__getitem__):
                if self.full_names[pk] not in names:
                    names.append(self.full_names[pk])
        return names[:count]


def _or_list(names: list[str]) -> str:
    quoted = [f"“{name}”" for name in names]
    if len(quoted) == 1:
        return quoted[0]
    return _("%(names)s atau %(last)s") % {"names": ", ".join(quoted[:-1]), "last": quoted[-1]}
