"""Schemathesis against our own API routes, in process, on the demo's real ids.

The engine runs the same phases as its command line (examples, coverage, fuzzing, stateful),
bounded (8 examples per operation, 20 stateful steps, a fixed seed) so the test stays within
two minutes (about one on a laptop), and every check it knows must pass: no server error,
status codes, content types and bodies as documented, schema-valid input accepted and invalid
input refused, authentication as documented. The routes
are the plugin's own (catalogue, HSDS, consultations); Wagtail's stock routes are covered by
tests/site/test_input_ranges.py and Wagtail's own tests.
"""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, events, from_schema

from kp_catalogue.models import Provider, Service
from kp_plans.models import PlanDraftPage

OUR_ROUTES = r"^/api/v3/(catalogue|hsds|consultations)/"
CONFIG = """
seed = 1
[checks]
enabled = true
[generation]
max-examples = 8
[phases.examples]
enabled = true
[phases.coverage]
enabled = true
[phases.fuzzing]
enabled = true
[phases.stateful]
enabled = true
max-steps = 20
"""


def describe(case):
    return f"{case.method} {case.formatted_path} query={case.query} body={case.body!r}"[:300]


def failures_of(event):
    found = []
    for case_id, checks in event.recorder.checks.items():
        for check in checks:
            if check.status == Status.FAILURE:
                case = event.recorder.cases.get(case_id)
                found.append((event.phase, event.label, check.name,
                              str(check.failure_info.failure)[:500] if check.failure_info
                              else "", describe(case.value) if case else ""))
    return found


@pytest.mark.django_db(transaction=True)
def test_schemathesis_finds_no_failure(settings, demo_db):
    settings.ALLOWED_HOSTS = ["*"]
    draft = PlanDraftPage.objects.live().first()
    service = Service.objects.filter(live=True).first()
    provider = Provider.objects.first()
    config = SchemathesisConfig.from_str(CONFIG)
    schema = schemathesis.openapi.from_wsgi("/api/v3/openapi.json", WSGIHandler(),
                                            config=config)
    schema = schema.include(path_regex=OUR_ROUTES)
    schema.config.update(parameters={"page_id": draft.pk, "service_id": service.pk,
                                     "provider_id": provider.pk,
                                     "organization_id": str(provider.pk)})
    failures, errors, phases, calls = [], [], {}, 0
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            if event.status != Status.SKIP:
                phases[str(event.phase.value)] = phases.get(str(event.phase.value), 0) + 1
            calls += len(event.recorder.interactions)
            failures.extend(failures_of(event))
        elif isinstance(event, (events.NonFatalError, events.FatalError)):
            errors.append(str(getattr(event, "info", event))[:500])
    assert errors == []
    summary = sorted({(str(f[1]), str(f[2]), f[3][:160], f[4]) for f in failures})
    assert summary == []
    # The run really tried the routes in each phase (the document has no examples of its own,
    # so the examples phase has nothing to send).
    assert {"coverage", "fuzzing", "stateful"} <= set(phases), phases
    assert calls > 500
