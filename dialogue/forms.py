from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dialogue.models import Stance, Visibility
from dialogue.targets import target_kinds


def _kind_choices():
    return [("", "—")] + [(k, t.label) for k, t in target_kinds().items()]


class OpinionForm(forms.Form):
    body = forms.ModelChoiceField(label=_("Body"), queryset=None, empty_label=None)
    target_kind = forms.ChoiceField(label=_("The opinion is about"))
    target_ref = forms.CharField(
        label=_("Public id of the record or use case"),
        max_length=120,
        help_text=_(
            "A register record's id is the end of its address (/register/<id>/); a use case's "
            "id is its number."
        ),
    )
    stance = forms.ChoiceField(label=_("Opinion"), choices=Stance.choices, widget=forms.RadioSelect)
    reasons = forms.CharField(
        label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 6}), max_length=8000
    )
    given_on = forms.DateField(
        label=_("Date of the opinion"),
        help_text=_("Format: YYYY-MM-DD."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        self.fields["target_kind"].choices = _kind_choices()
        self.fields["given_on"].initial = timezone.localdate()


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    date = forms.DateField(
        label=_("Date"),
        help_text=_("Format: YYYY-MM-DD."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    agenda = forms.CharField(
        label=_("Agenda"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=8000,
        help_text=_(
            "One item per line. To link an item, end it with “| register: <record id>” or "
            "“| use case: <number>”."
        ),
    )

    PREFIXES = {
        "register": "register_record",
        "registre": "register_record",
        "use case": "use_case",
        "cas d'usage": "use_case",
    }

    def clean_agenda(self):
        items = []
        for n, line in enumerate(self.cleaned_data["agenda"].splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            title, _sep, link = line.partition("|")
            item = {"title": title.strip(), "target_kind": "", "target_ref": ""}
            if link.strip():
                label, _c, ref = link.partition(":")
                kind = self.PREFIXES.get(label.strip().lower())
                if kind is None or not ref.strip():
                    raise forms.ValidationError(
                        _("Line %(n)s: write the link as “register: <id>” or “use case: <number>”.")
                        % {"n": n}
                    )
                item.update(target_kind=kind, target_ref=ref.strip())
            if not item["title"]:
                raise forms.ValidationError(_("Line %(n)s has no title.") % {"n": n})
            if len(item["title"]) > 200:
                raise forms.ValidationError(
                    _("Line %(n)s is too long (200 characters at most).") % {"n": n}
                )
            items.append(item)
        if not items:
            raise forms.ValidationError(_("Give the meeting at least one agenda item."))
        return items


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 12}), max_length=50000
    )
    visibility = forms.ChoiceField(
        label=_("Who may read them"), choices=Visibility.choices, widget=forms.RadioSelect
    )


class SurveyStartForm(forms.Form):
    record_ref = forms.CharField(
        label=_("Register record id"),
        max_length=120,
        help_text=_(
            "The end of the record's address (/register/<id>/). The system must be in use."
        ),
    )


LIKERT_CHOICES = [
    ("1", _("1 — Strongly disagree")),
    ("2", _("2 — Disagree")),
    ("3", _("3 — Neither agree nor disagree")),
    ("4", _("4 — Agree")),
    ("5", _("5 — Strongly agree")),
]


def _likert(label):
    return forms.TypedChoiceField(
        label=label, choices=LIKERT_CHOICES, coerce=int, widget=forms.RadioSelect
    )


class SurveyAnswerForm(forms.Form):
    workload = _likert(_("With this tool, my workload is more manageable."))
    meaning = _likert(_("With this tool, my work keeps its meaning."))
    training = _likert(_("I have had the training I need to use this tool."))
    incidents = _likert(_("This quarter, no incident or error of the tool hampered my work."))
    comment = forms.CharField(
        label=_("Anything to add (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Do not write anything that identifies you or a colleague: free text is shown to "
            "staff representatives once the round has enough answers."
        ),
    )
