"""The honeypot field and the fake success every public form answers a bot with."""

import pytest
from django import forms
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

from core.forms import HoneypotMixin, honeypot_response
from tests.core.honeypot import assert_trap_hidden


class ContactForm(HoneypotMixin):
    message = forms.CharField()


def _request(method="post", data=None):
    request = getattr(RequestFactory(), method)("/contact/", data or {})
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_the_trap_renders_hidden_from_everyone():
    html = ContactForm().as_div()
    assert_trap_hidden(html)
    assert 'class="honeypot"' in html


def test_templates_list_the_trap_with_hidden_fields_so_it_gets_no_visible_label_block():
    form = ContactForm()
    assert [f.name for f in form.hidden_fields()] == ["website"]
    assert [f.name for f in form.visible_fields()] == ["message"]


def test_a_prefixed_form_keeps_the_trap_hidden_and_reads_its_own_field():
    form = ContactForm({"contact-website": "x", "website": ""}, prefix="contact")
    assert_trap_hidden(form.as_div())
    assert form.honeypot_filled()
    assert not ContactForm({"website": "x"}, prefix="contact").honeypot_filled()


@pytest.mark.parametrize("value", ["", "   "])
def test_an_empty_trap_lets_the_view_go_on(value):
    request = _request(data={"message": "hi", "website": value})
    assert honeypot_response(request, ContactForm(request.POST), redirect_to="/done/") is None


def test_a_filled_trap_answers_the_real_success_and_flashes_its_message():
    request = _request(data={"message": "", "website": "http://spam.example"})
    form = ContactForm(request.POST)
    response = honeypot_response(request, form, redirect_to="/done/", message="Thanks!")
    assert response.status_code == 302 and response["Location"] == "/done/"
    assert [str(m) for m in request._messages] == ["Thanks!"]


def test_a_filled_trap_is_caught_even_when_the_rest_of_the_post_is_invalid():
    request = _request(data={"website": "spam"})  # "message" is required and missing
    form = ContactForm(request.POST)
    assert honeypot_response(request, form, redirect_to="/done/") is not None


def test_a_get_never_triggers_the_trap():
    request = _request(method="get", data={"website": "x"})
    assert honeypot_response(request, ContactForm(request.GET), redirect_to="/done/") is None


def test_the_trap_value_is_never_a_reason_to_refuse_the_form():
    """The old consultation trap refused the post with an error: bots learned from it."""
    form = ContactForm({"message": "hi", "website": "spam"})
    assert form.is_valid()
