from enum import StrEnum


class DurationUsageType(StrEnum):
    DURATION = "duration"

    def __str__(self) -> str:
        return str(self.value)
