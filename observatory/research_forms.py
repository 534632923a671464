"""Forms of the research data portal: the access request (with its e-signature) and the board's
decision."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import HoneypotMixin
from observatory.research_services import PROJECT_MAX, PURPOSE_MAX, PURPOSE_MIN


class DataAccessRequestForm(HoneypotMixin):
    project = forms.CharField(label=_("Research project"), max_length=PROJECT_MAX)
    institution = forms.CharField(label=_("Laboratory or institution"), max_length=200)
    purpose = forms.CharField(
        label=_("Purpose"),
        help_text=_(
            "What you will study with these data, how, and what you will publish. "
            "The board reads it before deciding."
        ),
        min_length=PURPOSE_MIN,
        max_length=PURPOSE_MAX,
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
    )
    retention_until = forms.DateField(
        label=_("Keep the data until"),
        help_text=_("The date after which you delete the data; access ends that day."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    agreement_accepted = forms.BooleanField(
        label=_("I have read the agreement above and accept it on behalf of my project"),
        error_messages={"required": _("Accept the agreement to send your request.")},
    )
    signed_name = forms.CharField(
        label=_("Your full name, as signature"),
        help_text=_("Typing your name signs the agreement electronically."),
        max_length=150,
    )
    agreement_hash = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def clean_retention_until(self):
        value: dt.date = self.cleaned_data["retention_until"]
        if value <= timezone.localdate():
            raise forms.ValidationError(_("The retention date must be in the future."))
        return value


class DataAccessDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("refuse", _("Refuse"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reasons (sent to the researcher)"),
        min_length=10,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
    )
