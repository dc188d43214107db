from enum import StrEnum


class OutputModality(StrEnum):
    AUDIO = "audio"
    EMBEDDINGS = "embeddings"
    IMAGE = "image"
    RERANK = "rerank"
    SPEECH = "speech"
    TEXT = "text"
    TRANSCRIPTION = "transcription"
    VIDEO = "video"

    def __str__(self) -> str:
        return str(self.value)
