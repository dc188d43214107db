from enum import StrEnum


class CreateTranscriptionRequestTimestampGranularitiesItem(StrEnum):
    SEGMENT = "segment"
    WORD = "word"

    def __str__(self) -> str:
        return str(self.value)
