from django.db import migrations
from django.utils import timezone


def keep_old_settlements_quiet(apps, schema_editor):
    # Without the checkbox, an e-mail with consent is enough to be told the decision. A person
    # who did not tick it on a consultation settled before this change was never going to hear
    # of it; telling them now, possibly months later, would surprise them.
    Comment = apps.get_model("kp_consultation", "Comment")
    Settlement = apps.get_model("kp_consultation", "Settlement")
    settled = Settlement.objects.values_list("page_id", flat=True)
    Comment.objects.filter(page_id__in=settled, notify_on_settlement=False,
                           settlement_notified_at__isnull=True).update(
        settlement_notified_at=timezone.now())


class Migration(migrations.Migration):

    dependencies = [
        ("kp_consultation", "0004_paragraphs_cosignatures_next_section"),
    ]

    operations = [
        migrations.RunPython(keep_old_settlements_quiet, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="comment",
            name="notify_on_settlement",
        ),
    ]
