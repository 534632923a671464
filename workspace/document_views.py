"""Pages of documents and collections (/workspace/documents/, /workspace/collections/).

Beside the `documents` package, not in it: they read `workspace.selectors`, which reads the
package (an import cycle between siblings otherwise)."""

from __future__ import annotations

from functools import partial, wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import ApplicationError
from core.forms import refusal_show
from workspace import policies, selectors
from workspace.documents import services
from workspace.forms import CollectionDocumentForm, CollectionForm, DocumentUploadForm
from workspace.models import Collection, Document


def workspace_required(view):
    """Anonymous: to the login page; signed in without the agent or AI lead role: 403."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not policies.workspace_allowed(request.user):
            raise PermissionDenied(_("The workspace is open to city agents only."))
        return view(request, *args, **kwargs)

    return wrapped


def _document_or_404(request, public_id) -> Document:
    document = Document.objects.filter(public_id=public_id).select_related("owner").first()
    if document is None or not policies.document_visible(request.user, document):
        raise Http404
    return document


def _collection_or_404(request, public_id) -> Collection:
    collection = Collection.objects.filter(public_id=public_id).select_related("owner").first()
    if collection is None or not policies.collection_visible(request.user, collection):
        raise Http404
    return collection


def _crumbs(*items):
    return [(_("Workspace"), reverse("workspace:documents")), *items]


@workspace_required
def documents(request):
    user = request.user
    own_collections = Collection.objects.filter(owner=user)
    form = DocumentUploadForm(collections=own_collections)
    collection_form = CollectionForm(prefix="collection")
    status = 200
    if request.method == "POST":
        form = DocumentUploadForm(request.POST, request.FILES, collections=own_collections)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                document = services.document_upload(
                    owner=user,
                    name=upload.name,
                    data=upload.read(),
                    title=form.cleaned_data["title"],
                    collection=form.cleaned_data["collection"],
                )
            except ApplicationError as exc:
                status = refusal_show(form, exc, field="file")
            else:
                messages.success(request, _("Document uploaded: its text is being extracted."))
                return redirect(document.get_absolute_url())
        else:
            status = 413 if form.has_error("file", code="too_large") else 400
    return _documents_page(request, form, collection_form, status)


def _documents_page(request, form, collection_form, status: int = 200):
    """The agent's documents and collections, with the upload and new collection forms."""
    user = request.user
    return render(
        request,
        "workspace/documents.html",
        {
            "title": _("My documents"),
            "breadcrumb": _crumbs((_("Documents"), "")),
            "documents": selectors.documents_of(user=user),
            "collections": selectors.collections_for(user=user),
            "form": form,
            "collection_form": collection_form,
        },
        status=status,
    )


@workspace_required
def document_detail(request, public_id):
    document = _document_or_404(request, public_id)
    return render(
        request,
        "workspace/document_detail.html",
        {
            "title": document.title,
            "breadcrumb": _crumbs((document.title, "")),
            "document": document,
            "units": selectors.document_units(document=document),
            "editable": policies.document_editable(request.user, document),
        },
    )


@workspace_required
def document_progress(request, public_id):
    """JSON for the progress bar's enhancement (the page itself refreshes without JS)."""
    document = _document_or_404(request, public_id)
    return JsonResponse(
        {
            "status": document.status,
            "status_label": document.get_status_display(),
            "percent": document.progress_percent,
            "done": document.units_done,
            "total": document.units_total,
            "working": document.is_working,
        }
    )


@workspace_required
@require_POST
def document_cancel(request, public_id):
    document = _document_or_404(request, public_id)
    try:
        services.document_cancel(user=request.user, document=document)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Extraction cancelled: the text extracted so far is kept."))
    return redirect(document.get_absolute_url())


@workspace_required
@require_POST
def document_resume(request, public_id):
    document = _document_or_404(request, public_id)
    try:
        services.document_resume(user=request.user, document=document)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect(document.get_absolute_url())


def _confirm_delete(request, obj, *, editable: bool, delete, done, title, lead):
    """The confirmation page (GET), then `delete(user=…)` (POST); the owner only."""
    if not editable:
        raise PermissionDenied
    if request.method == "POST":
        delete(user=request.user)
        messages.success(request, done)
        return redirect("workspace:documents")
    url = obj.get_absolute_url()
    return render(
        request,
        "workspace/confirm_delete.html",
        {
            "title": title,
            "breadcrumb": _crumbs((obj.title, url), (_("Delete"), "")),
            "object": obj,
            "lead": lead,
            "cancel_url": url,
        },
    )


@workspace_required
def document_delete(request, public_id):
    document = _document_or_404(request, public_id)
    return _confirm_delete(
        request,
        document,
        editable=policies.document_editable(request.user, document),
        delete=partial(services.document_delete, document=document),
        done=_("The document and its extracted text were deleted."),
        title=_("Delete this document?"),
        lead=_("The file and all its extracted text will be deleted for good."),
    )


@workspace_required
@require_POST
def collection_create(request):
    form = CollectionForm(request.POST, prefix="collection")
    if form.is_valid():
        try:
            collection = services.collection_create(owner=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            refusal_show(form, exc)
        else:
            messages.success(request, _("Collection created."))
            return redirect(collection.get_absolute_url())
    upload_form = DocumentUploadForm(collections=Collection.objects.filter(owner=request.user))
    return _documents_page(request, upload_form, form, status=400)


@workspace_required
def collection_detail(request, public_id):
    collection = _collection_or_404(request, public_id)
    editable = policies.collection_editable(request.user, collection)
    form = CollectionDocumentForm(
        documents=Document.objects.filter(owner=request.user).exclude(collections=collection)
    )
    status = 200
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action == "add":
                form = CollectionDocumentForm(
                    request.POST,
                    documents=Document.objects.filter(owner=request.user),
                )
                if form.is_valid():
                    services.collection_document_add(
                        user=request.user,
                        collection=collection,
                        document=form.cleaned_data["document"],
                    )
                    messages.success(request, _("Document added to the collection."))
                    return redirect(collection.get_absolute_url())
                status = 400
            elif action == "remove":
                document = collection.documents.filter(
                    public_id=request.POST.get("document")
                ).first()
                if document is None:
                    raise Http404
                services.collection_document_remove(
                    user=request.user, collection=collection, document=document
                )
                messages.success(request, _("Document removed from the collection."))
                return redirect(collection.get_absolute_url())
            elif action in ("share", "unshare"):
                services.collection_share(
                    user=request.user, collection=collection, shared=action == "share"
                )
                messages.success(
                    request,
                    _("Collection shared with your department.")
                    if action == "share"
                    else _("Collection no longer shared."),
                )
                return redirect(collection.get_absolute_url())
            else:
                status = 400
        except ApplicationError as exc:
            status = refusal_show(form, exc)
    return render(
        request,
        "workspace/collection_detail.html",
        {
            "title": collection.title,
            "breadcrumb": _crumbs((collection.title, "")),
            "collection": collection,
            "documents": selectors.collection_documents(user=request.user, collection=collection),
            "editable": editable,
            "form": form,
        },
        status=status,
    )


@workspace_required
def collection_delete(request, public_id):
    collection = _collection_or_404(request, public_id)
    return _confirm_delete(
        request,
        collection,
        editable=policies.collection_editable(request.user, collection),
        delete=partial(services.collection_delete, collection=collection),
        done=_("Collection deleted; its documents are kept."),
        title=_("Delete this collection?"),
        lead=_("The collection is deleted; the documents in it are kept."),
    )
