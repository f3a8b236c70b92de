"""Demo content of the VM+K microregion, built by ``manage.py load_demo``.

Each module in STEPS has ``load(home, out)``; a step finds what an earlier run made (by slug or
natural key) and leaves it alone, so the command can run any number of times. Later features add
their own module here.
"""

STEPS = [
    "kpsite.base.demo.pages",
    "kpsite.base.demo.catalogue",
    "kpsite.base.demo.structured",
    "kpsite.base.demo.search",
    "kpsite.base.demo.plans",
    "kpsite.base.demo.coverage",
    "kpsite.base.demo.consultation",
    "kpsite.base.demo.follow",
    "kpsite.base.demo.ideas",
    "kpsite.base.demo.network",
    "kpsite.base.demo.home",
]
