"""Safe Markdown: rendered with python-markdown, then sanitised with nh3 (allow-list)."""

import markdown
import nh3

ALLOWED_TAGS = {"p", "br", "em", "strong", "ul", "ol", "li", "blockquote", "code", "pre", "a"}


def render_markdown(text: str) -> str:
    html = markdown.markdown(text or "", extensions=["sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener ugc",
    )
