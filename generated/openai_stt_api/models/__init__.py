"""Contains all the data models used in inputs/outputs"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .audio_response_format import AudioResponseFormat
    from .create_transcription_request import CreateTranscriptionRequest
    from .create_transcription_request_chunking_strategy_type_0_type_0 import (
        CreateTranscriptionRequestChunkingStrategyType0Type0,
    )
    from .create_transcription_request_model_type_1 import (
        CreateTranscriptionRequestModelType1,
    )
    from .create_transcription_request_timestamp_granularities_item import (
        CreateTranscriptionRequestTimestampGranularitiesItem,
    )
    from .create_transcription_response_diarized_json import (
        CreateTranscriptionResponseDiarizedJson,
    )
    from .create_transcription_response_diarized_json_task import (
        CreateTranscriptionResponseDiarizedJsonTask,
    )
    from .create_transcription_response_json import CreateTranscriptionResponseJson
    from .create_transcription_response_json_logprobs_item import (
        CreateTranscriptionResponseJsonLogprobsItem,
    )
    from .create_transcription_response_verbose_json import (
        CreateTranscriptionResponseVerboseJson,
    )
    from .create_translation_request import CreateTranslationRequest
    from .create_translation_request_model_type_1 import (
        CreateTranslationRequestModelType1,
    )
    from .create_translation_request_response_format import (
        CreateTranslationRequestResponseFormat,
    )
    from .create_translation_response_json import CreateTranslationResponseJson
    from .create_translation_response_verbose_json import (
        CreateTranslationResponseVerboseJson,
    )
    from .duration_usage import DurationUsage
    from .duration_usage_type import DurationUsageType
    from .error import Error
    from .error_response import ErrorResponse
    from .token_usage import TokenUsage
    from .token_usage_input_token_details import TokenUsageInputTokenDetails
    from .token_usage_type import TokenUsageType
    from .transcript_text_delta_event import TranscriptTextDeltaEvent
    from .transcript_text_delta_event_logprobs_item import (
        TranscriptTextDeltaEventLogprobsItem,
    )
    from .transcript_text_delta_event_type import TranscriptTextDeltaEventType
    from .transcript_text_done_event import TranscriptTextDoneEvent
    from .transcript_text_done_event_logprobs_item import (
        TranscriptTextDoneEventLogprobsItem,
    )
    from .transcript_text_done_event_type import TranscriptTextDoneEventType
    from .transcript_text_segment_event import TranscriptTextSegmentEvent
    from .transcript_text_segment_event_type import TranscriptTextSegmentEventType
    from .transcription_diarized_segment import TranscriptionDiarizedSegment
    from .transcription_diarized_segment_type import TranscriptionDiarizedSegmentType
    from .transcription_include import TranscriptionInclude
    from .transcription_language import TranscriptionLanguage
    from .transcription_segment import TranscriptionSegment
    from .transcription_word import TranscriptionWord
    from .vad_config import VadConfig
    from .vad_config_type import VadConfigType

__all__ = (
    "AudioResponseFormat",
    "CreateTranscriptionRequest",
    "CreateTranscriptionRequestChunkingStrategyType0Type0",
    "CreateTranscriptionRequestModelType1",
    "CreateTranscriptionRequestTimestampGranularitiesItem",
    "CreateTranscriptionResponseDiarizedJson",
    "CreateTranscriptionResponseDiarizedJsonTask",
    "CreateTranscriptionResponseJson",
    "CreateTranscriptionResponseJsonLogprobsItem",
    "CreateTranscriptionResponseVerboseJson",
    "CreateTranslationRequest",
    "CreateTranslationRequestModelType1",
    "CreateTranslationRequestResponseFormat",
    "CreateTranslationResponseJson",
    "CreateTranslationResponseVerboseJson",
    "DurationUsage",
    "DurationUsageType",
    "Error",
    "ErrorResponse",
    "TokenUsage",
    "TokenUsageInputTokenDetails",
    "TokenUsageType",
    "TranscriptTextDeltaEvent",
    "TranscriptTextDeltaEventLogprobsItem",
    "TranscriptTextDeltaEventType",
    "TranscriptTextDoneEvent",
    "TranscriptTextDoneEventLogprobsItem",
    "TranscriptTextDoneEventType",
    "TranscriptTextSegmentEvent",
    "TranscriptTextSegmentEventType",
    "TranscriptionDiarizedSegment",
    "TranscriptionDiarizedSegmentType",
    "TranscriptionInclude",
    "TranscriptionLanguage",
    "TranscriptionSegment",
    "TranscriptionWord",
    "VadConfig",
    "VadConfigType",
)

_MODULES = {
    "AudioResponseFormat": ".audio_response_format",
    "CreateTranscriptionRequest": ".create_transcription_request",
    "CreateTranscriptionRequestChunkingStrategyType0Type0": ".create_transcription_request_chunking_strategy_type_0_type_0",
    "CreateTranscriptionRequestModelType1": ".create_transcription_request_model_type_1",
    "CreateTranscriptionRequestTimestampGranularitiesItem": ".create_transcription_request_timestamp_granularities_item",
    "CreateTranscriptionResponseDiarizedJson": ".create_transcription_response_diarized_json",
    "CreateTranscriptionResponseDiarizedJsonTask": ".create_transcription_response_diarized_json_task",
    "CreateTranscriptionResponseJson": ".create_transcription_response_json",
    "CreateTranscriptionResponseJsonLogprobsItem": ".create_transcription_response_json_logprobs_item",
    "CreateTranscriptionResponseVerboseJson": ".create_transcription_response_verbose_json",
    "CreateTranslationRequest": ".create_translation_request",
    "CreateTranslationRequestModelType1": ".create_translation_request_model_type_1",
    "CreateTranslationRequestResponseFormat": ".create_translation_request_response_format",
    "CreateTranslationResponseJson": ".create_translation_response_json",
    "CreateTranslationResponseVerboseJson": ".create_translation_response_verbose_json",
    "DurationUsage": ".duration_usage",
    "DurationUsageType": ".duration_usage_type",
    "Error": ".error",
    "ErrorResponse": ".error_response",
    "TokenUsage": ".token_usage",
    "TokenUsageInputTokenDetails": ".token_usage_input_token_details",
    "TokenUsageType": ".token_usage_type",
    "TranscriptTextDeltaEvent": ".transcript_text_delta_event",
    "TranscriptTextDeltaEventLogprobsItem": ".transcript_text_delta_event_logprobs_item",
    "TranscriptTextDeltaEventType": ".transcript_text_delta_event_type",
    "TranscriptTextDoneEvent": ".transcript_text_done_event",
    "TranscriptTextDoneEventLogprobsItem": ".transcript_text_done_event_logprobs_item",
    "TranscriptTextDoneEventType": ".transcript_text_done_event_type",
    "TranscriptTextSegmentEvent": ".transcript_text_segment_event",
    "TranscriptTextSegmentEventType": ".transcript_text_segment_event_type",
    "TranscriptionDiarizedSegment": ".transcription_diarized_segment",
    "TranscriptionDiarizedSegmentType": ".transcription_diarized_segment_type",
    "TranscriptionInclude": ".transcription_include",
    "TranscriptionLanguage": ".transcription_language",
    "TranscriptionSegment": ".transcription_segment",
    "TranscriptionWord": ".transcription_word",
    "VadConfig": ".vad_config",
    "VadConfigType": ".vad_config_type",
}


def __getattr__(name: str) -> Any:
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(_MODULES[name], __name__), name)
    globals()[name] = value  # loaded once: later lookups are plain attribute reads
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_MODULES})
