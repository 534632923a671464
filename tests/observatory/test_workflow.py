"""Editorial workflow: researcher submits → reviewer (supervisor) approves → board publishes;
nobody approves their own submission."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from wagtail.models import GroupPagePermission, Workflow, WorkflowPage

from accounts.roles import Role
from observatory.models import NoSelfApprovalTask
from observatory.services import BOARD_GROUP, REVIEWERS_GROUP, WORKFLOW_NAME
from tests.factories import UserFactory
from tests.observatory.factories import ResearcherFactory, make_analysis

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    reviewers, board = Group.objects.get(name=REVIEWERS_GROUP), Group.objects.get(name=BOARD_GROUP)
    researcher = UserFactory(roles=[Role.RESEARCHER])
    reviewer = UserFactory(roles=[Role.RESEARCHER])
    reviewer.groups.add(reviewers)
    member = UserFactory()
    member.groups.add(board)
    return {"researcher": researcher, "reviewer": reviewer, "board": member}


@pytest.fixture
def draft(index, people):
    page = make_analysis(
        index,
        title="Brouillon",
        slug="brouillon",
        live=False,
        authors=[(ResearcherFactory(), "author")],
    )
    page.save_revision(user=people["researcher"])
    return page


def _submit(page, user):
    workflow = page.get_workflow()
    assert workflow is not None and workflow.name == WORKFLOW_NAME
    return workflow.start(page, user)


def test_data_migration_creates_groups_and_a_two_step_workflow():
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    tasks = [t.specific for t in workflow.tasks.all()]
    assert [type(t) for t in tasks] == [NoSelfApprovalTask, NoSelfApprovalTask]
    assert [list(t.groups.values_list("name", flat=True)) for t in tasks] == [
        [REVIEWERS_GROUP],
        [BOARD_GROUP],
    ]
    for name in (REVIEWERS_GROUP, BOARD_GROUP, "researcher"):
        assert Group.objects.get(name=name).permissions.filter(codename="access_admin").exists()


def test_publishing_the_index_binds_workflow_and_page_permissions(index):
    assert WorkflowPage.objects.get(page=index).workflow.name == WORKFLOW_NAME
    perms = set(
        GroupPagePermission.objects.filter(page=index).values_list(
            "group__name", "permission__codename"
        )
    )
    assert ("researcher", "add_page") in perms
    assert ("researcher", "publish_page") not in perms
    assert (BOARD_GROUP, "publish_page") in perms
    assert (REVIEWERS_GROUP, "publish_page") not in perms


def test_step_permissions_matrix(draft, people):
    assert draft.permissions_for_user(people["researcher"]).can_publish() is False
    assert draft.permissions_for_user(people["reviewer"]).can_publish() is False
    assert draft.permissions_for_user(people["reviewer"]).can_edit() is True
    assert draft.permissions_for_user(people["board"]).can_publish() is True
    assert draft.get_parent().permissions_for_user(people["researcher"]).can_add_subpage() is True


def test_full_path_researcher_reviewer_board_publishes(draft, people):
    state = _submit(draft, people["researcher"])
    review = state.current_task_state
    assert review.task.specific.get_actions(draft, people["researcher"]) == []
    assert review.task.specific.get_actions(draft, people["board"]) == []
    review.task.specific.on_action(review, people["reviewer"], "approve")
    state.refresh_from_db()
    board_step = state.current_task_state
    assert board_step.task.name.startswith("Editorial board")
    with pytest.raises(PermissionDenied):
        board_step.task.specific.on_action(board_step, people["reviewer"], "approve")
    board_step.task.specific.on_action(board_step, people["board"], "approve")
    draft.refresh_from_db()
    assert draft.live is True
    state.refresh_from_db()
    assert state.status == state.STATUS_APPROVED


def test_nobody_approves_their_own_submission(draft, people):
    """The reviewer submits their own page: they cannot approve it, even in the right group."""
    state = _submit(draft, people["reviewer"])
    review = state.current_task_state
    task = review.task.specific
    assert task.get_actions(draft, people["reviewer"]) == []
    with pytest.raises(PermissionDenied):
        task.on_action(review, people["reviewer"], "approve")
    other = UserFactory()
    other.groups.add(Group.objects.get(name=REVIEWERS_GROUP))
    assert [a[0] for a in task.get_actions(draft, other)] == ["reject", "approve", "approve"]


def test_even_a_superuser_cannot_approve_what_they_submitted(draft):
    admin = UserFactory(is_superuser=True, is_staff=True)
    state = _submit(draft, admin)
    review = state.current_task_state
    with pytest.raises(PermissionDenied):
        review.task.specific.on_action(review, admin, "approve")


def test_outsider_cannot_approve_or_reject(draft, people):
    state = _submit(draft, people["researcher"])
    review = state.current_task_state
    outsider = UserFactory(roles=[Role.RESIDENT])
    for action in ("approve", "reject"):
        with pytest.raises(PermissionDenied):
            review.task.specific.on_action(review, outsider, action)
