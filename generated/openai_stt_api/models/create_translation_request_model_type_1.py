from enum import StrEnum


class CreateTranslationRequestModelType1(StrEnum):
    WHISPER_1 = "whisper-1"

    def __str__(self) -> str:
        return str(self.value)
