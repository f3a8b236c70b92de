"""Sharing a cost among municipalities in whole crowns.

Each municipality has a weight: its inhabitants, its declared use of the service, or a fixed
part agreed by the councils. The cost is divided in proportion to the weights and rounded to
whole CZK by the largest-remainder method, so the parts always add up to the cost exactly: a
council's statement must not differ from the provider's budget by a crown of rounding.
"""

from decimal import ROUND_FLOOR, Decimal


def split_cost(cost, weights):
    """``{key: whole crowns}`` for ``weights`` ``{key: number ≥ 0}``, summing to ``cost``.

    The cost is rounded to whole crowns first. Keys with weight 0 get 0; when every weight is 0
    the result is empty (nothing to split by, the caller reports it). Ties in the remainders
    go to the larger weight, then to the key that sorts first, so the result is reproducible.
    """
    total_cost = int(Decimal(cost).quantize(Decimal(1)))
    weights = {key: Decimal(weight) for key, weight in weights.items()}
    if any(weight < 0 for weight in weights.values()):
        raise ValueError("weights must not be negative")
    total_weight = sum(weights.values())
    if not total_weight:
        return {}
    exact = {key: Decimal(total_cost) * weight / total_weight for key, weight in weights.items()}
    parts = {key: int(value.to_integral_value(rounding=ROUND_FLOOR)) for key, value in exact.items()}
    left = total_cost - sum(parts.values())
    order = sorted(weights, key=lambda key: (-(exact[key] - parts[key]), -weights[key], str(key)))
    for key in order[:left]:
        parts[key] += 1
    return parts
