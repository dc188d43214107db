from enum import StrEnum


class VadConfigType(StrEnum):
    SERVER_VAD = "server_vad"

    def __str__(self) -> str:
        return str(self.value)
