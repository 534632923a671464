import pytest
from wagtail.blocks.struct_block import StructBlockValidationError

from observatory.blocks import ChartBlock, ReferenceBlock
from observatory.charts import ChartData, bar_chart, line_chart, parse_csv
from observatory.templatetags.observatory_tags import footnote_calls


def test_csv_parsing_accepts_semicolons_and_french_decimals():
    labels, series = parse_csv("Modèle;Wh\nPetit;0,05\nGrand;3")
    assert labels == ["Petit", "Grand"]
    assert series == [("Wh", [0.05, 3.0])]


def test_bar_chart_is_accessible_svg_with_escaped_text():
    svg = bar_chart(
        ChartData(title="<Risque>", labels=["Élevé", "Minimal"], series=[("Systèmes", [4, 17])])
    )
    assert 'role="img"' in svg and "aria-labelledby" in svg
    assert "<title" in svg and "&lt;Risque&gt;" in svg
    assert "Élevé: 4" in svg  # the description names every figure
    assert "style=" not in svg


def test_line_chart_marks_every_point():
    svg = line_chart(
        ChartData(title="t", labels=["2026-01", "2026-02", "2026-03"], series=[("n", [1, 5, 3])])
    )
    assert svg.count("<circle") == 3 and "<polyline" in svg


def test_chart_block_refuses_non_numeric_data():
    block = ChartBlock()
    value = block.to_python(
        {
            "title": "t",
            "kind": "bar",
            "data": "a;b\nx;not-a-number",
            "unit": "",
            "description": "",
            "source": "",
        }
    )
    with pytest.raises(StructBlockValidationError):
        block.clean(value)


def test_reference_block_validates_the_doi():
    block = ReferenceBlock()
    value = block.to_python(
        {"authors": "A", "title": "T", "container": "", "year": 2020, "doi": "bad", "url": ""}
    )
    with pytest.raises(StructBlockValidationError):
        block.clean(value)


def test_footnote_calls_link_to_their_notes():
    html = footnote_calls("<p>Voir [1] et encore [1], puis [2].</p>")
    assert html.count('href="#fn-1"') == 2 and html.count('id="fnref-1"') == 1
    assert 'id="fnref-2"' in html


def test_data_table_block_renders_an_accessible_table():
    from observatory.blocks import DataTableBlock

    block = DataTableBlock()
    value = block.to_python(
        {
            "caption": "Systèmes par direction",
            "table": {
                "data": [["Direction", "Systèmes"], ["DSIN", "12"]],
                "first_row_is_table_header": True,
                "first_col_is_header": True,
            },
            "source": "Registre",
        }
    )
    html = block.render(value)
    assert "<caption>Systèmes par direction</caption>" in html
    assert '<th scope="col">Direction</th>' in html and '<th scope="row">DSIN</th>' in html
    assert "Registre" in html


def test_chart_block_renders_svg_and_the_same_figures_in_a_table():
    block = ChartBlock()
    value = block.to_python(
        {
            "title": "Énergie",
            "kind": "bar",
            "data": "Modèle;Wh\nPetit;0,05\nGrand;3",
            "unit": "Wh",
            "description": "",
            "source": "",
        }
    )
    html = block.render(value)
    assert 'role="img"' in html and "<caption>Énergie</caption>" in html
    assert '<th scope="row">Petit</th>' in html and "0.05" in html
