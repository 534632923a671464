from django import forms
from django.utils.translation import gettext_lazy as _

from governance.models import BlockingCriterion, Stage, Verdict
from governance.selectors import risk_estimate_choices


class ProjectForm(forms.Form):
    use_case_id = forms.IntegerField(
        label=_("Use case number"),
        min_value=1,
        max_value=2**31 - 1,
        help_text=_(
            "The number at the end of the use case's address (/consultations/use-cases/<number>/)."
        ),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    need = forms.CharField(
        label=_("The need and why it matters"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown on the public roadmap: what residents or agents asked for."),
    )
    department = forms.CharField(label=_("Owning department"), max_length=160)
    expected_impact = forms.CharField(
        label=_("Expected impact"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    cost_estimate = forms.IntegerField(
        label=_("Estimated cost (euros)"), required=False, min_value=0, max_value=2**31 - 1
    )
    energy_estimate = forms.IntegerField(
        label=_("Estimated energy (kWh a year)"), required=False, min_value=0, max_value=2**31 - 1
    )
    risk_estimate = forms.ChoiceField(label=_("Expected risk level (AI Act)"), required=False)
    register_slug = forms.CharField(
        label=_("Register record"),
        required=False,
        max_length=120,
        help_text=_("Once the system has a record: the end of its address (/register/<id>/)."),
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["risk_estimate"].choices = risk_estimate_choices()
        if editing:
            del self.fields["use_case_id"]


class GateSignForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Verdict"), choices=Verdict.choices, widget=forms.RadioSelect
    )
    public_reasons = forms.CharField(
        label=_("Reasons (public)"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Published on the project's page, with your role, your name and the date."),
    )
    internal_notes = forms.CharField(
        label=_("Internal notes"),
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Read only by the reviewers and the governance board; never published."),
    )
    findings = forms.MultipleChoiceField(
        label=_("Blocking criteria of the charter found"),
        required=False,
        choices=BlockingCriterion.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Any of these stops the project outright, whatever the other gates say."),
    )


class AdvanceForm(forms.Form):
    to_stage = forms.ChoiceField(label=_("Move the project to"), widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Public note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the timeline. Required to retire a project: say why."),
    )

    def __init__(self, *args, targets: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_stage"].choices = [(t, Stage(t).label) for t in targets]
        if len(targets) == 1:
            self.fields["to_stage"].initial = targets[0]
