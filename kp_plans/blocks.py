"""StreamField blocks of the plans: text, priorities with measures, draft sections with stable
anchors, conference programme, materials; their validation keeps anchors unique."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from kp_plans.anchors import (
    ANCHOR_MAX_LENGTH,
    assign_missing_anchors,
    duplicate_anchor_indexes,
    validate_anchor,
)
from kp_plans.choices import PriorityKind, TargetGroup

TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"]


class TextBlock(blocks.StreamBlock):
    """Text of the plan's chapters (analysis, strategy)."""

    paragraph = blocks.RichTextBlock(label=_("Text"), features=TEXT_FEATURES)
    document = DocumentChooserBlock(label=_("Document"), template="kp_plans/blocks/document.html")


class MeasureBlock(blocks.StructBlock):
    number = blocks.IntegerBlock(
        label=_("Measure number"), min_value=1,
        help_text=_("With the priority number it makes the code, e.g. 2.3."),
    )
    title = blocks.CharBlock(label=_("Title"), max_length=255)
    description = blocks.TextBlock(label=_("Description"), required=False)
    target_groups = blocks.MultipleChoiceBlock(
        label=_("Target groups"), choices=TargetGroup.choices, required=False,
    )
    responsible = blocks.CharBlock(label=_("Responsible body"), required=False, max_length=255)
    partners = blocks.CharBlock(label=_("Partners"), required=False, max_length=500)
    funding_sources = blocks.CharBlock(label=_("Funding sources"), required=False, max_length=500)
    estimated_cost = blocks.DecimalBlock(
        label=_("Estimated cost (CZK)"), required=False, min_value=0, max_digits=14,
        decimal_places=2,
    )
    indicators = blocks.ListBlock(
        blocks.CharBlock(label=_("Indicator"), max_length=255), label=_("Indicators"),
        default=[],
    )
    start_year = blocks.IntegerBlock(label=_("From year"), required=False, min_value=2000, max_value=2100)
    end_year = blocks.IntegerBlock(label=_("To year"), required=False, min_value=2000, max_value=2100)
    related_services = blocks.ListBlock(
        SnippetChooserBlock("kp_catalogue.Service"), label=_("Related catalogue services"),
        default=[],
    )
    municipalities = blocks.ListBlock(
        SnippetChooserBlock("kp_catalogue.Municipality"), label=_("Municipalities aimed at"),
        default=[], help_text=_("The municipalities whose gap the measure addresses; the "
                                "coverage page links their gaps to it. Empty: the whole area."),
    )

    class Meta:
        icon = "tick"
        label = _("Measure")

    def clean(self, value):
        value = super().clean(value)
        start, end = value.get("start_year"), value.get("end_year")
        if start and end and end < start:
            raise StructBlockValidationError(
                block_errors={"end_year": ValidationError(_("The measure cannot end before it starts."))}
            )
        return value


class PriorityBlock(blocks.StructBlock):
    number = blocks.IntegerBlock(label=_("Priority number"), min_value=1)
    kind = blocks.ChoiceBlock(label=_("Kind"), choices=PriorityKind.choices, default=PriorityKind.GROUP)
    title = blocks.CharBlock(label=_("Title"), max_length=255)
    description = blocks.TextBlock(label=_("Description"), required=False)
    measures = blocks.ListBlock(MeasureBlock(), label=_("Measures"), default=[])

    class Meta:
        icon = "list-ol"
        label = _("Priority")

    def clean(self, value):
        value = super().clean(value)
        numbers = [measure["number"] for measure in value["measures"]]
        duplicates = {n for n in numbers if numbers.count(n) > 1}
        if duplicates:
            raise StructBlockValidationError(block_errors={"measures": ValidationError(
                _("Measure numbers must be unique within a priority: %(numbers)s")
                % {"numbers": ", ".join(str(n) for n in sorted(duplicates))}
            )})
        return value


class PrioritiesBlock(blocks.StreamBlock):
    priority = PriorityBlock()

    def clean(self, value):
        value = super().clean(value)
        numbers = [child.value["number"] for child in value]
        errors = {
            index: ValidationError(_("Another priority already has number %(number)s.")
                                   % {"number": number})
            for index, number in enumerate(numbers) if numbers.index(number) != index
        }
        if errors:
            raise StreamBlockValidationError(block_errors=errors)
        return value


class DraftSectionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=255)
    anchor = blocks.CharBlock(
        label=_("Anchor"), required=False, max_length=ANCHOR_MAX_LENGTH,
        validators=[validate_anchor],
        help_text=_("Filled in automatically from the title when the section is first saved. "
                    "Comments refer to it: do not change it once the draft is published."),
    )
    body = blocks.RichTextBlock(label=_("Text"), features=TEXT_FEATURES)

    class Meta:
        icon = "doc-full"
        label = _("Section")


class DraftSectionsBlock(blocks.StreamBlock):
    section = DraftSectionBlock()

    def clean(self, value):
        value = super().clean(value)
        assign_missing_anchors(value)
        duplicates = duplicate_anchor_indexes([child.value["anchor"] for child in value])
        if duplicates:
            raise StreamBlockValidationError(block_errors={
                index: StructBlockValidationError(block_errors={"anchor": ValidationError(
                    _("Another section of this draft already uses this anchor."))})
                for index in duplicates
            })
        return value


class TalkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Talk"), max_length=255)
    speaker = blocks.CharBlock(label=_("Speaker"), required=False, max_length=255)
    affiliation = blocks.CharBlock(label=_("Affiliation"), required=False, max_length=255)
    bio = blocks.TextBlock(label=_("Short bio"), required=False)

    class Meta:
        icon = "user"
        label = _("Talk")


class ProgrammeSlotBlock(blocks.StructBlock):
    start = blocks.TimeBlock(label=_("Start"))
    end = blocks.TimeBlock(label=_("End"), required=False)
    title = blocks.CharBlock(label=_("Title"), max_length=255)
    talks = blocks.ListBlock(TalkBlock(), label=_("Talks"), default=[])

    class Meta:
        icon = "time"
        label = _("Time slot")


class ProgrammeBlock(blocks.StreamBlock):
    slot = ProgrammeSlotBlock()


class MaterialsBlock(blocks.StreamBlock):
    document = DocumentChooserBlock(label=_("Document"), template="kp_plans/blocks/document.html")
    link = blocks.StructBlock(
        [("title", blocks.CharBlock(label=_("Link text"))), ("url", blocks.URLBlock(label=_("Address")))],
        label=_("Link"), template="kp_plans/blocks/link.html",
    )
