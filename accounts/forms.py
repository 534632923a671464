from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.territories import territory_choices, territory_label


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "arrondissement", "age_bracket", "department"]
        help_texts = {
            "arrondissement": _("Optional. Only used, aggregated, in participation statistics."),
            "age_bracket": _("Optional. Only used, aggregated, in participation statistics."),
        }

    def __init__(self, *args, show_department: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # The city's own territories (accounts/territories), not a list fixed in the code.
        self.fields["arrondissement"] = forms.ChoiceField(
            label=territory_label(),
            required=False,
            choices=[("", _("I prefer not to say"))] + territory_choices(),
            help_text=self.fields["arrondissement"].help_text,
        )
        self.fields["age_bracket"].choices = [("", _("I prefer not to say"))] + list(
            self.fields["age_bracket"].choices
        )[1:]
        if not show_department:
            del self.fields["department"]


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To confirm that it is really you."),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account will be deleted and cannot be restored."),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This password is not correct."), code="wrong_password")
        return password
