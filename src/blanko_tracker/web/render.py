"""Rendering a page: the template engine's filters and the context every page shares."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, StrictUndefined, pass_context
from jinja2.runtime import Context
from litestar import Request
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Template
from litestar.template.config import TemplateConfig

from blanko_tracker import formats
from blanko_tracker.domain.access import Action, Actor, Role, may_at_all
from blanko_tracker.domain.errors import BlankoError
from blanko_tracker.domain.regions import local_date
from blanko_tracker.problems import problem_document
from blanko_tracker.services.sessions import BrowserSession
from blanko_tracker.web import i18n
from blanko_tracker.web.session import CSRF_FIELD, LANGUAGE_COOKIE

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"


@cache
def static_url(path: str) -> str:
    """A shipped asset's address, fingerprinted by its content (`/static/app.css?v=…`): a new
    release is a new address, so browsers may keep each one a year (web/headers.py). Read
    once per process: the assets change only with a release."""
    digest = hashlib.sha256((STATIC / path).read_bytes()).hexdigest()[:12]
    return f"/static/{path}?v={digest}"


@pass_context
def _t(context: Context, key: str) -> str:
    return i18n.translate(context["lang"], key)


# Numbers and dates in the page's language (formats.py, by Babel): `83.000`, `2 Februari 2023`.
@pass_context
def _number(context: Context, value: float | None, decimals: int = 1) -> str:
    return formats.number(value, context["lang"], decimals=decimals)


@pass_context
def _percent(context: Context, value: float | None) -> str:
    return formats.percent(value, context["lang"])


@pass_context
def _long_date(context: Context, value: Any, region: str | None = None) -> str:
    """`region` names whose day a moment (a datetime) fell on: an office's day is its own
    time zone's (WIB, WITA, WIT), not UTC's."""
    if isinstance(value, datetime) and region is not None:
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)  # stored in UTC
        value = local_date(region, aware)
    return formats.long_date(value, context["lang"])


@pass_context
def _month_year(context: Context, value: Any) -> str:
    return formats.month_year(value, context["lang"])


def _configure(engine: JinjaTemplateEngine) -> None:
    environment: Environment = engine.engine
    environment.globals.update(t=_t, problem_detail=_problem_detail, static=static_url)
    environment.filters.update(number=_number, percent=_percent, long_date=_long_date,
                               month_year=_month_year)
    environment.undefined = StrictUndefined  # a misspelt name fails the page, and its test


def template_config() -> TemplateConfig[JinjaTemplateEngine]:
    return TemplateConfig(directory=TEMPLATES, engine=JinjaTemplateEngine,
                          engine_callback=_configure)


@dataclass(frozen=True, slots=True)
class NavItem:
    href: str
    key: str


def navigation(actor: Actor) -> list[NavItem]:
    """The menu: only what this role can use."""
    items = [NavItem("/", "dashboard"), NavItem(f"/regions/{actor.region}", "region")]
    if may_at_all(actor, Action.PRINT):
        items.append(NavItem(f"/regions/{actor.region}/print-runs/new", "record_print_run"))
    if may_at_all(actor, Action.RECORD):
        items.append(NavItem(f"/regions/{actor.region}/recordings/new", "record_recordings"))
    items.append(NavItem("/shipments", "shipments"))
    if may_at_all(actor, Action.REQUEST) or may_at_all(actor, Action.APPROVE):
        items.append(NavItem("/requests", "requests"))
    if may_at_all(actor, Action.RUN_SCENARIOS):
        items.append(NavItem("/planning", "planning"))
        items.append(NavItem(f"/regions/{actor.region}/scenario", "scenario"))
    items.append(NavItem("/reports", "monthly_report"))
    if may_at_all(actor, Action.RECORD):
        items.append(NavItem("/imports", "imports"))
    if may_at_all(actor, Action.MANAGE_USERS):
        items.append(NavItem("/users", "users"))
    return items


def language_of(request: Request[Any, Any, Any]) -> str:
    return i18n.choose(request.cookies.get(LANGUAGE_COOKIE))


def page(request: Request[Any, Any, Any], name: str, *, session: BrowserSession | None,
         status: int = 200, **context: Any) -> Template:
    actor = session.actor if session else None
    return Template(
        template_name=name, status_code=status,
        context={
            "lang": language_of(request), "actor": actor, "Role": Role,
            "csrf_field": CSRF_FIELD, "csrf_token": session.csrf_token if session else "",
            "nav": navigation(actor) if actor else [], "path": request.url.path,
            "query": request.url.query, **context,
        },
    )


def problem_of(error: BlankoError) -> dict[str, Any]:
    """What a refused form shows: a translated title by the problem's code, and its detail."""
    status, document = problem_document(error)
    key = f"problem_{error.code}"
    return {"status": status, "code": error.code, "detail": document["detail"],
            "title_key": key if i18n.has(key) else "refused",
            "field": getattr(error, "field", None), "members": error.context(),
            "rule": error.rule, "values": error.values}


@pass_context
def _problem_detail(context: Context, problem: dict[str, Any]) -> str:
    """A refusal's detail in the page's language where the catalogue words it (from the
    problem's own members: region, quantities, role…), else as the API words it."""
    return i18n.problem_detail(context["lang"], problem["code"], problem["members"],
                               problem["detail"], rule=problem.get("rule"),
                               values=problem.get("values"))
