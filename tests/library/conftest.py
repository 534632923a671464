import pytest

from tests.library.factories import PartnerServer


@pytest.fixture
def partner_servers():
    """Two partner cities' sites, live on 127.0.0.1."""
    servers = [PartnerServer(), PartnerServer()]
    yield servers
    for server in servers:
        server.stop()
