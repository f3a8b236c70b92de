"""Saving imported objects in bulk while keeping what Wagtail's one-by-one save gives: a revision
per object (when the model keeps revisions), the published state (when it has drafts), a log
entry naming the importing editor, and the search index.

These functions ask the model what it is rather than assuming, so they keep working when a
model gains revisions or drafts later (providers are about to).
"""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, F, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from modelsearch.backends import get_search_backends
from wagtail.models import DraftStateMixin, ModelLogEntry, Revision, RevisionMixin

from kp_catalogue.caching import invalidate

IMPORT_ACTION = "kp_catalogue.import"
BATCH = 500


def newest_revision(model, content_type):
    return Subquery(
        Revision.objects.filter(content_type=content_type,
                                object_id=Cast(OuterRef("pk"), CharField()))
        .order_by("-pk").values("pk")[:1]
    )


def store(model, new_objects, changed_objects, fields):
    """Insert the new rows and update the given fields of the changed ones."""
    now = timezone.now()
    for obj in changed_objects:
        if hasattr(obj, "updated_at"):
            obj.updated_at = now
    if new_objects:
        model.objects.bulk_create(new_objects, batch_size=BATCH)
    fields = set(fields)
    if changed_objects and hasattr(model, "updated_at"):
        fields.add("updated_at")
    if changed_objects and fields:
        model.objects.bulk_update(changed_objects, sorted(fields), batch_size=BATCH)
    # Bulk writes send no signals: the cached public catalogue must be dropped by hand.
    invalidate()


def record_publication(model, objects, user, results, source):
    """Revisions, live state, log entries and search index of objects already stored.

    ``results`` maps each object's pk to "new" or "update" (for the log)."""
    if not objects:
        return
    now = timezone.now()
    content_type = ContentType.objects.get_for_model(model)
    revisions = {}
    if issubclass(model, RevisionMixin):
        base_content_type = objects[0].get_base_content_type()
        built = [
            Revision(content_type=content_type, base_content_type=base_content_type,
                     object_id=str(obj.pk), user=user, created_at=now, object_str=str(obj),
                     content=obj.serializable_data())
            for obj in objects
        ]
        Revision.objects.bulk_create(built, batch_size=BATCH)
        revisions = {int(revision.object_id): revision for revision in built}
        for obj in objects:
            obj.latest_revision = revisions[obj.pk]
        updates = {"latest_revision_id": newest_revision(model, content_type)}
        if issubclass(model, DraftStateMixin):
            for obj in objects:
                obj.live, obj.has_unpublished_changes, obj.expired = True, False, False
                obj.live_revision = revisions[obj.pk]
                obj.first_published_at = obj.first_published_at or now
                obj.last_published_at = now
            updates.update(live=True, has_unpublished_changes=False, expired=False,
                           live_revision_id=newest_revision(model, content_type),
                           last_published_at=now,
                           first_published_at=Coalesce(F("first_published_at"), Value(now)))
        # One UPDATE per batch instead of bulk_update's CASE per row and field.
        pks = [obj.pk for obj in objects]
        for start in range(0, len(pks), BATCH):
            model.objects.filter(pk__in=pks[start:start + BATCH]).update(**updates)
    action_uuid = uuid.uuid4()
    entries = []
    for obj in objects:
        common = {"content_type": content_type, "label": str(obj)[:255], "timestamp": now,
                  "user": user, "object_id": str(obj.pk), "revision": revisions.get(obj.pk),
                  "uuid": action_uuid, "content_changed": True}
        entries.append(ModelLogEntry(action=IMPORT_ACTION,
                                     data={"source": source, "result": results[obj.pk]},
                                     **common))
        if issubclass(model, DraftStateMixin):
            entries.append(ModelLogEntry(action="wagtail.publish", data={}, **common))
    ModelLogEntry.objects.bulk_create(entries, batch_size=BATCH)
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(model, objects)
    invalidate()
