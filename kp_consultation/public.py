"""What the public pages show, loaded once per page and request whatever number of sections."""

from collections import Counter

from .models import Comment, Role, Status

PUBLIC_FIELDS = ["id", "page_id", "section", "paragraph", "text", "author_name", "organisation", "role",
                 "municipality", "channel", "status", "moderation_reason", "created_at",
                 "decision", "decision_reason", "responsible_group", "next_section",
                 "next_draft_link"]


def public_comments(page):
    """Published comments and rejected placeholders of the page, memoised on the page object."""
    cached = getattr(page, "_kp_public_comments", None)
    if cached is None:
        cached = list(Comment.objects.public().filter(page_id=page.pk).only(*PUBLIC_FIELDS)
                      .annotate_cosignatures())
        page._kp_public_comments = cached
    return cached


def comments_in(page, section):
    return [c for c in public_comments(page) if c.section == (section or "")]


def summary(page):
    published = [c for c in public_comments(page) if c.status == Status.PUBLISHED]
    by_role = Counter(c.role for c in published)
    by_section = Counter(c.section for c in published)
    sections = page.consultation_sections()
    return {
        "published": len(published),
        "by_role": [(label, by_role.get(code, 0)) for code, label in Role.choices],
        "whole": by_section.get("", 0),
        "by_section": [(s, by_section.get(s.anchor, 0)) for s in sections],
    }


def pending_count(page):
    return Comment.objects.filter(page_id=page.pk, status=Status.PENDING).count()
