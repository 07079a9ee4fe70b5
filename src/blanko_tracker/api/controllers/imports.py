"""Imports of the offices' existing spreadsheets (multipart upload, field `file`)."""

from __future__ import annotations

from typing import Annotated, Literal

from litestar import Controller, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery

from blanko_tracker.api.params import CurrentActor
from blanko_tracker.api.problems import responses
from blanko_tracker.domain.errors import InvalidInput
from blanko_tracker.schemas import ImportResult
from blanko_tracker.services import imports


class ImportController(Controller):
    path = "/api/v1/imports"
    tags = ["imports"]

    @post("/{kind:str}", operation_id="import_file", status_code=200,
          responses=responses(400, 401, 403, 422), request_max_body_size=50 * 1024 * 1024)
    async def import_file(
        self, kind: FromPath[Literal["indicators", "print_debt", "suket"]], actor: CurrentActor,
        data: Annotated[dict[str, UploadFile],
                        Body(media_type=RequestEncodingType.MULTI_PART)],
        dry_run: FromQuery[bool] = False,
    ) -> ImportResult:
        """All or nothing: any bad row is 422 `invalid_rows`, naming the first 100 bad cells
        by row and column and counting them all (`error_count`, `bad_rows`); a sheet past
        100,000 rows or 50 columns is 422 `spreadsheet_too_large`."""
        upload = data.get("file")
        if upload is None:
            raise InvalidInput("file", "send the spreadsheet as the multipart field `file`")
        result = await imports.import_file(kind, upload.filename, upload.file, actor=actor,
                                           dry_run=dry_run)
        return ImportResult(**result)
