"""The sellers' modules depend one way: services on notifications, tasks on services, and
notifications on none of them (they used to import each other in a circle)."""

from __future__ import annotations

import ast
from pathlib import Path

SELLERS = Path(__file__).resolve().parents[2] / "sellers"


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_notifications_depend_on_nothing_that_depends_on_them():
    found = imported(SELLERS / "notifications.py")
    assert not {
        name
        for name in found
        if "services" in name or "tasks" in name or name.startswith("sellers")
    }, found


def test_services_are_one_module_per_concept():
    package = SELLERS / "services"
    assert package.is_dir() and not (SELLERS / "services.py").exists()
    for module in package.glob("*.py"):
        assert len(module.read_text().splitlines()) < 500, module.name
        assert not {n for n in imported(module) if n.startswith("..tasks")}, module.name
