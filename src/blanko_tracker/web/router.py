"""The pages' router: every page controller, the shipped static files, and how a page
answers when something is refused (an HTML page, not a problem document)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any
from urllib.parse import quote

from litestar import Request, Response, Router, get
from litestar.exceptions import HTTPException
from litestar.response import File, Redirect, Template
from litestar.static_files import create_static_files_router

from blanko_tracker.domain.errors import BlankoError
from blanko_tracker.web.pages.adjustments import AdjustmentPages
from blanko_tracker.web.pages.auth import AuthPages
from blanko_tracker.web.pages.daily_reports import DailyReportPages
from blanko_tracker.web.pages.imports import ImportPages
from blanko_tracker.web.pages.offline import OfflinePages
from blanko_tracker.web.pages.planning import PlanningPages
from blanko_tracker.web.pages.printers import PrinterPages
from blanko_tracker.web.pages.printing import PrintingPages
from blanko_tracker.web.pages.public import PublicPages
from blanko_tracker.web.pages.regions import RegionPages
from blanko_tracker.web.pages.reports import ReportPages
from blanko_tracker.web.pages.scenario import ScenarioPages
from blanko_tracker.web.pages.shipments import ShipmentPages
from blanko_tracker.web.pages.stock_requests import StockRequestPages
from blanko_tracker.web.pages.suket import SuketPages
from blanko_tracker.web.pages.users import UserPages
from blanko_tracker.web.render import page, problem_of
from blanko_tracker.web.session import SignInNeeded

STATIC = Path(__file__).parent / "static"
PAGE_CONTROLLERS = [AuthPages, RegionPages, PrintingPages, AdjustmentPages, PrinterPages,
                    SuketPages, DailyReportPages,
                    ShipmentPages,
                    StockRequestPages,
                    PlanningPages, ScenarioPages, ReportPages, ImportPages, UserPages,
                    OfflinePages, PublicPages]
logger = logging.getLogger("blanko_tracker")


def _sign_in_first(request: Request[Any, Any, Any], _: SignInNeeded) -> Redirect:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return Redirect(f"/login?next={quote(target)}", status_code=303)


def _refused(request: Request[Any, Any, Any], error: BlankoError) -> Template:
    problem = problem_of(error)
    return page(request, "error.html", session=None, status=problem["status"],
                problem=problem)


def _http_error(request: Request[Any, Any, Any], error: HTTPException) -> Template:
    status = error.status_code
    key = {403: "forbidden_page", 404: "not_found_page"}.get(status, "error")
    return page(request, "error.html", session=None, status=status,
                problem={"status": status, "title_key": key, "detail": str(error.detail),
                         "code": "http_error", "field": None, "members": {}})


def _crashed(request: Request[Any, Any, Any], error: Exception) -> Response[Any]:
    logger.error("page %s failed", request.url.path, exc_info=error)
    return page(request, "error.html", session=None, status=500,
                problem={"status": 500, "title_key": "problem_internal_error",
                         "detail": "", "code": "internal_error", "field": None,
                         "members": {}})


# Browsers ask for /favicon.ico on their own, whatever the page links: answered with the
# shipped icon (kept a day, as its address carries no fingerprint), not a 404 page each time.
@get("/favicon.ico", include_in_schema=False, sync_to_thread=False,
     opt={"exclude_from_auth": True})
def favicon() -> File:
    return File(STATIC / "favicon.ico", media_type="image/x-icon",
                content_disposition_type="inline",
                headers={"Cache-Control": "public, max-age=86400"})


def pages_router() -> Router:
    static = create_static_files_router(path="/static", directories=[STATIC],
                                        opt={"exclude_from_auth": True},
                                        include_in_schema=False)
    return Router(
        path="/", route_handlers=[*PAGE_CONTROLLERS, static, favicon],
        opt={"exclude_from_auth": True},  # pages carry their own session (web/session.py)
        include_in_schema=False,
        exception_handlers={
            SignInNeeded: _sign_in_first, BlankoError: _refused,
            HTTPException: _http_error, Exception: _crashed,
        },
    )
