"""Liveness, readiness and the worker's Prometheus metrics."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from app.web.errors import error
from app.web.schemas import ErrorResponse

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="The process is alive")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", summary="The NLP pipeline is loaded",
            responses={503: {"model": ErrorResponse}})
def readyz(request: Request) -> JSONResponse:
    if not request.app.state.ready:
        return error(503, "pipeline still loading")
    return JSONResponse({"status": "ready"})


@router.get("/metrics", summary="Prometheus metrics of this worker",
            response_class=PlainTextResponse)
def metrics() -> PlainTextResponse:
    return PlainTextResponse(generate_latest(), media_type=CONTENT_TYPE_LATEST)
