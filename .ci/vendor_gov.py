"""Copy the parts of the Gov.cz design system that the public site uses into
site/static/vendor/gov/ (`make vendor` unpacks the npm packages and runs this).

Only what is used is kept, so the payload stays small: the design tokens (colours, spacing,
type scale as CSS custom properties), Roboto in the three weights the site uses with the
Latin and Latin Extended subsets (Czech needs the latter), and a handful of icons.

    python .ci/vendor_gov.py STYLES_DIR FONTS_DIR ICONS_DIR   (each an unpacked npm "package")
"""

import json
import re
import shutil
import sys
from pathlib import Path

TARGET = Path(__file__).resolve().parents[1] / "site" / "static" / "vendor" / "gov"
WEIGHTS = {"400", "500", "700"}
ICONS = ["search.svg", "chevron-right.svg", "geo-alt-fill.svg", "exclamation-triangle-fill.svg"]


def version(package):
    return json.loads((package / "package.json").read_text())["version"]


def fonts(source):
    """The @font-face rules of the kept weights (upright only) and the files they name."""
    css = (source / "lib" / "roboto.css").read_text()
    kept, files = [], []
    for comment, rule in re.findall(r"(/\*[^*]*\*/)\s*(@font-face\s*{[^}]*})", css):
        weight = re.search(r"font-weight:\s*(\d+)", rule).group(1)
        if weight in WEIGHTS and "font-style: normal" in rule:
            kept.append(f"{comment}\n{rule}")
            files += re.findall(r"url\('([^']+)'\)", rule)
    return "\n".join(kept) + "\n", files


def main(styles, fonts_dir, icons):
    styles, fonts_dir, icons = Path(styles), Path(fonts_dir), Path(icons)
    if TARGET.exists():
        shutil.rmtree(TARGET)
    (TARGET / "fonts").mkdir(parents=True)
    (TARGET / "icons").mkdir()
    shutil.copy(styles / "lib" / "tokens.css", TARGET / "tokens.css")
    css, files = fonts(fonts_dir)
    (TARGET / "fonts" / "roboto.css").write_text(css)
    for name in files:
        shutil.copy(fonts_dir / "lib" / name, TARGET / "fonts" / name)
    for name in ICONS:
        shutil.copy(icons / "lib" / "components" / name, TARGET / "icons" / name)
    (TARGET / "VERSIONS.md").write_text(
        "# Gov.cz design system (vendored parts)\n\n"
        "Made by `make vendor` (`.ci/vendor_gov.py`); do not edit by hand.\n\n"
        f"- `@gov-design-system-ce/styles` {version(styles)}: `tokens.css`\n"
        f"- `@gov-design-system-ce/fonts` {version(fonts_dir)}: `fonts/` (Roboto 400, 500, 700; "
        "Latin and Latin Extended)\n"
        f"- `@gov-design-system-ce/icons` {version(icons)}: `icons/` ({', '.join(ICONS)})\n\n"
        "Licence: EUPL-1.2 (the packages' `license` field), see `LICENCE.md`. Copyright (c) "
        "2020–2025 Digitální a informační agentura. Roboto itself is under the Apache "
        "License 2.0.\n"
    )
    (TARGET / "LICENCE.md").write_text(
        "The files in this folder come from the npm packages `@gov-design-system-ce/styles`, "
        "`@gov-design-system-ce/fonts` and `@gov-design-system-ce/icons` of the Gov.cz design "
        "system by Digitální a informační agentura, published under the European Union Public "
        "Licence v. 1.2 (SPDX: EUPL-1.2; text: "
        "https://interoperable-europe.ec.europa.eu/collection/eupl/eupl-text-eupl-12). "
        "They are used unchanged; the fonts' CSS keeps only the rules of the weights the site "
        "uses. The Roboto font files are by Google under the Apache License 2.0.\n"
    )
    print(f"{TARGET}: {sum(f.stat().st_size for f in TARGET.rglob('*') if f.is_file())} bytes")


if __name__ == "__main__":
    main(*sys.argv[1:4])
