"""The one place the application is built."""

from __future__ import annotations

from datetime import timedelta

from litestar import Litestar
from litestar.datastructures import State
from litestar.di import Provide
from litestar.logging.config import LoggingConfig
from litestar.middleware import DefineMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.plugins.problem_details import ProblemDetailsPlugin
from piccolo.engine.base import Engine

from blanko_tracker import __version__
from blanko_tracker.api import problems
from blanko_tracker.api.body_limit import BodyLimit
from blanko_tracker.api.compression import compression_config
from blanko_tracker.api.controllers.auth import AuthController
from blanko_tracker.api.controllers.balancing import BalancingController
from blanko_tracker.api.controllers.daily_reports import DailyReportController
from blanko_tracker.api.controllers.destructions import (
    DestructionController,
    SurrenderController,
)
from blanko_tracker.api.controllers.forecast import ForecastController
from blanko_tracker.api.controllers.health import health
from blanko_tracker.api.controllers.imports import ImportController
from blanko_tracker.api.controllers.indicators import IndicatorController
from blanko_tracker.api.controllers.kits import KitController
from blanko_tracker.api.controllers.loans import LoanController
from blanko_tracker.api.controllers.oversight import OversightController
from blanko_tracker.api.controllers.printers import PrinterController
from blanko_tracker.api.controllers.printing import PrintingController
from blanko_tracker.api.controllers.public import PublicController
from blanko_tracker.api.controllers.regions import RegionController
from blanko_tracker.api.controllers.reports import ReportController
from blanko_tracker.api.controllers.shipments import ShipmentController, locate_serial
from blanko_tracker.api.controllers.stock import StockController
from blanko_tracker.api.controllers.stock_requests import StockRequestController
from blanko_tracker.api.controllers.suket import SuketController
from blanko_tracker.api.guards import jwt_auth, provide_actor
from blanko_tracker.api.idempotency import UNWRAPPED_PATHS, TransactionPerWrite
from blanko_tracker.api.openapi import OpenAPIDocument, document_idempotency_key
from blanko_tracker.api.reads import snapshot_reads_first
from blanko_tracker.db import engine as db_engine
from blanko_tracker.domain.client_address import trusted_networks
from blanko_tracker.services import auth
from blanko_tracker.services.housekeeping import Housekeeper
from blanko_tracker.settings import Settings
from blanko_tracker.web.headers import security_headers
from blanko_tracker.web.render import template_config
from blanko_tracker.web.router import pages_router

API_CONTROLLERS = [
    AuthController,
    RegionController,
    StockController,
    StockRequestController,
    ShipmentController,
    locate_serial,
    PrintingController,
    IndicatorController,
    PrinterController,
    LoanController,
    BalancingController,
    SuketController,
    SurrenderController,
    DestructionController,
    KitController,
    ForecastController,
    OversightController,
    ReportController,
    ImportController,
    PublicController,
    DailyReportController,
]


def create_app(settings: Settings | None = None, *, engine: Engine | None = None) -> Litestar:
    """The application. Given an `engine`, the caller owns its pool (tests share theirs);
    otherwise the app opens one on startup and closes it on shutdown."""
    settings = settings or Settings.from_env()
    owns_engine = engine is None
    engine = engine or db_engine.make_engine(settings.database_url)
    db_engine.bind(engine)
    if settings.fast_password_hashing:
        auth.use_fast_hashing()
    housekeeper = Housekeeper(idempotency_ttl=timedelta(seconds=settings.idempotency_ttl_seconds))
    jwt = jwt_auth(settings)

    async def open_database() -> None:
        db_engine.bind(engine)
        if owns_engine:
            await db_engine.open_pool(engine, settings.database_pool_size)
        housekeeper.start()

    async def close_database() -> None:
        await housekeeper.stop()
        if owns_engine:
            await db_engine.close_pool(engine)

    app = Litestar(
        route_handlers=[health, *API_CONTROLLERS, pages_router()],
        template_config=template_config(),
        on_app_init=[jwt.on_app_init,
                     *([snapshot_reads_first] if db_engine.is_sqlite(engine) else [])],
        state=State({"jwt": jwt, "settings": settings,
                     "trusted_proxies": trusted_networks(settings.trusted_proxies)}),
        on_startup=[open_database],
        on_shutdown=[close_database],
        dependencies={
            "actor": Provide(provide_actor, sync_to_thread=False),
        },
        # Security and caching headers on every answer, routed or not (a 404, the bearer
        # check's 401), added as it leaves.
        before_send=[security_headers],
        # Pages and assets gzip-compressed for slow links; answers to writes as they are.
        compression_config=compression_config(),
        middleware=[
            BodyLimit,
            DefineMiddleware(TransactionPerWrite, ttl=timedelta(
                seconds=settings.idempotency_ttl_seconds)),
        ],
        plugins=[ProblemDetailsPlugin(problems.config())],
        openapi_config=OpenAPIConfig(
            title="blanko-tracker",
            version=__version__,
            description="Blank KTP-el cards: stock, supply, printing, print debt and forecasts.",
            path="/schema",
            render_plugins=[OpenAPIDocument()],
        ),
        # Refusals (4xx) are answers, not incidents: problems.internal_problem logs the rest.
        logging_config=LoggingConfig(log_exceptions="never"),
        debug=False,
    )
    document_idempotency_key(app, unwrapped=UNWRAPPED_PATHS)
    return app


def app_from_env() -> Litestar:
    """The uvicorn factory: each worker process builds its app from the environment."""
    return create_app(Settings.from_env())
