from enum import StrEnum


class TranscriptTextDeltaEventType(StrEnum):
    TRANSCRIPT_TEXT_DELTA = "transcript.text.delta"

    def __str__(self) -> str:
        return str(self.value)
