from enum import StrEnum


class GetModelsCategory(StrEnum):
    ACADEMIA = "academia"
    FINANCE = "finance"
    HEALTH = "health"
    LEGAL = "legal"
    MARKETING = "marketing"
    MARKETINGSEO = "marketing/seo"
    PROGRAMMING = "programming"
    ROLEPLAY = "roleplay"
    SCIENCE = "science"
    TECHNOLOGY = "technology"
    TRANSLATION = "translation"
    TRIVIA = "trivia"

    def __str__(self) -> str:
        return str(self.value)
