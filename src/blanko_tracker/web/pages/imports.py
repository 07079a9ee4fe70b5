"""Uploading the offices' spreadsheets (indicators, print-debt counts, suket): all or nothing, and
every bad row shown by row, column and what is wrong with it."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.datastructures import UploadFile
from litestar.di import Provide
from litestar.response import Template

from blanko_tracker.domain.access import Action, authorize
from blanko_tracker.domain.errors import BlankoError, InvalidInput
from blanko_tracker.domain.imports import COLUMNS, InvalidRows
from blanko_tracker.services import imports
from blanko_tracker.services.sessions import BrowserSession
from blanko_tracker.web.render import page, problem_of
from blanko_tracker.web.session import CurrentSession, provide_session, read_form

MAX_UPLOAD = 50 * 1024 * 1024  # as the API's import endpoint


def imports_page(request: Request[Any, Any, Any], session: BrowserSession, *,
                 typed: dict[str, str] | None = None, problem: dict[str, Any] | None = None,
                 refused: InvalidRows | None = None,
                 result: dict[str, Any] | None = None) -> Template:
    """`refused`: its bad cells in a table, the first 100 of them and how many in all."""
    return page(request, "imports.html", session=session,
                status=problem["status"] if problem else 200,
                typed=typed or {"kind": "indicators"}, kinds=list(COLUMNS),
                columns=COLUMNS, problem=problem,
                row_errors=refused.errors if refused else [],
                error_count=refused.error_count if refused else 0, result=result)


class ImportPages(Controller):
    include_in_schema = False
    dependencies = {"session": Provide(provide_session)}

    @get("/imports")
    async def imports_form(self, request: Request[Any, Any, Any], session: CurrentSession
                           ) -> Template:
        authorize(session.actor, Action.RECORD, session.actor.region)
        return imports_page(request, session)

    @post("/imports", request_max_body_size=MAX_UPLOAD)
    async def upload(self, request: Request[Any, Any, Any], session: CurrentSession
                     ) -> Template:
        """Refused (any bad row): the rows' errors in a table; the request's transaction
        rolls back, so nothing is written."""
        authorize(session.actor, Action.RECORD, session.actor.region)  # before the upload
        fields = await read_form(request, session.csrf_token)
        upload = (await request.form()).get("file")
        dry_run = fields.get("dry_run") in ("true", "on", "1")
        try:
            if not isinstance(upload, UploadFile) or not upload.filename:
                raise InvalidInput("file", "choose a .csv or .xlsx file to upload",
                                   rule="choose_file")
            result = await imports.import_file(
                fields.get("kind", ""), upload.filename, upload.file, actor=session.actor,
                dry_run=dry_run)
        except BlankoError as error:
            return imports_page(request, session, typed=fields, problem=problem_of(error),
                                refused=error if isinstance(error, InvalidRows) else None)
        return imports_page(request, session, typed=fields, result=result)
