from enum import StrEnum


class CreateTranscriptionRequestModelType1(StrEnum):
    GPT_4O_MINI_TRANSCRIBE = "gpt-4o-mini-transcribe"
    GPT_4O_MINI_TRANSCRIBE_2025_12_15 = "gpt-4o-mini-transcribe-2025-12-15"
    GPT_4O_TRANSCRIBE = "gpt-4o-transcribe"
    GPT_4O_TRANSCRIBE_DIARIZE = "gpt-4o-transcribe-diarize"
    GPT_TRANSCRIBE = "gpt-transcribe"
    WHISPER_1 = "whisper-1"

    def __str__(self) -> str:
        return str(self.value)
