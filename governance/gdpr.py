"""GDPR hooks. A gate signature is an act of the reviewer's office: it stays after the account
is deleted, shown with the reviewer's service and without their name."""

from governance.models import GateSignature


def export_user_data(*, user) -> dict:
    return {
        "gate_signatures": [
            {
                "project": s.project.title,
                "stage": s.stage,
                "role": s.role,
                "verdict": s.verdict,
                "public_reasons": s.public_reasons,
                "internal_notes": s.internal_notes,
                "signed_at": s.signed_at.isoformat(),
            }
            for s in GateSignature.objects.filter(signer=user).select_related("project")
        ]
    }


def erase_user_data(*, user) -> None:
    GateSignature.objects.filter(signer=user).update(signer=None, signer_name="")
