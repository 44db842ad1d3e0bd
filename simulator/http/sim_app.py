"""The app class: Starlette whose middleware stack is only ordersim's own. SimMiddleware is
outermost and turns every exception into an answer in the caller's vendor envelope, so Starlette's
ServerErrorMiddleware and ExceptionMiddleware would only add two layers (and two `send` wrappers)
to every request."""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.applications import Starlette
from starlette.types import ASGIApp

if TYPE_CHECKING:
    from simulator.engine import Engine
    from simulator.http.answer_cache import AnswerCache
    from simulator.settings import Settings
    from simulator.vendors.base import Vendor


class SimApp(Starlette):
    # Set by create_app; handlers reach them as request.app.engine (an attribute, where
    # app.state.engine is a State.__getattr__ call on every request).
    engine: Engine
    settings: Settings  # as they are now (PUT /_sim/settings changes this very object)
    vendors: dict[str, Vendor]
    answers: AnswerCache  # encoded reads of unchanged orders (simulator/http/answer_cache.py)

    def build_middleware_stack(self) -> ASGIApp:
        app: ASGIApp = self.router.middleware_stack  # what Router.__call__ would only forward to
        for cls, args, kwargs in reversed(self.user_middleware):
            app = cls(app, *args, **kwargs)
        return app
