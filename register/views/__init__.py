"""Register pages: `public` (anyone) and `staff` (the recourse queue, error reports, audit).

A service refuses with a `core.errors.ApplicationError`; the views show it above the same form
with `core.forms.refusal_show`.
"""
