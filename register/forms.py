import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import HoneypotMixin
from register.models import (
    AISystem,
    AISystemVersion,
    AnnexIIIArea,
    CharterPrinciple,
    CharterRating,
    DeploymentEvaluation,
    EvaluationConclusion,
    HiddenAlgorithmDeclaration,
    Incident,
    IncidentStatus,
    RecourseStatus,
    RemoteRegister,
)
from register.oversight import EVALUATION_FIELDS
from register.services import ASSISTED_CHANNELS, CONTENT_FIELDS


class RecourseForm(HoneypotMixin):
    # One-time key of this form: submitted twice, it shows the first request's reference.
    form_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("form_key", uuid.uuid4())

    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("We send the acknowledgement and the answer there."),
    )
    phone = forms.CharField(label=_("Telephone"), max_length=40, required=False)
    decision_reference = forms.CharField(
        label=_("Reference of the decision"),
        max_length=120,
        required=False,
        help_text=_("As written on the letter or message you received, if any."),
    )
    decision_date = forms.DateField(
        label=_("Date of the decision"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Format: YYYY-MM-DD."),
    )
    request = forms.CharField(
        label=_("What you ask"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
        help_text=_(
            "For example: an explanation of the decision, a review by a person, a correction."
        ),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the city processes these details to handle my request. They are "
            "deleted after the request is closed."
        ),
    )
    field_order = [
        "name",
        "email",
        "phone",
        "decision_reference",
        "decision_date",
        "request",
        "consent",
        "website",
    ]


class StatusLookupForm(forms.Form):
    """The reference and one proof: the email address used, or the postcode of the postal
    address (requests recorded at a counter without email)."""

    reference = forms.CharField(
        label=_("Reference"), max_length=20, help_text=_("For example: REC-AB12CD34EF.")
    )
    email = forms.EmailField(label=_("Email address used for the request"), required=False)
    postcode = forms.CharField(
        label=_("Or, if you gave no email address: the postcode of your postal address"),
        max_length=10,
        required=False,
        help_text=_("As written on your receipt, for example 75011."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("email") and not data.get("postcode"):
            raise forms.ValidationError(
                _("Give the email address or the postcode used for the request.")
            )
        return data


class CounterRecourseForm(forms.Form):
    """A counter agent records a request on a person's behalf (register.services.counter)."""

    form_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    system = forms.ModelChoiceField(
        label=_("AI system concerned"),
        queryset=AISystem.objects.none(),
        empty_label=_("Choose the system"),
    )
    channel = forms.ChoiceField(
        label=_("Received by"),
        choices=[(c.value, c.label) for c in ASSISTED_CHANNELS],
        widget=forms.RadioSelect,
    )
    name = forms.CharField(label=_("Name of the person"), max_length=150, required=False)
    postal_address = forms.CharField(
        label=_("Postal address (street)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "street-address"}),
        help_text=_("The answer is posted there as a letter."),
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
        help_text=_("Five digits, for example 75011."),
    )
    town = forms.CharField(label=_("Town"), max_length=120, required=False)
    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        help_text=_("Only if the person has one and wants the answer by email."),
    )
    phone = forms.CharField(label=_("Telephone"), max_length=40, required=False)
    decision_reference = forms.CharField(
        label=_("Reference of the decision"), max_length=120, required=False
    )
    decision_date = forms.DateField(
        label=_("Date of the decision"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Format: YYYY-MM-DD."),
    )
    request = forms.CharField(
        label=_("What the person asks"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
    )
    consent = forms.BooleanField(
        label=_(
            "The person agrees that the city processes these details to handle the request. "
            "They are deleted after the request is closed."
        ),
    )

    def __init__(self, *args, systems=None, **kwargs):
        super().__init__(*args, **kwargs)
        if systems is not None:
            self.fields["system"].queryset = systems
        if not self.is_bound:
            self.initial.setdefault("form_key", uuid.uuid4())


class ErrorReportForm(HoneypotMixin):
    message = forms.CharField(
        label=_("What is wrong or missing in this record?"),
        min_length=10,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        help_text=_("Only if you want an answer from the editors."),
    )


# --- Staff: recourse queue -------------------------------------------------------------------
class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All"))] + RecourseStatus.choices
    )
    handler = forms.ChoiceField(
        label=_("Handled by"),
        required=False,
        choices=[("", _("Anyone")), ("me", _("Me")), ("none", _("Nobody yet"))],
    )
    system = forms.ChoiceField(label=_("System"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, **kwargs):
        from register.selectors import system_link_choices

        super().__init__(*args, **kwargs)
        self.fields["system"].choices = [("", _("All"))] + system_link_choices()


class AssignForm(forms.Form):
    handler = forms.ModelChoiceField(label=_("Assign to"), queryset=None, required=False)

    def __init__(self, *args, handlers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handlers
        self.fields["handler"].label_from_instance = lambda u: u.public_name


class DueDateForm(forms.Form):
    due_date = forms.DateField(
        label=_("Answer due by"), widget=forms.DateInput(attrs={"type": "date"})
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Internal note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer to the requester"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
        help_text=_("Sent by email and shown with the request's status."),
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=RecourseStatus.choices)


# --- Editors (Wagtail admin) -----------------------------------------------------------------
EDIT_FIELDS = [
    f for f in CONTENT_FIELDS if f not in ("risk_answers", "risk_reasons", "blank_reasons")
]


class VersionForm(forms.ModelForm):
    change_summary = forms.CharField(label=_("What changed"), max_length=255, required=False)
    blank_reasons_text = forms.CharField(
        label=_("Why some fields are blank"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One line per field: field_name: reason shown to readers."),
    )

    class Meta:
        model = AISystemVersion
        fields = EDIT_FIELDS
        widgets = {
            "begin_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
            "review_date": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance and self.instance.blank_reasons:
            self.fields["blank_reasons_text"].initial = "\n".join(
                f"{k}: {v}" for k, v in self.instance.blank_reasons.items()
            )

    def clean_blank_reasons_text(self):
        reasons = {}
        valid = set(EDIT_FIELDS)
        for line in self.cleaned_data["blank_reasons_text"].splitlines():
            if not line.strip():
                continue
            key, sep, value = line.partition(":")
            if not sep or key.strip() not in valid:
                raise forms.ValidationError(_("Unknown field in line: %(l)s") % {"l": line[:60]})
            reasons[key.strip()] = value.strip()
        return reasons

    def content(self) -> dict:
        data = {name: self.cleaned_data[name] for name in EDIT_FIELDS if name in self.cleaned_data}
        data["blank_reasons"] = self.cleaned_data["blank_reasons_text"]
        return data


YES_NO = [("no", _("No")), ("yes", _("Yes"))]


class QuestionnaireForm(forms.Form):
    """AI Act guided questionnaire (the decision is `register.questionnaire.risk_level_assess`)."""

    is_ai_system = forms.ChoiceField(
        label=_(
            "1. Is it an AI system (infers outputs such as predictions, content or decisions from inputs, with some autonomy)?"
        ),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    role = forms.ChoiceField(
        label=_("2. The city's role"),
        choices=[
            ("deployer", _("Deployer (uses a system)")),
            ("provider", _("Provider (develops it)")),
        ],
        widget=forms.RadioSelect,
        initial="deployer",
    )
    prohibited_practice = forms.ChoiceField(
        label=_(
            "3. Does it involve a practice prohibited by art. 5 (social scoring, manipulation, real-time remote biometric identification in public spaces, emotion recognition at work…)?"
        ),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    annex_i_safety_component = forms.ChoiceField(
        label=_(
            "4. Is it a safety component of a product covered by Annex I (lifts, machinery, vehicles…)?"
        ),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    annex_iii_area = forms.ChoiceField(
        label=_("5. Is it used in one of these Annex III areas?"),
        choices=AnnexIIIArea.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    profiling = forms.ChoiceField(
        label=_(
            "6. Does it profile people (evaluate personal aspects such as behaviour, situation, reliability)?"
        ),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    exception_narrow_procedural = forms.BooleanField(
        label=_("Art. 6(3)(a): it performs a narrow procedural task"), required=False
    )
    exception_improves_human_activity = forms.BooleanField(
        label=_("Art. 6(3)(b): it improves the result of a completed human activity"),
        required=False,
    )
    exception_detects_patterns = forms.BooleanField(
        label=_("Art. 6(3)(c): it detects patterns without replacing or influencing human review"),
        required=False,
    )
    exception_preparatory = forms.BooleanField(
        label=_("Art. 6(3)(d): it performs a preparatory task to an assessment"), required=False
    )
    interacts_with_people = forms.ChoiceField(
        label=_("7. Does it talk with people (chatbot, voice assistant)?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    generates_content = forms.ChoiceField(
        label=_("8. Does it generate text, images, audio or video?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    publishes_text = forms.ChoiceField(
        label=_("9. Is generated text published to inform the public?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    change_summary = forms.CharField(label=_("What changed"), max_length=255, required=False)


class CharterRowForm(forms.Form):
    principle = forms.ChoiceField(choices=CharterPrinciple.choices, widget=forms.HiddenInput)
    rating = forms.ChoiceField(
        label=_("Assessment"), choices=[("", "—")] + CharterRating.choices, required=False
    )
    justification = forms.CharField(
        label=_("Justification"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("justification") and not data.get("rating"):
            self.add_error("rating", _("Choose an assessment."))
        if data.get("rating") in ("partly", "does_not_meet") and not data.get("justification"):
            self.add_error("justification", _("Explain why."))
        return data


CharterFormSet = forms.formset_factory(CharterRowForm, extra=0)


class RetireForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for retirement"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class RemoteRegisterForm(forms.ModelForm):
    class Meta:
        model = RemoteRegister
        fields = ["name", "export_url", "library_url", "active"]


# --- Oversight: evaluations, hidden algorithms, incidents ---------------------------------------
_date = {
    "widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    "help_text": _("Format: YYYY-MM-DD."),
}


class DeploymentEvaluationForm(forms.ModelForm):
    """The structured evaluation of a deployed system; the survey rounds are the record's own."""

    class Meta:
        model = DeploymentEvaluation
        fields = list(EVALUATION_FIELDS)  # what the service accepts, in its order
        widgets = {
            "evaluated_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "period_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "conclusion": forms.RadioSelect,
        }
        for name in (
            "performance",
            "disparity_findings",
            "energy_cost_notes",
            "incidents_summary",
            "staff_survey_summary",
            "user_satisfaction",
            "conclusion_reasons",
        ):
            widgets[name] = forms.Textarea(attrs={"rows": 4, "dir": "auto"})

    def __init__(self, *args, survey_periods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff_survey_period"] = forms.ChoiceField(
            label=DeploymentEvaluation._meta.get_field("staff_survey_period").verbose_name,
            choices=[("", _("No survey round"))] + [(p, p) for p in survey_periods],
            required=False,
            help_text=_(
                "The round of the record's staff follow-up survey this evaluation relies on."
            )
            if survey_periods
            else _("This record has no staff follow-up survey yet."),
        )
        self.fields["conclusion"].choices = EvaluationConclusion.choices


class DeclarationForm(forms.ModelForm):
    class Meta:
        model = HiddenAlgorithmDeclaration
        fields = ["tool_name", "what_it_does", "where_it_appears", "department"]
        widgets = {"what_it_does": forms.Textarea(attrs={"rows": 4, "dir": "auto"})}


class DeclarationCloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Public reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=_("Shown publicly with the tool's name; never the declarant's name."),
    )


class IncidentForm(forms.ModelForm):
    class Meta:
        model = Incident
        fields = [
            "kind",
            "severity",
            "serious_case",
            "summary",
            "internal_notes",
            "occurred_on",
            "aware_on",
        ]
        widgets = {
            "occurred_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "aware_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
            "internal_notes": forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        }
        help_texts = {
            "serious_case": _(
                "Only for a serious incident: the AI Act deadline to report it applies when the "
                "system is high risk."
            ),
        }


class IncidentReportedForm(forms.Form):
    reported_on = forms.DateField(label=_("Reported to the authority on"), **_date)


class IncidentCloseForm(forms.Form):
    closure_summary = forms.CharField(
        label=_("How it was resolved (public)"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=_("Shown on the public record: no personal data."),
    )


class IncidentFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All"))] + IncidentStatus.choices, required=False
    )
    overdue = forms.BooleanField(label=_("Report overdue only"), required=False)
