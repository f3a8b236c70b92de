"""Which catalogue target groups and which age band stand behind each of the plan's target
groups. The plan speaks of its six working groups; the catalogue uses the register's finer
list; coverage needs both to meet. A site may replace the map with the setting
``KP_PLANS_COVERAGE_GROUPS``: ``{plan group: {"codes": [catalogue codes], "band": AgeBand}}``."""

from django.conf import settings

from kp_plans.choices import TargetGroup
from kp_plans.models.population import AgeBand

DEFAULT_GROUPS = {
    TargetGroup.SENIORS: {"codes": ["24", "30", "27"], "band": AgeBand.SENIORS},
    TargetGroup.DISABLED: {"codes": ["zdravotni-postizeni", "dusevni-zdravi"],
                           "band": AgeBand.TOTAL},
    TargetGroup.FAMILIES: {"codes": ["rodiny-deti-mladez"], "band": AgeBand.CHILDREN},
    TargetGroup.CRISIS: {"codes": ["krize-nouze"], "band": AgeBand.TOTAL},
    TargetGroup.ADDICTION: {"codes": ["zavislosti"], "band": AgeBand.WORKING},
}


def coverage_groups():
    """``[(plan group value, label, catalogue codes, AgeBand)]`` in the plan's order."""
    groups = getattr(settings, "KP_PLANS_COVERAGE_GROUPS", DEFAULT_GROUPS)
    return [(value, TargetGroup(value).label, list(groups[value]["codes"]),
             AgeBand(groups[value]["band"]))
            for value in TargetGroup.values if value in groups]
