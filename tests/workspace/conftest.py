import pytest

from accounts.roles import Role
from tests.factories import UserFactory


@pytest.fixture
def agent(db):
    return UserFactory(roles=[Role.AGENT], department="DSIN")


@pytest.fixture
def colleague(db):
    return UserFactory(roles=[Role.AGENT], department="DSIN")


@pytest.fixture
def other_agent(db):
    return UserFactory(roles=[Role.AGENT], department="Voirie")


@pytest.fixture
def ai_lead(db):
    return UserFactory(roles=[Role.AI_LEAD], department="DSIN")


@pytest.fixture
def resident(db):
    return UserFactory(roles=[Role.RESIDENT])


@pytest.fixture
def upload(django_capture_on_commit_callbacks):
    """Upload through the service and run the extraction task queued after commit."""
    from workspace.documents import services

    def _upload(owner, name, data, **kwargs):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            document = services.document_upload(owner=owner, name=name, data=data, **kwargs)
        assert len(callbacks) == 1  # the extraction task, queued after commit
        services.document_extract(document_id=document.pk)
        document.refresh_from_db()
        return document

    return _upload
