"""Long recordings, by concern: ``_plan`` decides whether and how a recording goes in
pieces, ``_orchestrate`` sends them (one scheduler for both clients), ``_split`` cuts
the audio, ``_stitch`` joins the results. This module keeps the names in one place."""

from __future__ import annotations

from ._orchestrate import (
    ChunkError,
    Job,
    ProgressCallback,
    SplitInterrupted,
    SplitProgress,
    run_blocking,
)
from ._plan import (
    DEFAULT_MAX_CHUNK_SECONDS,
    DEFAULT_MAX_CONCURRENCY,
    Plan,
    check_chunk_bytes,
    check_chunk_seconds,
    check_concurrency,
    check_split,
    explain_limit,
    plan,
)

__all__ = [
    "DEFAULT_MAX_CHUNK_SECONDS",
    "DEFAULT_MAX_CONCURRENCY",
    "ChunkError",
    "Job",
    "Plan",
    "ProgressCallback",
    "SplitInterrupted",
    "SplitProgress",
    "check_chunk_bytes",
    "check_chunk_seconds",
    "check_concurrency",
    "check_split",
    "explain_limit",
    "plan",
    "run_blocking",
]
