"""Text as people typed it, without the bytes nobody sees: line endings and trailing spaces.

A browser sends a textarea's line breaks as ``\\r\\n``; seeds, imports and the API send ``\\n``.
Saved as they come, the same words would differ byte for byte, and a public diff would show a
change nobody made. Every model holding user-written text normalises it on save
(`NormalisedTextModel`), and every comparison of texts compares normalised text.
"""

from django.db import models


def text_normalise(value):
    """``\\r\\n`` and ``\\r`` become ``\\n``; spaces at the end of each line and at the end of the
    text go. Anything that is not a string (None, numbers) comes back unchanged."""
    if not isinstance(value, str):
        return value
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).rstrip()


def text_field_names(model) -> list[str]:
    """The concrete, editable CharField/TextField columns of `model` that hold free text (fields
    with choices are codes, not text)."""
    return [
        f.attname
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField) and f.editable and not f.choices
    ]


def text_fields_normalise(instance) -> None:
    """Normalise, in place, every free-text field of a model instance."""
    for name in text_field_names(type(instance)):
        value = getattr(instance, name)
        normalised = text_normalise(value)
        if normalised is not value:
            setattr(instance, name, normalised)


class NormalisedTextModel(models.Model):
    """Base of a model whose text fields are saved normalised (see `text_normalise`)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        text_fields_normalise(self)
        super().save(*args, **kwargs)
