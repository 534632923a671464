"""Consultation pages, one module per sub-domain: `consultations`, `use_cases`, `ballots`,
`debate`, `moderation`, `answers`, `notifications`, `open_data`; `_common` holds the one
POST → form → service → refusal sequence. Views read through selectors, write through
services and ask `consultation.policies` which actions to show."""
