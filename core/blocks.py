"""StreamField blocks shared by every app's pages: figures and headings, one template each.

Apps put these in their own StreamBlocks; each block renders through one template under
`core/templates/core/blocks/`, so a figure or a heading looks and reads the same on every page.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

# Rich text of a page body: subheadings, emphasis, links and lists, nothing that breaks the layout.
BODY_RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "link", "ol", "ul", "document-link"]


class FigureBlock(blocks.StructBlock):
    """An image with required alternative text, an optional caption and credit."""

    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        help_text=_("Describe what the image shows for people who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False)
    credit = blocks.CharBlock(label=_("Credit"), required=False)

    class Meta:
        icon = "image"
        template = "core/blocks/figure.html"


class HeadingBlock(blocks.CharBlock):
    """A section heading (h2): the text alone."""

    class Meta:
        icon = "title"
        form_classname = "title"
        template = "core/blocks/heading.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context.update(text=value, level="h2")
        return context


class LevelHeadingBlock(blocks.StructBlock):
    """A heading whose level the editor picks: section (h2) or subsection (h3)."""

    text = blocks.CharBlock(label=_("Heading"))
    level = blocks.ChoiceBlock(
        label=_("Level"), choices=[("h2", _("Section")), ("h3", _("Subsection"))], default="h2"
    )

    class Meta:
        icon = "title"
        template = "core/blocks/heading.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context.update(text=value.get("text"), level="h3" if value.get("level") == "h3" else "h2")
        return context
