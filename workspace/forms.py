from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class DocumentUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, DOCX, ODT, text, Markdown or HTML; the size limit is shown below."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.docx,.odt,.txt,.md,.markdown,.html,.htm"}
        ),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Optional: the file name is used when left empty."),
    )
    collection = forms.ModelChoiceField(
        label=_("Add to collection"), queryset=None, required=False, empty_label=_("None")
    )

    def __init__(self, *args, collections=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collection"].queryset = collections
        self.fields["file"].help_text = _(
            "PDF, DOCX, ODT, text, Markdown or HTML, up to %(mb)s MB."
        ) % {"mb": settings.WORKSPACE_MAX_UPLOAD_MB}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.WORKSPACE_MAX_UPLOAD_MB * 1024 * 1024
        if upload.size > limit:
            raise forms.ValidationError(
                _("This file is too large: the limit is %(mb)s MB.")
                % {"mb": settings.WORKSPACE_MAX_UPLOAD_MB},
                code="too_large",
            )
        return upload


class CollectionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CollectionDocumentForm(forms.Form):
    document = forms.ModelChoiceField(label=_("Document"), queryset=None)

    def __init__(self, *args, documents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = documents
