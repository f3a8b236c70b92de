"""docs/deployment.md's release steps are what CI's production-path step runs."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def documented_commands():
    text = (ROOT / "docs" / "deployment.md").read_text()
    block = text.split("## Steps on each release", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    lines = [line.split("  #")[0].strip() for line in block.splitlines()]
    return [line.removeprefix("python ") for line in lines if line.startswith("python ")], block


def script_commands():
    text = (ROOT / ".ci" / "production-path").read_text()
    steps = text.split("# --- release steps", 1)[1].split("# --- end of release steps", 1)[0]
    commands = [re.sub(r" > /dev/null$", "", line.removeprefix('"$PY" ').strip())
                for line in steps.splitlines() if line.startswith('"$PY" manage.py')]
    # The demo's content is the only step of CI that a real release does not run.
    return [command for command in commands if " load_demo " not in command], text


def test_the_documented_release_steps_are_the_ci_steps_in_order():
    documented, block = documented_commands()
    ran, script = script_commands()
    assert documented == ran
    assert documented[0].startswith("manage.py migrate")
    assert any(c.startswith("manage.py check --deploy") for c in documented)
    assert "gunicorn kpsite.wsgi" in block and "\"$GUNICORN\" kpsite.wsgi" in script


def test_the_step_is_wired_into_make_and_ci():
    assert re.search(r"^production-check:.*\n\t.*\.ci/production-path", (ROOT / "Makefile")
                     .read_text(), re.M)
    run = (ROOT / ".ci" / "run").read_text()
    assert run.index(".venv/bin/ruff check .") < run.index("make production-check")


def test_every_source_map_a_static_file_names_exists():
    # WhiteNoise's manifest storage refuses a file naming a missing map, and then collectstatic
    # fails and every page answers 500 (it happened with the vendored leaflet.js).
    missing = []
    for folder in ["site/static", *(f"{app}/static" for app in
                                    ("kp_catalogue", "kp_plans", "kp_consultation"))]:
        for path in (ROOT / folder).rglob("*"):
            if path.suffix not in (".js", ".css"):
                continue
            for name in re.findall(r"sourceMappingURL=([^\s*]+)", path.read_text("utf-8", "replace")):
                if not name.startswith("data:") and not (path.parent / name).exists():
                    missing.append(f"{path.relative_to(ROOT)} → {name}")
    assert missing == []
