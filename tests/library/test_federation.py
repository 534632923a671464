"""Harvest of partner libraries through core/federation.py: live HTTP servers, all or
nothing, keyed by source URL + id, withdrawn cases marked, errors recorded on the partner."""

import pytest

from library.federation import HarvestError, partner_library_harvest
from library.models import LibraryCase, PartnerLibraryHarvest
from library.tasks import harvest_all_partners
from tests.library.factories import partner, partner_case, partner_export


def _snapshot():
    return sorted(
        LibraryCase.objects.values_list("partner_id", "source_id", "title", "withdrawn_at")
    )


@pytest.mark.django_db
def test_two_partner_libraries_harvested_over_http_without_duplicates_then_a_withdrawal(
    partner_servers,
):
    lyon_server, nantes_server = partner_servers
    lyon_server.payload = partner_export(
        partner_case("a", "Courrier"), partner_case("b", "Cantines"), publisher="Lyon"
    )
    # Nantes uses the same ids as Lyon: keyed by source URL + id, they never collide.
    nantes_server.payload = partner_export(partner_case("a", "Chatbot"), publisher="Nantes")
    lyon = partner("Lyon", lyon_server.url)
    nantes = partner("Nantes", nantes_server.url)

    assert harvest_all_partners.delay().get() == 2
    assert LibraryCase.objects.filter(partner=lyon).count() == 2
    assert LibraryCase.objects.filter(partner=nantes).count() == 1
    chatbot = LibraryCase.objects.get(partner=nantes, source_id="a")
    assert (chatbot.city, chatbot.title, chatbot.outcome) == ("Nantes", "Chatbot", "adopted")
    assert (chatbot.commitments_total, chatbot.commitments_kept) == (3, 2)
    assert chatbot.lessons.get().costs == "10 k€"
    state = PartnerLibraryHarvest.objects.get(partner=lyon)
    assert state.entries_count == 2 and state.last_error == "" and state.last_success_at

    # Harvesting again changes nothing: no duplicates, same rows.
    before = _snapshot()
    ids = sorted(LibraryCase.objects.values_list("pk", flat=True))
    harvest_all_partners.delay().get()
    assert _snapshot() == before
    assert sorted(LibraryCase.objects.values_list("pk", flat=True)) == ids
    assert chatbot.lessons.count() == 1

    # Lyon withdraws "b": marked withdrawn, gone from the pages, kept in the table.
    lyon_server.payload = partner_export(partner_case("a", "Courrier renommé"), publisher="Lyon")
    partner_library_harvest(partner_id=lyon.pk)
    withdrawn = LibraryCase.objects.get(partner=lyon, source_id="b")
    assert withdrawn.withdrawn_at is not None
    assert LibraryCase.objects.get(partner=lyon, source_id="a").title == "Courrier renommé"
    assert LibraryCase.objects.get(partner=nantes, source_id="a").withdrawn_at is None


@pytest.mark.django_db
def test_a_malformed_partner_export_fails_cleanly_and_keeps_the_previous_cases(partner_servers):
    server = partner_servers[0]
    server.payload = partner_export(partner_case("a", "Un"), partner_case("b", "Deux"))
    lyon = partner("Lyon", server.url)
    partner_library_harvest(partner_id=lyon.pk)
    before = _snapshot()
    bad_exports = [
        partner_export(partner_case("a", "Un modifié"), partner_case("c", "Trois", outcome="??")),
        partner_export(partner_case("a", "Un"), partner_case("a", "Un bis")),  # duplicate id
        partner_export(partner_case("x", "")),  # empty title
        partner_export(partner_case("x", "X", summary="nul\x00")),
        partner_export(partner_case("x", "X", url="javascript:alert(1)")),
        {"cases": "not a list"},
    ]
    for payload in bad_exports:
        server.payload = payload
        with pytest.raises(HarvestError):
            partner_library_harvest(partner_id=lyon.pk)
        assert _snapshot() == before
    server.body = b"{not json"
    with pytest.raises(HarvestError, match="Not JSON"):
        partner_library_harvest(partner_id=lyon.pk)
    assert _snapshot() == before
    state = PartnerLibraryHarvest.objects.get(partner=lyon)
    assert state.last_error.startswith("Not JSON") and state.entries_count == 2


@pytest.mark.django_db
def test_an_oversized_partner_export_is_refused_and_nothing_changes(partner_servers, settings):
    server = partner_servers[0]
    server.payload = partner_export(partner_case("a", "Un"))
    lyon = partner("Lyon", server.url)
    partner_library_harvest(partner_id=lyon.pk)
    before = _snapshot()
    server.payload = partner_export(*[partner_case(f"id{i}", f"Cas {i}") for i in range(50)])
    settings.LIBRARY_HARVEST_MAX_BYTES = 20_000
    with pytest.raises(HarvestError, match="too large"):
        partner_library_harvest(partner_id=lyon.pk)
    assert _snapshot() == before
    assert "too large" in PartnerLibraryHarvest.objects.get(partner=lyon).last_error


@pytest.mark.django_db
def test_an_unreachable_partner_is_recorded_by_the_task_which_returns_zero():
    import socket

    from library.tasks import harvest_partner

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    gone = partner("Gone", f"http://127.0.0.1:{port}/library/library.json")
    assert harvest_partner.delay(gone.pk).get() == 0
    assert PartnerLibraryHarvest.objects.get(partner=gone).last_error.startswith("Unreachable")


def test_our_own_export_is_harvestable_by_a_partner_over_real_http(asgi_live_server):
    """Round trip: what /library/library.json serves is what the harvest reads."""
    from library.services import library_own_cases_refresh
    from tests.library.factories import own_adopted_case

    own_adopted_case(title="Tri du courrier")
    library_own_cases_refresh()
    us = partner("Nous-mêmes", f"{asgi_live_server.url}/library/library.json")
    assert partner_library_harvest(partner_id=us.pk) == 1
    copy = LibraryCase.objects.get(partner=us)
    assert copy.title == "Tri du courrier" and copy.median_grade == "good"
    assert (copy.commitments_total, copy.commitments_kept) == (2, 1)
    assert copy.source_page_url.startswith("http") and copy.source_page_url.endswith(
        f"/library/{LibraryCase.objects.get(partner__isnull=True).pk}/"
    )
