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


def attendees_parse(text: str) -> tuple[list[tuple[str, str]], list[str]]:
    """One learner per line: "Name" or "Name, email" (or "Name; email").

    Returns the (name, email) pairs and the errors, each naming its line, so that the
    facilitator can fix the list they typed without retyping it.
    """
    people: list[tuple[str, str]] = []
    errors: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        name, email = line, ""
        for separator in (";", ","):
            head, sep, tail = line.rpartition(separator)
            if sep and "@" in tail:
                name, email = head.strip(), tail.strip()
                break
        else:
            if "@" in line:
                errors.append(
                    _("Line %(n)s: write the name, then a comma, then the email.") % {"n": number}
                )
                continue
        if not " ".join(name.split()):
            errors.append(_("Line %(n)s: the name is missing.") % {"n": number})
            continue
        people.append((name, email))
    return people, errors


class WorkshopSessionForm(forms.Form):
    course = forms.TypedChoiceField(label=_("Course"), coerce=int)
    held_on = forms.DateField(
        label=_("Date of the session"),
        help_text=_("For example 2026-11-28."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        help_text=_("For example “Médiathèque Marguerite Duras, Paris 20e”."),
    )
    attendees = forms.CharField(
        label=_("Learners present"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=40_000,
        help_text=_(
            "One learner per line, the name as it should be printed on the certificate, then "
            "optionally a comma and their email (they then receive their certificate's code): "
            "“Camille Martin, camille@example.org”. No account is needed."
        ),
    )

    def __init__(self, *args, courses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.courses = {course.pk: course for course in courses}
        self.fields["course"].choices = [("", _("Choose a course"))] + [
            (course.pk, course.title) for course in courses
        ]

    def clean_attendees(self):
        people, errors = attendees_parse(self.cleaned_data["attendees"])
        if errors:
            raise forms.ValidationError(errors)
        if not people:
            raise forms.ValidationError(_("List at least one learner."))
        return people

    def clean(self):
        cleaned = super().clean()
        if "course" in cleaned:
            cleaned["course"] = self.courses[cleaned["course"]]
        return cleaned
