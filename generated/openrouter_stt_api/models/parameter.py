from enum import StrEnum


class Parameter(StrEnum):
    FREQUENCY_PENALTY = "frequency_penalty"
    INCLUDE_REASONING = "include_reasoning"
    LOGIT_BIAS = "logit_bias"
    LOGPROBS = "logprobs"
    MAX_COMPLETION_TOKENS = "max_completion_tokens"
    MAX_TOKENS = "max_tokens"
    MIN_P = "min_p"
    PARALLEL_TOOL_CALLS = "parallel_tool_calls"
    PREDICTION = "prediction"
    PRESENCE_PENALTY = "presence_penalty"
    REASONING = "reasoning"
    REASONING_EFFORT = "reasoning_effort"
    REPETITION_PENALTY = "repetition_penalty"
    RESPONSE_FORMAT = "response_format"
    SEED = "seed"
    STOP = "stop"
    STRUCTURED_OUTPUTS = "structured_outputs"
    TEMPERATURE = "temperature"
    TOOLS = "tools"
    TOOL_CHOICE = "tool_choice"
    TOP_A = "top_a"
    TOP_K = "top_k"
    TOP_LOGPROBS = "top_logprobs"
    TOP_P = "top_p"
    VERBOSITY = "verbosity"
    WEB_SEARCH_OPTIONS = "web_search_options"

    def __str__(self) -> str:
        return str(self.value)
