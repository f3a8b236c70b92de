"""The catalogue's middleware, at one import path for sites' ``MIDDLEWARE`` settings.

- ``ProviderAreaMiddleware``: provider accounts reach only their allow-listed admin areas.
- ``CachedResponseMiddleware``: the whole-response cache of the public catalogue.
"""

from kp_catalogue.admin.provider_area import ProviderAreaMiddleware
from kp_catalogue.caching import CachedResponseMiddleware

__all__ = ["CachedResponseMiddleware", "ProviderAreaMiddleware"]
