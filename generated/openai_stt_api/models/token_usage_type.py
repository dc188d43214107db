from enum import StrEnum


class TokenUsageType(StrEnum):
    TOKENS = "tokens"

    def __str__(self) -> str:
        return str(self.value)
