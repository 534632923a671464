"""GDPR hooks: the lessons learned a person wrote (their name is published with them)."""

from library.models import Lesson


def export_user_data(*, user) -> dict:
    return {
        "lessons": [
            {
                "case": lesson.case.title,
                "written_at": lesson.created_at.isoformat(),
                "what_worked": lesson.what_worked,
                "costs": lesson.costs,
                "energy": lesson.energy,
                "incidents": lesson.incidents,
                "staff_opinion": lesson.staff_opinion,
            }
            for lesson in Lesson.objects.filter(author=user).select_related("case")
        ]
    }


def erase_user_data(*, user) -> None:
    """The lessons stay (they are the city's record of a deployment); the name goes."""
    Lesson.objects.filter(author=user).update(author=None, author_name="")
