"""Copy the parts of the Gov.cz design system that the public site uses into
site/static/vendor/gov/ (`make vendor` unpacks the npm packages and runs this).

Only what is used is kept, so the payload stays small: the design tokens (colours, spacing,
type scale as CSS custom properties), Roboto in the three weights the site uses with the
Latin and Latin Extended subsets (Czech needs the latter), a handful of icons, and the
component styles of the plain-HTML variant (`lib/html/components/`) in one `components.css`.

The component styles are filtered and aliased (see `components()`):

- kept: only the components in COMPONENTS, only class selectors (the web-component element
  selectors such as `gov-button` need the system's JavaScript), only the default size `m`
  and the colours and types in KEEP_VARIANTS (gov-button.css alone is 173 kB; most of it
  is sizes xs-xl, five unused colours, loading states and icon slots);
- aliased: the plain-HTML variant selects variants with data attributes
  (`.gov-button[data-type=solid][data-color=primary]`), which is valid HTML and does not
  clash with `<button type="submit">` (the web-component CSS uses `[type=solid]`). Each rule
  that styles a component also names the site's own classes listed in ALIASES, so
  `.button`, `.card`, `.notice`, the consultation's flash messages and the plugin's form
  labels and error messages take the system's look without template changes. An alias for
  a variant replaces the whole compound (class and data attributes) and is given the same
  specificity with `:not([data-x])`, so it wins and loses against the base rules exactly as
  the system's own selector does. Only a selector that starts with the component is
  aliased (`.gov-pagination .is-active .gov-button` stays the system's own).

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
COMPONENTS = [
    "button", "card", "message", "breadcrumbs", "pagination", "form-label", "form-message",
]
# Attribute selectors whose rules are dropped: sizes other than the default, colours and
# types no page uses, states the site never sets (loading, icons, expanded, ...).
DROP = re.compile(
    r"\[data-size=(?:xs|s|l|xl)\]|\[data-color=(?:secondary|neutral)\]|\[loading"
    r"|\[data-type=(?:link|base)\]|\[icon-|gov-icon|\.gov-icon|\[data-expanded|\[data-collapsible"
    r"|\[data-direction|\.gov-pagination__item--select|\[slot=(?:prefix|sufix)\]"
)
# A type selector of a web component (gov-button, also the package's own `gov-card__img`).
ELEMENT = re.compile(r"(?:^|[\s>+~(,])gov-[a-z]")
# (the system's compound selector, the site's selectors that take its look), first match wins.
ALIASES = [
    (".gov-button[data-type=solid][data-color=primary]",
     [".button", "main form button[type=submit]"]),
    (".gov-button[data-type=outlined][data-color=primary]",
     [".button--secondary", ".kpc-disclosure > summary"]),
    (".gov-button", [".button", "main form button[type=submit]", ".button--secondary",
                     ".kpc-disclosure > summary"]),
    (".gov-card", [".card"]),
    (".gov-message[data-color=primary][data-type=subtle]", [".notice"]),
    (".gov-message[data-color=warning][data-type=subtle]", [".notice.notice--warning"]),
    (".gov-message[data-color=error][data-type=subtle]", [".notice.notice--error", ".kpc-flash--error"]),
    (".gov-message[data-color=success][data-type=subtle]", [".notice.notice--success", ".kpc-flash--success"]),
    (".gov-message", [".notice", ".kpc-flash"]),
    (".gov-form-label[data-size=m]", [".form__field > label", ".kpc-field > label"]),
    (".gov-form-label", [".form__field > label", ".kpc-field > label"]),
    (".gov-form-message[data-color=error]", [".form__error", ".kpc-field__errors"]),
    (".gov-form-message[data-size=m]", [".form__error", ".kpc-field__errors", ".form__help", ".kpc-field__help"]),
    (".gov-form-message", [".form__error", ".kpc-field__errors", ".form__help", ".kpc-field__help"]),
]
# Right after an aliased compound: not part of a longer class name, and not a further variant
# attribute of the same component (those rules belong to another variant).
AFTER = r"(?![\w-]|\[data-(?:type|color|size)=)"


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


def split_top(text, separator):
    """Split at `separator` outside brackets, parentheses and quotes."""
    parts, depth, quote, start = [], 0, None, 0
    for index, char in enumerate(text):
        if quote:
            quote = None if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == separator and depth == 0:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return parts


def blocks(css):
    """(prelude, body) of each top-level rule of minified CSS; an @media body stays raw."""
    out, depth, quote, start, prelude = [], 0, None, 0, ""
    for index, char in enumerate(css):
        if quote:
            quote = None if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == "{":
            if depth == 0:
                prelude, start = css[start:index].strip(), index + 1
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                out.append((prelude, css[start:index]))
                start = index + 1
    return out


def aliases(selector):
    """The site's selectors that stand for `selector` (see ALIASES)."""
    for compound, site in ALIASES:
        match = re.match(r"([a-z]*)" + re.escape(compound) + AFTER, selector)
        if match:
            tag, rest = match.group(1), selector[match.end():]
            extra = "".join(f":not([{name}])" for name in re.findall(r"\[([\w-]+)=", compound))
            return [tag + s + extra + rest for s in site if not tag or s.startswith(".")]
    return []


