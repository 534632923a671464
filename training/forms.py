from django import forms
from django.utils.translation import gettext_lazy as _


class CertificateClaimForm(forms.Form):
    learner_name = forms.CharField(
        label=_("Name printed on the certificate"),
        max_length=120,
        help_text=_("As you want it to appear, for example “Camille Martin”."),
    )


class RevocationForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the revocation"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the public verification page."),
    )


class CertificateLookupForm(forms.Form):
    code = forms.CharField(
        label=_("Certificate code"),
        max_length=16,
        help_text=_("Twelve letters and digits, for example ABCD-EFGH-JKLM."),
    )
