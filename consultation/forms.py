from django import forms
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts.selectors import agent_departments
from consultation import policies, selectors
from consultation.models import (
    Alignment,
    Appeal,
    Audience,
    BallotChannel,
    Comment,
    CommitmentStatus,
    Consultation,
    Decision,
    Frequency,
    Grade,
    ReportReason,
    UseCase,
)
from core.errors import InvalidInput
from core.forms import HoneypotMixin

COMMENT_MAX_LENGTH = 5000


class CountedTextarea(forms.Textarea):
    """A textarea whose length limit the browser does not enforce: `maxlength` would cut a
    pasted text silently. `static/js/site.js` shows a live character counter from
    `data-maxlength`; the server refuses a longer text and shows it again, kept whole."""

    def __init__(self, *, limit: int, attrs=None):
        self.limit = limit
        super().__init__(attrs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs.pop("maxlength", None)
        widget_attrs.update(
            {
                "data-maxlength": self.limit,
                "data-counter": _("%(count)s of %(limit)s characters"),
                "data-counter-over": _("Characters over the limit: %(over)s"),
                "dir": "auto",
            }
        )
        return context


def comment_body_field(**kwargs) -> forms.CharField:
    return forms.CharField(
        max_length=COMMENT_MAX_LENGTH,
        widget=CountedTextarea(limit=COMMENT_MAX_LENGTH, attrs={"rows": 5}),
        error_messages={
            "max_length": _(
                "Your comment has %(show_value)d characters; the limit is %(limit_value)d. "
                "Shorten it: your text is kept below."
            )
        },
        **kwargs,
    )


class UseCaseForm(HoneypotMixin, forms.ModelForm):
    note = forms.CharField(
        label=_("What changed and why"),
        required=False,
        max_length=300,
        help_text=_("Shown in the public history of the dossier."),
    )
    confirm_new = forms.BooleanField(
        required=False,
        label=_("I have read the similar use cases and mine is different"),
    )

    class Meta:
        model = UseCase
        fields = UseCase.DOSSIER_FIELDS
        help_texts = {
            "summary": _("One or two sentences, shown in lists."),
            "problem": _("What goes wrong today, for whom, how often."),
            "proposed_ai": _("What the AI would do, and what stays with people."),
            "data_used": _("Which data, from where; does it include personal data?"),
            "people_affected": _("Residents, agents, groups particularly affected."),
            "alternatives": _("Solutions without AI, or with less AI, that were considered."),
        }
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in [
                "problem",
                "proposed_ai",
                "data_used",
                "people_affected",
                "expected_benefits",
                "risks",
                "alternatives",
            ]
        }

    def __init__(self, *args, can_link_register: bool = False, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if can_link_register:
            self.fields["register_slug"] = forms.ChoiceField(
                label=_("Register record"),
                required=False,
                choices=[("", _("None"))] + selectors.register_choices(),
                help_text=_("The AI register record of the deployed system, once it exists."),
            )
        else:
            del self.fields["register_slug"]
        if not editing:
            del self.fields["note"]
        else:
            del self.fields["confirm_new"]


class BallotForm(forms.Form):
    grade = forms.ChoiceField(
        label=_("Your grade"), choices=Grade.choices, widget=forms.RadioSelect
    )


class ListBallotForm(forms.Form):
    """Grades for several use cases of one consultation, one radio group each (all optional:
    a resident grades what they wish and sees what is left)."""

    def __init__(self, *args, use_cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.use_cases = list(use_cases)
        for use_case in self.use_cases:
            self.fields[self.field_name(use_case)] = forms.ChoiceField(
                label=use_case.title,
                choices=Grade.choices,
                required=False,
                widget=forms.RadioSelect,
            )

    @staticmethod
    def field_name(use_case) -> str:
        return f"grade_{use_case.pk}"

    def bound_field(self, use_case):
        return self[self.field_name(use_case)]

    def graded(self) -> list[tuple]:
        """(use case, grade) for each use case given a grade in this submission."""
        return [
            (use_case, self.cleaned_data[self.field_name(use_case)])
            for use_case in self.use_cases
            if self.cleaned_data.get(self.field_name(use_case))
        ]

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not self.graded():
            raise forms.ValidationError(_("Choose a grade for at least one use case."))
        return cleaned


class CommentForm(HoneypotMixin):
    alignment = forms.ChoiceField(
        label=_("Your position"),
        choices=Alignment.choices,
        initial=Alignment.NEUTRAL,
        widget=forms.RadioSelect,
    )
    body = comment_body_field(
        label=_("Your comment"),
        help_text=_("Markdown allowed: *italics*, **bold**, lists, links. Be civil."),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class CommentEditForm(forms.ModelForm):
    body = comment_body_field(label=_("Comment"))

    class Meta:
        model = Comment
        fields = ["alignment", "body"]
        widgets = {"alignment": forms.RadioSelect, "body": forms.Textarea(attrs={"rows": 6})}


class ReportForm(HoneypotMixin):
    reason = forms.ChoiceField(
        label=_("Why are you reporting this comment?"),
        choices=ReportReason.choices,
        widget=forms.RadioSelect,
    )
    details = forms.CharField(
        label=pgettext_lazy("comment report", "Details"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Seen only by moderators."),
    )


class ModerateCommentForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Decision"),
        choices=[("hide", _("Hide, with a public reason")), ("keep", _("Keep visible"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Public reason"),
        required=False,
        max_length=300,
        help_text=_("Shown in place of the comment and sent to its author."),
    )

    def clean(self):
        data = super().clean()
        if data.get("action") == "hide" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason shown in place of the comment."))
        return data


class ProposalModerationForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Publish")), ("refuse", _("Do not publish"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)

    def clean(self):
        data = super().clean()
        if data.get("action") == "refuse" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason shown to the person who proposed it."))
        return data


class AppealForm(forms.ModelForm):
    class Meta:
        model = Appeal
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}


class AppealDecisionForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept: restore the comment")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    response = forms.CharField(label=_("Answer to the author"), max_length=500)


class BlockForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)
    until = forms.DateTimeField(
        label=_("Until"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("Leave blank for an open-ended block."),
    )


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=Decision.choices, widget=forms.RadioSelect
    )
    justification = forms.CharField(
        label=_("Justification"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Explain the decision in plain language, answering the main arguments."),
    )
    departure_justification = forms.CharField(
        label=_("Why the decision departs from the vote"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Required when the city adopts a use case whose median grade is below “Fairly good”, "
            "or rejects one whose median grade is “Good” or better. Shown beside the result."
        ),
    )
    author_title = forms.CharField(label=_("Signed by (name and office)"), max_length=160)
    register_slug = forms.ChoiceField(
        label=_("Register record of the deployed system"),
        required=False,
        help_text=_(
            "Adopting a use case without a record opens a draft in the register, pre-filled "
            "from the dossier."
        ),
    )
    commitment_1 = forms.CharField(label=_("Commitment 1"), required=False, max_length=300)
    deadline_1 = forms.DateField(
        label=_("Deadline of commitment 1"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    commitment_2 = forms.CharField(label=_("Commitment 2"), required=False, max_length=300)
    deadline_2 = forms.DateField(
        label=_("Deadline of commitment 2"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    commitment_3 = forms.CharField(label=_("Commitment 3"), required=False, max_length=300)
    deadline_3 = forms.DateField(
        label=_("Deadline of commitment 3"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, median_grade: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.median_grade = median_grade
        self.fields["register_slug"].choices = [
            ("", _("None (not deployed)"))
        ] + selectors.register_choices()

    def clean(self):
        data = super().clean()
        for i in (1, 2, 3):
            if data.get(f"commitment_{i}") and not data.get(f"deadline_{i}"):
                self.add_error(f"deadline_{i}", _("Each commitment needs a deadline."))
        if data.get("decision"):
            try:
                policies.answer_departure_check(
                    decision=data["decision"],
                    median_grade=self.median_grade,
                    departure_justification=data.get("departure_justification", ""),
                )
            except InvalidInput as exc:
                self.add_error("departure_justification", exc.message)
        return data

    def commitments(self) -> list[dict]:
        return [
            {
                "text": self.cleaned_data[f"commitment_{i}"],
                "deadline": self.cleaned_data[f"deadline_{i}"],
            }
            for i in (1, 2, 3)
            if self.cleaned_data.get(f"commitment_{i}")
        ]


class CommitmentProgressForm(forms.Form):
    percent = forms.IntegerField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    note = forms.CharField(
        label=_("What was done"),
        max_length=1000,
        widget=CountedTextarea(limit=1000, attrs={"rows": 3}),
    )


class CommitmentStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=CommitmentStatus.choices)


class NotificationPreferenceForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("Email me about answers, replies to my comments and moderation of my content"),
        choices=Frequency.choices,
        widget=forms.RadioSelect,
    )


RESERVED_SLUGS = {
    "use-cases",
    "comments",
    "commitments",
    "moderation",
    "notifications",
    "open-data",
    "new",
}


class ConsultationForm(forms.ModelForm):
    departments = forms.CharField(
        label=_("Departments asked"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For a consultation of chosen departments: one department per line, as agents name "
            "it in their profile."
        ),
    )
    use_cases = forms.ModelMultipleChoiceField(
        label=_("Use cases put to the vote"),
        queryset=UseCase.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Published use cases not yet in another consultation."),
    )

    field_order = [
        "title",
        "slug",
        "summary",
        "description",
        "information_starts_at",
        "voting_starts_at",
        "voting_ends_at",
        "answer_due_at",
        "accepts_proposals",
        "results_visibility",
        "audience",
        "departments",
        "transparent",
        "use_cases",
    ]

    class Meta:
        model = Consultation
        fields = [
            "title",
            "slug",
            "summary",
            "description",
            "information_starts_at",
            "voting_starts_at",
            "voting_ends_at",
            "answer_due_at",
            "accepts_proposals",
            "results_visibility",
            "audience",
            "transparent",
            "paper_voting_places",
        ]
        widgets = {
            "audience": forms.RadioSelect,
            **{
                name: forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
                for name in [
                    "information_starts_at",
                    "voting_starts_at",
                    "voting_ends_at",
                    "answer_due_at",
                ]
            },
        }
        help_texts = {"slug": _("Lowercase letters, digits and hyphens; it is the page address.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.db.models import Q

        from consultation.models import ModerationState

        # A form sent without an audience (a script, an old page) keeps the consultation's.
        self.fields["audience"].required = False
        current = Q(consultation=self.instance) if self.instance.pk else Q(pk__in=[])
        self.fields["use_cases"].queryset = UseCase.objects.filter(
            Q(consultation__isnull=True) | current, moderation_state=ModerationState.APPROVED
        ).order_by("title")
        if self.instance.pk:
            self.fields["use_cases"].initial = list(
                self.instance.use_cases.values_list("pk", flat=True)
            )
            self.fields["departments"].initial = "\n".join(self.instance.audience_departments)
        known = agent_departments()
        if known:
            field = self.fields["departments"]
            field.help_text = f"{field.help_text} " + gettext(
                "Departments agents give: %(names)s."
            ) % {"names": ", ".join(known)}

    def clean_departments(self) -> list[str]:
        names = []
        for line in self.cleaned_data["departments"].splitlines():
            name = " ".join(line.split())[:120]
            if name and name.casefold() not in {n.casefold() for n in names}:
                names.append(name)
        return names

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("This address is reserved; choose another."))
        return slug

    def clean(self):
        data = super().clean()
        dates = [
            data.get(n)
            for n in [
                "information_starts_at",
                "voting_starts_at",
                "voting_ends_at",
                "answer_due_at",
            ]
        ]
        if all(dates) and not (dates[0] <= dates[1] < dates[2] <= dates[3]):
            raise forms.ValidationError(
                _("The phases must follow each other: information, voting, analysis, answer.")
            )
        if not data.get("audience"):
            data["audience"] = self.instance.audience or Audience.PUBLIC
        if data.get("audience") == Audience.DEPARTMENTS and not data.get("departments"):
            self.add_error(
                "departments", _("Name at least one department, or choose another audience.")
            )
        if data.get("audience") == Audience.PUBLIC and data.get("transparent"):
            self.add_error(
                "transparent", _("Only a staff consultation can be transparent: it is public.")
            )
        self.instance.audience_departments = (
            data.get("departments", []) if data.get("audience") == Audience.DEPARTMENTS else []
        )
        return data


class SynthesisReviewForm(forms.Form):
    """One field per sentence of the draft (blank = removed) and the signature."""

    reviewer_title = forms.CharField(label=_("Signed by (name and office)"), max_length=160)

    def __init__(self, *args, sentences: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.sentence_fields = []
        for sentence in sentences:
            name = f"s_{sentence['id'].replace('.', '_')}"
            self.fields[name] = forms.CharField(
                label=_("Sentence %(id)s") % {"id": sentence["id"]},
                required=False,
                initial=sentence["text"],
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
            )
            self.sentence_fields.append((sentence, name))

    def edits(self) -> dict[str, str]:
        return {s["id"]: self.cleaned_data.get(name, "") for s, name in self.sentence_fields}


class SynthesisFlagForm(forms.Form):
    sentence = forms.CharField(widget=forms.HiddenInput, max_length=40)
    details = forms.CharField(
        label=_("What does this sentence get wrong about your view?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )


class SynthesisFlagResolveForm(forms.Form):
    note = forms.CharField(
        label=_("Reply to the resident"),
        required=False,
        max_length=500,
        help_text=_("Sent to the resident who raised the flag, and kept with it."),
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto", "maxlength": 500}),
    )


class TranslationReviewForm(forms.Form):
    text = forms.CharField(
        label=_("Translation"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8, "dir": "auto"}),
        help_text=_(
            "Pre-filled with the current version. Saving publishes yours with the badge "
            "“reviewed by a person”, in place of the automatic one."
        ),
    )


class PaperBatchForm(forms.Form):
    """One officer's count of a ballot box or counter: ballots per grade for each use case
    (blank counts as 0). Four-eyes: another officer enters the same batch on their own."""

    label = forms.CharField(
        label=_("Ballot box or counter"),
        max_length=160,
        help_text=_(
            "Its name, exactly as the other officer types it, for example: Town hall of the "
            "11th arrondissement, box 1."
        ),
    )
    channel = forms.ChoiceField(
        label=_("Ballots from"),
        choices=[(c.value, c.label) for c in (BallotChannel.PAPER, BallotChannel.COUNTER)],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        max_length=300,
        required=False,
        help_text=_("For example: two ballots were void and are not counted."),
    )

    def __init__(self, *args, use_cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.use_cases = list(use_cases)
        for use_case in self.use_cases:
            for grade, label in Grade.choices:
                self.fields[self.field_name(use_case, grade)] = forms.IntegerField(
                    label=label, min_value=0, max_value=100_000, required=False
                )

    @staticmethod
    def field_name(use_case, grade: str) -> str:
        return f"uc{use_case.pk}_{grade}"

    def grids(self) -> list[tuple]:
        """(use case, its bound fields in grade order) for the template's fieldsets."""
        return [
            (use_case, [self[self.field_name(use_case, grade)] for grade, _label in Grade.choices])
            for use_case in self.use_cases
        ]

    def counts(self) -> dict[int, dict[str, int]]:
        return {
            use_case.pk: {
                grade: self.cleaned_data.get(self.field_name(use_case, grade)) or 0
                for grade in Grade.values
            }
            for use_case in self.use_cases
        }