def keep_rule(prelude):
    """The prelude with dropped selectors removed and the site's aliases added ('' if none)."""
    kept = []
    for selector in (part.strip() for part in split_top(prelude, ",")):
        if not selector.startswith(".gov-") and not re.match(r"[a-z]+\.gov-", selector):
            continue
        if ELEMENT.search(selector) or DROP.search(selector):
            continue
        kept += [selector, *aliases(selector)]
    return ",".join(dict.fromkeys(kept))


def filter_css(css):
    out = []
    for prelude, body in blocks(css):
        if prelude.startswith("@media"):
            inner = filter_css(body)
            if inner:
                out.append(f"{prelude}{{{inner}}}")
        elif not prelude.startswith("@"):
            selectors = keep_rule(prelude)
            if selectors:
                out.append(f"{selectors}{{{body}}}")
    return "".join(out)


def components(styles):
    """The filtered, aliased component styles of the plain-HTML variant, one file."""
    parts = []
    for name in COMPONENTS:
        css = (styles / "lib" / "html" / "components" / f"gov-{name}.css").read_text()
        parts.append(f"/* gov-{name}.css (filtered, aliased) */\n{filter_css(css)}\n")
    return "".join(parts)


def main(styles, fonts_dir, icons):
    styles, fonts_dir, icons = Path(styles), Path(fonts_dir), Path(icons)
    if TARGET.exists():
        shutil.rmtree(TARGET)
    (TARGET / "fonts").mkdir(parents=True)
    (TARGET / "icons").mkdir()
    shutil.copy(styles / "lib" / "tokens.css", TARGET / "tokens.css")
    (TARGET / "components.css").write_text(components(styles))
    css, files = fonts(fonts_dir)
    (TARGET / "fonts" / "roboto.css").write_text(css)
    for name in files:
        shutil.copy(fonts_dir / "lib" / name, TARGET / "fonts" / name)
    for name in ICONS:
        shutil.copy(icons / "lib" / "components" / name, TARGET / "icons" / name)
    (TARGET / "VERSIONS.md").write_text(
        "# Gov.cz design system (vendored parts)\n\n"
        "Made by `make vendor` (`.ci/vendor_gov.py`); do not edit by hand.\n\n"
        f"- `@gov-design-system-ce/styles` {version(styles)}: `tokens.css`; `components.css` "
        "from the plain-HTML variant `lib/html/components/` ("
        + ", ".join(f"gov-{name}.css" for name in COMPONENTS)
        + "), default size only, unused colours and states left out, with the site's class "
        "names added as aliases (see the script's docstring and docs/theming.md)\n"
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
        "`tokens.css` and the icons are used unchanged; the fonts' CSS keeps only the rules of "
        "the weights the site uses; `components.css` is a modified work (EUPL-1.2 Art. 2): "
        "rules of unused sizes, colours and states are removed and the site's class names are "
        "added to the selectors, the declarations are unchanged. The Roboto font files are by "
        "Google under the Apache License 2.0.\n"
    )
    print(f"{TARGET}: {sum(f.stat().st_size for f in TARGET.rglob('*') if f.is_file())} bytes")


if __name__ == "__main__":
    main(*sys.argv[1:4])
