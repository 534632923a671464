"""StreamField blocks of the observatory's publications."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from core.blocks import FigureBlock, LevelHeadingBlock
from observatory import charts
from observatory.indicators import FIGURES
from observatory.validators import validate_doi

RICH_FEATURES = ["bold", "italic", "link", "ol", "ul", "superscript", "document-link"]


class DataTableBlock(blocks.StructBlock):
    caption = blocks.CharBlock(label=_("Caption"))
    table = TableBlock(label=_("Table"))
    source = blocks.CharBlock(label=_("Source"), required=False)

    class Meta:
        icon = "table"
        template = "observatory/blocks/data_table.html"


class ChartBlock(blocks.StructBlock):
    """A chart drawn from tabular data: the readers get an SVG and the same figures in a table."""

    title = blocks.CharBlock(label=_("Title"))
    kind = blocks.ChoiceBlock(
        label=_("Kind"),
        choices=[("bar", _("Horizontal bars")), ("line", _("Line (time series)"))],
        default="bar",
    )
    data = blocks.TextBlock(
        label=_("Data (CSV)"),
        help_text=_(
            "First row: column headers; first column: labels; other columns: numbers. "
            "Separate with commas or semicolons."
        ),
    )
    unit = blocks.CharBlock(label=_("Unit"), required=False)
    description = blocks.CharBlock(
        label=_("What the chart shows"), required=False, help_text=_("One sentence, read aloud.")
    )
    source = blocks.CharBlock(label=_("Source"), required=False)

    def clean(self, value):
        value = super().clean(value)
        error = charts.validate_csv(value.get("data"))
        if error:
            raise StructBlockValidationError(block_errors={"data": ValidationError(error)})
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        labels, series = charts.parse_csv(value.get("data"))
        header = (value.get("data") or "").strip().splitlines()[0] if labels else ""
        label_header = header.split(";" if ";" in header else ",")[0] if header else ""
        chart = charts.ChartData(
            title=value.get("title"),
            labels=labels,
            series=series,
            unit=value.get("unit") or "",
            description=value.get("description") or "",
            extra={"label_header": label_header},
        )
        context["chart"] = chart
        context["svg"] = charts.render(chart, value.get("kind"))
        return context

    class Meta:
        icon = "table"
        template = "observatory/blocks/chart.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False)

    class Meta:
        icon = "openquote"
        template = "observatory/blocks/quote.html"


class ReferenceBlock(blocks.StructBlock):
    authors = blocks.CharBlock(label=_("Authors"))
    title = blocks.CharBlock(label=_("Title"))
    container = blocks.CharBlock(
        label=_("Journal, book or publisher"), required=False, help_text=_("Where it appeared.")
    )
    year = blocks.IntegerBlock(label=_("Year"), min_value=1800, max_value=2200)
    doi = blocks.CharBlock(
        label=_("DOI"), required=False, help_text=_("e.g. 10.1145/3442188.3445922")
    )
    url = blocks.URLBlock(label=_("URL"), required=False)

    def clean(self, value):
        value = super().clean(value)
        try:
            validate_doi(value.get("doi"))
        except ValidationError as error:
            raise StructBlockValidationError(block_errors={"doi": error}) from error
        return value

    class Meta:
        icon = "doc-full"


class ReferencesBlock(blocks.StructBlock):
    references = blocks.ListBlock(ReferenceBlock(), label=_("References"))

    class Meta:
        icon = "list-ol"
        template = "observatory/blocks/references.html"
        label = _("References")


class FootnotesBlock(blocks.StructBlock):
    """Notes called in the text as [1], [2]…: each call links to its note and back."""

    notes = blocks.ListBlock(
        blocks.RichTextBlock(features=["bold", "italic", "link"]), label=_("Notes")
    )

    class Meta:
        icon = "list-ol"
        template = "observatory/blocks/footnotes.html"
        label = _("Footnotes")


class IndicatorBlock(blocks.StructBlock):
    """A live figure from the indicators: it updates when the data does."""

    figure = blocks.ChoiceBlock(
        label=_("Figure"), choices=[(key, label) for key, (label, _unit) in FIGURES.items()]
    )
    comment = blocks.CharBlock(label=_("Comment"), required=False)

    def get_context(self, value, parent_context=None):
        from observatory.indicators import figure_display, indicators_current

        context = super().get_context(value, parent_context)
        data = (parent_context or {}).get("indicators") or indicators_current()
        context["figure"] = figure_display(data, value.get("figure"))
        context["computed_at"] = data.get("computed_at")
        return context

    class Meta:
        icon = "pick"
        template = "observatory/blocks/indicator.html"


class TestimonyBlock(blocks.StructBlock):
    """Cite a published resident testimony."""

    testimony = SnippetChooserBlock("observatory.Testimony", label=_("Testimony"))

    class Meta:
        icon = "openquote"
        template = "observatory/blocks/testimony.html"


class AnalysisBodyBlock(blocks.StreamBlock):
    heading = LevelHeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"), features=RICH_FEATURES, template="observatory/blocks/paragraph.html"
    )
    figure = FigureBlock()
    data_table = DataTableBlock(label=_("Data table"))
    chart = ChartBlock(label=_("Chart"))
    quote = QuoteBlock()
    footnotes = FootnotesBlock()
    references = ReferencesBlock()
    indicator = IndicatorBlock(label=_("Live indicator"))
    testimony = TestimonyBlock(label=_("Resident testimony"))
