from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import HoneypotMixin
from observatory import selectors
from observatory.services import TESTIMONY_MAX
from register.selectors import system_link_choices


class PublicationFilterForm(forms.Form):
    q = forms.CharField(label=_("Words to look for"), required=False, max_length=200)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    kind = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[
            ("", _("All types")),
            ("analysis", _("Analyses")),
            ("report", _("Yearly reports")),
        ],
    )
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    author = forms.ChoiceField(label=_("Author"), required=False)

    def __init__(self, *args, index=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", _("All topics")), *selectors.topic_choices()]
        years = selectors.publication_years(index=index) if index else []
        self.fields["year"].choices = [("", _("All years")), *[(y, y) for y in years]]
        self.fields["author"].choices = [("", _("All authors")), *selectors.author_choices()]

    def filters(self) -> selectors.PublicationFilters:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return selectors.PublicationFilters(
            q=(data.get("q") or "").strip(),
            topic=data.get("topic") or "",
            kind=data.get("kind") or "",
            year=data.get("year"),
            author=data.get("author") or "",
        )


def system_choices() -> list[tuple[str, str]]:
    """Published register records a testimony may be about."""
    return list(system_link_choices())


class TestimonyForm(HoneypotMixin):
    text = forms.CharField(
        label=_("Your testimony"),
        help_text=_(
            "What happened, which service, what the AI did and what it changed for you. "
            "Do not write names, addresses or file numbers."
        ),
        widget=forms.Textarea(attrs={"rows": 8, "dir": "auto"}),
        min_length=40,
        max_length=TESTIMONY_MAX,
    )
    system_slug = forms.ChoiceField(
        label=_("AI system concerned"),
        required=False,
        help_text=_("If you know it, choose the system from the city's AI register."),
    )
    anonymous = forms.BooleanField(
        label=_("Publish without my name"), required=False, initial=True,
        help_text=_("Your testimony will be signed “Anonymous resident”."),
    )  # fmt: skip
    consent = forms.BooleanField(
        label=_("I agree that this testimony is published on this site and cited in the observatory's analyses"),
        error_messages={"required": _("We can only publish a testimony with your consent.")},
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["system_slug"].choices = [("", _("I don't know / none")), *system_choices()]


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("publish", _("Publish")), ("reject", _("Do not publish"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (required when not publishing)"), required=False, max_length=255
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why the testimony is not published."))
        return data


class FollowUpForm(forms.Form):
    status = forms.ChoiceField(label=_("Follow-up status"), choices=[])
    note = forms.CharField(
        label=_("What the city did or decided"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown publicly under the recommendation, with today's date."),
    )

    def __init__(self, *args, **kwargs):
        from observatory.models import FollowUp

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = FollowUp.choices
