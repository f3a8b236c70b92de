"""One guard for every admin view of the catalogue's provider-owned models.

Every view of a viewset is built by ``ViewSet.construct_view``; wrapping it here means that any
view taking an object id (edit, delete, copy, inspect, usage, history, revisions, preview, lock,
unpublish, workflow actions, chooser "chosen", and any view a later Wagtail adds) is refused for
another organisation's object before the view runs, and listings see only the user's rows.
"""

from functools import wraps

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from wagtail.permissions import policy_registry
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
    SnippetCreateView,
)

from kp_catalogue.accounts.access import provider_ids_for

# URL kwargs and query parameters that name objects of the viewset's model.
OBJECT_KWARGS = ("pk",)
OBJECT_QUERY_PARAMS = ("id",)


def visible_queryset(model, user):
    """All rows of ``model`` the user may see in the admin (own organisations only)."""
    return policy_registry.get_by_type(model).scope(model._default_manager.all(), user)


def guard_view(view, model):
    @wraps(view)
    def guarded(request, *args, **kwargs):
        if provider_ids_for(request.user) is not None:
            wanted = {unquote(str(kwargs[name])) for name in OBJECT_KWARGS if name in kwargs}
            for name in OBJECT_QUERY_PARAMS:
                wanted.update(request.GET.getlist(name))
            if wanted:
                try:
                    found = visible_queryset(model, request.user).filter(pk__in=wanted).count()
                except (ValueError, TypeError) as error:
                    raise Http404 from error
                if found != len(wanted):
                    raise Http404
        return view(request, *args, **kwargs)

    return guarded


class GuardedViewSetMixin:
    """For viewsets of a model with a ``ProviderScopedPolicy``."""

    def construct_view(self, view_class, **kwargs):
        return guard_view(super().construct_view(view_class, **kwargs), self.model)


class ScopedObjectListMixin:
    def get_object_list(self):
        return visible_queryset(self.model_class, self.request.user)


class ScopedChooseView(ScopedObjectListMixin, ChooseView):
    pass


class ScopedChooseResultsView(ScopedObjectListMixin, ChooseResultsView):
    pass


class ScopedChosenView(SnippetChosenView):
    def get_object(self, pk):
        return visible_queryset(self.model_class, self.request.user).get(pk=pk)


class ScopedChosenMultipleView(SnippetChosenMultipleView):
    def get_objects(self, pks):
        return visible_queryset(self.model_class, self.request.user).filter(pk__in=pks)


class NoCreationView(SnippetCreateView):
    """Services and organisations are created in their own admin forms, where the
    organisation is checked; the chooser modal has no such form."""

    def can_create(self):
        return False

    def dispatch(self, request, *args, **kwargs):
        raise PermissionDenied


class ScopedChooserViewSet(GuardedViewSetMixin, SnippetChooserViewSet):
    choose_view_class = ScopedChooseView
    choose_results_view_class = ScopedChooseResultsView
    chosen_view_class = ScopedChosenView
    chosen_multiple_view_class = ScopedChosenMultipleView
    create_view_class = NoCreationView
