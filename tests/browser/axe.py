"""Run axe-core in a Playwright page and fail on any WCAG 2.1 A/AA violation.

axe-core's JavaScript comes from the axe-playwright-python package (installed from PyPI),
so no CDN is involved; the page's CSP is bypassed only for this injected script.
"""

from pathlib import Path

import axe_playwright_python

AXE_JS = Path(axe_playwright_python.__file__).with_name("axe.min.js").read_text()
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page, tags=WCAG_TAGS):
    page.evaluate(AXE_JS)
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        tags,
    )
    return result["violations"]


def format_violations(violations):
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {node['target']}: {node.get('failureSummary', '')[:200]}")
    return "\n".join(lines)


def assert_no_axe_violations(page, tags=WCAG_TAGS):
    violations = axe_violations(page, tags)
    assert not violations, "axe-core found violations:\n" + format_violations(violations)
