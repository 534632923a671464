"""Real files generated for the workspace tests (nothing binary is committed)."""

import io
import zipfile


def pdf_bytes(pages: list[str]) -> bytes:
    """A PDF with one page per string (WeasyPrint, a project dependency)."""
    from weasyprint import HTML

    # A break before each page but the first: a break after the last would add a blank page.
    body = "".join(
        f'<section style="break-before: {"page" if n else "auto"}"><p>{text}</p></section>'
        for n, text in enumerate(pages)
    )
    return HTML(string=f"<html lang='fr'><body>{body}</body></html>").write_pdf()


def image_only_pdf() -> bytes:
    """A page with a drawn box and no text: what a scan looks like to a text extractor."""
    from weasyprint import HTML

    return HTML(
        string='<html><body><div style="width:300px;height:300px;background:#222"></div></body></html>'
    ).write_pdf()


def encrypted_pdf(text: str = "Secret municipal") -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(pdf_bytes([text]))).pages:
        writer.add_page(page)
    writer.encrypt(user_password="motdepasse", owner_password="proprietaire")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bytes(sections: list[tuple[str, str]], intro: str = "") -> bytes:
    import docx

    document = docx.Document()
    if intro:
        document.add_paragraph(intro)
    for heading, text in sections:
        document.add_heading(heading, level=1)
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def odt_bytes(sections: list[tuple[str, str]]) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.text import H, P

    document = OpenDocumentText()
    for heading, text in sections:
        document.text.addElement(H(outlinelevel=1, text=heading))
        document.text.addElement(P(text=text))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def zip_bomb_docx() -> bytes:
    """A DOCX-shaped zip whose document.xml expands 1,000 times (50 MB of zeros)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (50 * 1024 * 1024))
    return out.getvalue()
