import json
import uuid

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.api import json_has_nul

from .models import Collectivity

LENGTH_CHOICES = [
    (64, _("Short (about 50 words)")),
    (128, _("Medium (about 100 words)")),
    (256, _("Long (about 200 words)")),
    (512, _("Very long (about 400 words)")),
]


class NoticeForm(forms.Form):
    acknowledge = forms.BooleanField(
        label=_("I understand that I am talking to an AI and I will not type personal data."),
        required=True,
        error_messages={"required": _("Please tick the box to confirm you have read the notice.")},
    )


class SandboxForm(forms.Form):
    prompt = forms.CharField(
        label=_("Your question"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Do not type personal data (names, addresses, health, case numbers…)."),
        error_messages={"required": _("Type a question first.")},
    )
    temperature = forms.DecimalField(
        label=_("Creativity (temperature)"),
        min_value=0,
        max_value=1.5,
        decimal_places=1,
        initial=0.7,
        help_text=_("From 0 (steady) to 1.5 (more varied)."),
        widget=forms.NumberInput(attrs={"step": "0.1"}),
    )
    max_tokens = forms.TypedChoiceField(
        label=_("Answer length"), choices=LENGTH_CHOICES, coerce=int, initial=256
    )
    share = forms.BooleanField(
        label=_("Share this conversation with the city's AI observatory"),
        required=False,
        help_text=_(
            "Optional. The text of this conversation is then kept for research, without your "
            "name, and deleted after %(days)s days. Otherwise nothing you type is stored."
        ),
    )
    history = forms.CharField(widget=forms.HiddenInput, required=False)
    conversation_id = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["share"].help_text = self.fields["share"].help_text % {
            "days": settings.INFERENCE_SHARE_RETENTION_DAYS
        }

    def clean_history(self) -> list[dict]:
        raw = self.cleaned_data.get("history") or "[]"
        try:
            data = json.loads(raw)
        except ValueError:
            return []
        if not isinstance(data, list):
            return []
        if json_has_nul(data):
            raise forms.ValidationError(
                _(
                    "The conversation contains a NUL character, which cannot be kept. Start a new one."
                ),
                code="nul_character",
            )
        turns = [
            {"role": t["role"], "content": str(t.get("content", ""))[:4000]}
            for t in data
            if isinstance(t, dict) and t.get("role") in ("user", "assistant")
        ]
        return turns[-20:]

    def clean_conversation_id(self):
        return self.cleaned_data.get("conversation_id") or uuid.uuid4()


class ApiTokenForm(forms.Form):
    """A token is billed to its owner's collectivity: the form offers that one only."""

    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What it is for, e.g. “mail drafting script”."),
    )
    collectivity = forms.ModelChoiceField(
        label=_("Collectivity"),
        queryset=Collectivity.objects.none(),
        help_text=_("Its usage is counted against your collectivity's quota."),
        empty_label=None,
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        self.own = user.member_of
        kwargs.setdefault("initial", {}).setdefault("collectivity", self.own.pk)
        super().__init__(*args, **kwargs)
        self.fields["collectivity"].queryset = Collectivity.objects.filter(pk=self.own.pk)

    def clean_collectivity(self):
        return self.cleaned_data.get("collectivity") or self.own
