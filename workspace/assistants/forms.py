"""Forms of the assistants' pages: the input (by the assistant's input kind), edit, rating."""

from django import forms
from django.utils.translation import gettext_lazy as _

from workspace.models import InputKind, Rating, TaskKind

from .services import MAX_INPUT_CHARS


class RunForm(forms.Form):
    """Fields depend on the assistant: text, a document (or pasted text), or a collection."""

    text = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=MAX_INPUT_CHARS,
        widget=forms.Textarea(attrs={"rows": 10, "dir": "auto"}),
    )

    def __init__(self, *args, assistant, documents=(), collections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.assistant = assistant
        kind = assistant.input_kind
        if kind == InputKind.DOCUMENT:
            self.fields["document"] = forms.TypedChoiceField(
                label=_("Document"),
                required=False,
                coerce=int,
                empty_value=None,
                choices=[("", _("— paste a text instead —"))] + [(d.pk, str(d)) for d in documents],
            )
            self.fields["text"].label = _("Or paste a text")
            self.order_fields(["document", "text"])
        elif kind == InputKind.COLLECTION:
            self.fields["collection"] = forms.TypedChoiceField(
                label=_("Collection"),
                coerce=int,
                choices=[(c.pk, str(c)) for c in collections],
            )
            self.fields["text"].label = _("Your question")
            self.fields["text"].widget = forms.Textarea(attrs={"rows": 3, "dir": "auto"})
            self.order_fields(["collection", "text"])
        if assistant.task_kind == TaskKind.TRANSLATE:
            self.fields["direction"] = forms.ChoiceField(
                label=_("Direction"),
                choices=[("fr-en", _("French → English")), ("en-fr", _("English → French"))],
                initial="fr-en",
            )
        if assistant.task_kind == TaskKind.REPLY:
            self.fields["text"].label = _("The resident's message")
            self.fields["text"].help_text = _(
                "The draft is never sent by the site: you copy or download it, review it and "
                "send it yourself."
            )


class EditForm(forms.Form):
    text = forms.CharField(
        label=_("Your version"),
        max_length=MAX_INPUT_CHARS * 2,
        widget=forms.Textarea(attrs={"rows": 12, "dir": "auto"}),
    )


class RateForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("What did you do with this output?"),
        choices=Rating.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )
