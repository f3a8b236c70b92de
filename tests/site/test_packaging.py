"""The layout promises: every package is installed, and the plugin never reaches into the site."""

import ast
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PLUGIN_APPS = ["kp_catalogue", "kp_plans", "kp_consultation"]


def package_folders():
    mapping = {"kpsite": ROOT / "site", **{app: ROOT / app for app in PLUGIN_APPS}}
    names = set()
    for top, folder in mapping.items():
        for init in folder.rglob("__init__.py"):
            relative = init.parent.relative_to(folder).parts
            names.add(".".join((top, *relative)))
    return names


def test_every_package_folder_is_listed_in_pyproject():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    listed = set(config["tool"]["setuptools"]["packages"])
    missing = package_folders() - listed
    assert not missing, f"add to [tool.setuptools] packages in pyproject.toml: {sorted(missing)}"


def imported_modules(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


# kp_catalogue stands alone; kp_consultation knows neither; kp_plans may use both.
FORBIDDEN = {
    "kp_catalogue": ("kpsite", "kp_plans", "kp_consultation"),
    "kp_consultation": ("kpsite", "kp_plans", "kp_catalogue"),
    "kp_plans": ("kpsite",),
}


@pytest.mark.parametrize("app", PLUGIN_APPS)
def test_plugin_dependencies_point_one_way(app):
    offenders = []
    for path in (ROOT / app).rglob("*.py"):
        for module in imported_modules(path):
            if module.split(".")[0] in FORBIDDEN[app]:
                offenders.append(f"{path.relative_to(ROOT)} imports {module}")
    assert not offenders, "\n".join(offenders)


def test_site_is_importable_as_kpsite_only():
    import kpsite

    assert Path(kpsite.__file__).resolve().parent == ROOT / "site"
