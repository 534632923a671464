from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock


class FigureBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        help_text=_("Describe what the image shows for people who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False)

    class Meta:
        icon = "image"
        template = "portal/blocks/figure.html"


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
    heading = blocks.CharBlock(
        label=_("Heading"), form_classname="title", template="portal/blocks/heading.html"
    )
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        features=["h3", "h4", "bold", "italic", "link", "ol", "ul", "document-link"],
    )
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
