from enum import StrEnum


class TranscriptTextSegmentEventType(StrEnum):
    TRANSCRIPT_TEXT_SEGMENT = "transcript.text.segment"

    def __str__(self) -> str:
        return str(self.value)
