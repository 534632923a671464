from django import forms
from django.utils.translation import gettext_lazy as _

from library.models import Lesson


class LessonForm(forms.ModelForm):
    """Lessons learned after deployment ("retour d'expérience")."""

    class Meta:
        model = Lesson
        fields = ["what_worked", "costs", "energy", "incidents", "staff_opinion"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields}
        help_texts = {
            "what_worked": _("What the deployment changed, what worked and what did not."),
            "costs": _("Purchase, staff time, running costs; say what is an estimate."),
            "energy": _("Measured or estimated consumption, and how."),
            "incidents": _("Errors, complaints, recourse requests, and what was done."),
            "staff_opinion": _("The formal opinion of the staff bodies, if they gave one."),
        }

    def clean(self):
        data = super().clean()
        for name, value in data.items():
            if isinstance(value, str) and len(value) > 20000:
                self.add_error(name, _("Too long (20,000 characters at most)."))
        return data
