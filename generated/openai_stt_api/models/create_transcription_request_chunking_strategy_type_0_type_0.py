from enum import StrEnum


class CreateTranscriptionRequestChunkingStrategyType0Type0(StrEnum):
    AUTO = "auto"

    def __str__(self) -> str:
        return str(self.value)
