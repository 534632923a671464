from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from core.blocks import BODY_RICH_TEXT_FEATURES, FigureBlock, HeadingBlock


class NoticeBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("Kind"),
        choices=[("info", _("Information")), ("warning", _("Warning")), ("success", _("Success"))],
        default="info",
    )
    text = blocks.RichTextBlock(label=_("Text"), features=["bold", "italic", "link"])

    class Meta:
        icon = "warning"
        template = "portal/blocks/notice.html"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock(label=_("Heading"))
    paragraph = blocks.RichTextBlock(label=_("Paragraph"), features=BODY_RICH_TEXT_FEATURES)
    figure = FigureBlock()
    notice = NoticeBlock()


class PrincipleBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Principle"))
    summary = blocks.TextBlock(label=_("In one sentence"))
    commitments = blocks.ListBlock(
        blocks.CharBlock(label=_("Commitment")), label=_("What the city commits to")
    )

    class Meta:
        icon = "tick"
        template = "portal/blocks/principle.html"


class PartBlock(blocks.StructBlock):
    """One of the five parts of the site, introduced on the home page."""

    title = blocks.CharBlock(label=_("Title"))
    text = blocks.TextBlock(label=_("Text"))
    link_label = blocks.CharBlock(label=_("Link label"))
    link_path = blocks.CharBlock(
        label=_("Link path"),
        help_text=_("Path inside the site, without language prefix, e.g. /register/."),
    )

    class Meta:
        icon = "link"
        template = "portal/blocks/part.html"
