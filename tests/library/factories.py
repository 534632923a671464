"""Library test data: the city's own cases (through the consultation and the register) and
partner exports in the library format."""

import copy
import datetime
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.utils import timezone

from accounts.roles import Role
from consultation.models import Ballot, Commitment, Decision, OfficialAnswer
from register.models import RemoteRegister
from tests.consultation.factories import UseCaseFactory, closed_consultation
from tests.factories import UserFactory
from tests.register.factories import published_system


def agent(**kwargs):
    return UserFactory(roles=[Role.AGENT], **kwargs)


def own_adopted_case(*, title="Tri du courrier", grades=None, commitments=None, risk="minimal"):
    """A use case of a closed consultation, graded, adopted, with commitments and a
    register record; returns the use case."""
    system = published_system(name=f"Système {title}", risk_level=risk, theme="administration")
    use_case = UseCaseFactory(
        consultation=closed_consultation(), title=title, summary=f"Résumé de {title}"
    )
    for grade in grades or ["good", "good", "very_good", "passable", "good"]:
        Ballot.objects.create(use_case=use_case, voter=UserFactory(), grade=grade)
    answer = OfficialAnswer.objects.create(
        use_case=use_case,
        author_title="Adjointe au numérique",
        decision=Decision.ADOPTED,
        justification="Adopté après le vote.",
        register_slug=system.slug,
    )
    default = [("Publier la fiche", "kept"), ("Évaluer", "pending")]
    for text, status in default if commitments is None else commitments:
        Commitment.objects.create(
            answer=answer,
            text=text,
            deadline=timezone.localdate() + datetime.timedelta(days=30),
            status=status,
        )
    return use_case


def partner_case(source_id: str, title: str, **extra) -> dict:
    case = {
        "id": source_id,
        "url": f"https://partner.example/library/{source_id}/",
        "title": title,
        "summary": f"Résumé {title}",
        "problem": f"Problème de {title}",
        "theme": "citizen_relations",
        "consultation": {
            "title": "Consultation 2025",
            "ballots": 10,
            "merit_profile": {"good": 6, "passable": 4},
            "median_grade": "good",
            "rank": 1,
        },
        "outcome": "adopted",
        "decision": {
            "justification": "Adopté.",
            "decided_at": "2025-06-01T10:00:00+02:00",
            "decided_by": "Le maire",
        },
        "commitments": [
            {"text": "Publier la fiche", "deadline": "2025-09-01", "status": "kept"},
            {"text": "Mesurer", "deadline": "2025-12-01", "status": "kept"},
            {"text": "Consulter le CST", "deadline": "2026-03-01", "status": "pending"},
        ],
        "register_record": {
            "name": f"Fiche {title}",
            "url": "https://partner.example/register/x/",
            "status": "in_use",
            "risk_level": "limited",
        },
        "lessons": [{"author": "DSI", "what_worked": "Ça marche.", "costs": "10 k€"}],
        "updated_at": "2026-01-01T10:00:00+01:00",
    }
    case.update(extra)
    return case


def partner_export(*cases, publisher="Ville partenaire") -> dict:
    return {
        "standard": "ia-commune-library",
        "standard_version": "1.0",
        "publisher": publisher,
        "generated_at": "2026-11-01T10:00:00+01:00",
        "cases": list(cases),
    }


def partner(name: str, library_url: str) -> RemoteRegister:
    return RemoteRegister.objects.create(
        name=name,
        export_url=library_url.replace("library.json", "export.json"),
        library_url=library_url,
    )


class PartnerServer:
    """A partner city's site on 127.0.0.1: a real HTTP server in a thread that answers
    `/library/library.json` with `payload` (or `body` as raw bytes when set)."""

    def __init__(self):
        self.payload: dict = partner_export()
        self.body: bytes | None = None
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                if self.path != "/library/library.json":
                    self.send_response(404)
                    self.end_headers()
                    return
                body = (
                    server.body
                    if server.body is not None
                    else json.dumps(copy.deepcopy(server.payload)).encode()
                )
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/library/library.json"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()
