"""Contains all the data models used in inputs/outputs"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .aa_benchmark_entry import AABenchmarkEntry
    from .bad_gateway_response import BadGatewayResponse
    from .bad_gateway_response_error_data import BadGatewayResponseErrorData
    from .bad_gateway_response_error_data_metadata_type_0 import (
        BadGatewayResponseErrorDataMetadataType0,
    )
    from .bad_gateway_response_openrouter_metadata_type_0 import (
        BadGatewayResponseOpenrouterMetadataType0,
    )
    from .bad_request_response import BadRequestResponse
    from .bad_request_response_error_data import BadRequestResponseErrorData
    from .bad_request_response_error_data_metadata_type_0 import (
        BadRequestResponseErrorDataMetadataType0,
    )
    from .bad_request_response_openrouter_metadata_type_0 import (
        BadRequestResponseOpenrouterMetadataType0,
    )
    from .create_audio_transcriptions_files_body import (
        CreateAudioTranscriptionsFilesBody,
    )
    from .create_audio_transcriptions_files_body_response_format import (
        CreateAudioTranscriptionsFilesBodyResponseFormat,
    )
    from .create_audio_transcriptions_files_body_timestamp_granularities_item import (
        CreateAudioTranscriptionsFilesBodyTimestampGranularitiesItem,
    )
    from .da_benchmark_entry import DABenchmarkEntry
    from .default_parameters_type_0 import DefaultParametersType0
    from .edge_network_timeout_response import EdgeNetworkTimeoutResponse
    from .edge_network_timeout_response_error_data import (
        EdgeNetworkTimeoutResponseErrorData,
    )
    from .edge_network_timeout_response_error_data_metadata_type_0 import (
        EdgeNetworkTimeoutResponseErrorDataMetadataType0,
    )
    from .edge_network_timeout_response_openrouter_metadata_type_0 import (
        EdgeNetworkTimeoutResponseOpenrouterMetadataType0,
    )
    from .forbidden_response import ForbiddenResponse
    from .forbidden_response_error_data import ForbiddenResponseErrorData
    from .forbidden_response_error_data_metadata_type_0 import (
        ForbiddenResponseErrorDataMetadataType0,
    )
    from .forbidden_response_openrouter_metadata_type_0 import (
        ForbiddenResponseOpenrouterMetadataType0,
    )
    from .get_models_category import GetModelsCategory
    from .get_models_distillable import GetModelsDistillable
    from .get_models_region import GetModelsRegion
    from .get_models_sort import GetModelsSort
    from .get_models_zdr import GetModelsZdr
    from .input_modality import InputModality
    from .instruct_type_type_1 import InstructTypeType1
    from .instruct_type_type_2_type_1 import InstructTypeType2Type1
    from .instruct_type_type_3_type_1 import InstructTypeType3Type1
    from .internal_server_response import InternalServerResponse
    from .internal_server_response_error_data import InternalServerResponseErrorData
    from .internal_server_response_error_data_metadata_type_0 import (
        InternalServerResponseErrorDataMetadataType0,
    )
    from .internal_server_response_openrouter_metadata_type_0 import (
        InternalServerResponseOpenrouterMetadataType0,
    )
    from .model import Model
    from .model_alias_target import ModelAliasTarget
    from .model_architecture import ModelArchitecture
    from .model_benchmarks import ModelBenchmarks
    from .model_group import ModelGroup
    from .model_links import ModelLinks
    from .model_reasoning import ModelReasoning
    from .models_list_response import ModelsListResponse
    from .models_list_response_links import ModelsListResponseLinks
    from .not_found_response import NotFoundResponse
    from .not_found_response_error_data import NotFoundResponseErrorData
    from .not_found_response_error_data_metadata_type_0 import (
        NotFoundResponseErrorDataMetadataType0,
    )
    from .not_found_response_openrouter_metadata_type_0 import (
        NotFoundResponseOpenrouterMetadataType0,
    )
    from .output_modality import OutputModality
    from .parameter import Parameter
    from .payment_required_response import PaymentRequiredResponse
    from .payment_required_response_error_data import PaymentRequiredResponseErrorData
    from .payment_required_response_error_data_metadata_type_0 import (
        PaymentRequiredResponseErrorDataMetadataType0,
    )
    from .payment_required_response_openrouter_metadata_type_0 import (
        PaymentRequiredResponseOpenrouterMetadataType0,
    )
    from .per_request_limits_type_0 import PerRequestLimitsType0
    from .pricing_override import PricingOverride
    from .provider_options import ProviderOptions
    from .provider_options_01_ai import ProviderOptions01Ai
    from .provider_options_ai_21 import ProviderOptionsAi21
    from .provider_options_aion_labs import ProviderOptionsAionLabs
    from .provider_options_akashml import ProviderOptionsAkashml
    from .provider_options_alibaba import ProviderOptionsAlibaba
    from .provider_options_amazon_bedrock import ProviderOptionsAmazonBedrock
    from .provider_options_amazon_bedrockclaude_on_aws import (
        ProviderOptionsAmazonBedrockclaudeOnAws,
    )
    from .provider_options_amazon_nova import ProviderOptionsAmazonNova
    from .provider_options_ambient import ProviderOptionsAmbient
    from .provider_options_anthropic import ProviderOptionsAnthropic
    from .provider_options_anthropic_2 import ProviderOptionsAnthropic2
    from .provider_options_anyscale import ProviderOptionsAnyscale
    from .provider_options_arcee_ai import ProviderOptionsArceeAi
    from .provider_options_atlas_cloud import ProviderOptionsAtlasCloud
    from .provider_options_atoma import ProviderOptionsAtoma
    from .provider_options_avian import ProviderOptionsAvian
    from .provider_options_azure import ProviderOptionsAzure
    from .provider_options_baidu import ProviderOptionsBaidu
    from .provider_options_baseten import ProviderOptionsBaseten
    from .provider_options_black_forest_labs import ProviderOptionsBlackForestLabs
    from .provider_options_byteplus import ProviderOptionsByteplus
    from .provider_options_centml import ProviderOptionsCentml
    from .provider_options_cerebras import ProviderOptionsCerebras
    from .provider_options_chutes import ProviderOptionsChutes
    from .provider_options_cirrascale import ProviderOptionsCirrascale
    from .provider_options_clarifai import ProviderOptionsClarifai
    from .provider_options_claude_on_aws import ProviderOptionsClaudeOnAws
    from .provider_options_cloudflare import ProviderOptionsCloudflare
    from .provider_options_cohere import ProviderOptionsCohere
    from .provider_options_coreweave import ProviderOptionsCoreweave
    from .provider_options_crofai import ProviderOptionsCrofai
    from .provider_options_crucible import ProviderOptionsCrucible
    from .provider_options_crusoe import ProviderOptionsCrusoe
    from .provider_options_darkbloom import ProviderOptionsDarkbloom
    from .provider_options_databricks import ProviderOptionsDatabricks
    from .provider_options_decart import ProviderOptionsDecart
    from .provider_options_deepgram import ProviderOptionsDeepgram
    from .provider_options_deepinfra import ProviderOptionsDeepinfra
    from .provider_options_deepseek import ProviderOptionsDeepseek
    from .provider_options_dekallm import ProviderOptionsDekallm
    from .provider_options_digitalocean import ProviderOptionsDigitalocean
    from .provider_options_enfer import ProviderOptionsEnfer
    from .provider_options_fake_provider import ProviderOptionsFakeProvider
    from .provider_options_featherless import ProviderOptionsFeatherless
    from .provider_options_fireworks import ProviderOptionsFireworks
    from .provider_options_fish_audio import ProviderOptionsFishAudio
    from .provider_options_friendli import ProviderOptionsFriendli
    from .provider_options_gmicloud import ProviderOptionsGmicloud
    from .provider_options_google_ai_studio import ProviderOptionsGoogleAiStudio
    from .provider_options_google_vertex import ProviderOptionsGoogleVertex
    from .provider_options_gopomelo import ProviderOptionsGopomelo
    from .provider_options_groq import ProviderOptionsGroq
    from .provider_options_heygen import ProviderOptionsHeygen
    from .provider_options_huggingface import ProviderOptionsHuggingface
    from .provider_options_hyperbolic import ProviderOptionsHyperbolic
    from .provider_options_hyperbolic_quantized import (
        ProviderOptionsHyperbolicQuantized,
    )
    from .provider_options_inception import ProviderOptionsInception
    from .provider_options_inceptron import ProviderOptionsInceptron
    from .provider_options_inferact_vllm import ProviderOptionsInferactVllm
    from .provider_options_inference_net import ProviderOptionsInferenceNet
    from .provider_options_infermatic import ProviderOptionsInfermatic
    from .provider_options_inflection import ProviderOptionsInflection
    from .provider_options_inocloud import ProviderOptionsInocloud
    from .provider_options_io_net import ProviderOptionsIoNet
    from .provider_options_ionstream import ProviderOptionsIonstream
    from .provider_options_klusterai import ProviderOptionsKlusterai
    from .provider_options_krea import ProviderOptionsKrea
    from .provider_options_lambda import ProviderOptionsLambda
    from .provider_options_lepton import ProviderOptionsLepton
    from .provider_options_liquid import ProviderOptionsLiquid
    from .provider_options_lynn import ProviderOptionsLynn
    from .provider_options_lynn_private import ProviderOptionsLynnPrivate
    from .provider_options_makora import ProviderOptionsMakora
    from .provider_options_mancer import ProviderOptionsMancer
    from .provider_options_mancer_old import ProviderOptionsMancerOld
    from .provider_options_mara import ProviderOptionsMara
    from .provider_options_meta import ProviderOptionsMeta
    from .provider_options_minimax import ProviderOptionsMinimax
    from .provider_options_mistral import ProviderOptionsMistral
    from .provider_options_modal import ProviderOptionsModal
    from .provider_options_modelrun import ProviderOptionsModelrun
    from .provider_options_modular import ProviderOptionsModular
    from .provider_options_moonshotai import ProviderOptionsMoonshotai
    from .provider_options_morph import ProviderOptionsMorph
    from .provider_options_ncompass import ProviderOptionsNcompass
    from .provider_options_nebius import ProviderOptionsNebius
    from .provider_options_nex_agi import ProviderOptionsNexAgi
    from .provider_options_nextbit import ProviderOptionsNextbit
    from .provider_options_nineteen import ProviderOptionsNineteen
    from .provider_options_novita import ProviderOptionsNovita
    from .provider_options_nvidia import ProviderOptionsNvidia
    from .provider_options_octoai import ProviderOptionsOctoai
    from .provider_options_open_inference import ProviderOptionsOpenInference
    from .provider_options_openai import ProviderOptionsOpenai
    from .provider_options_parasail import ProviderOptionsParasail
    from .provider_options_perceptron import ProviderOptionsPerceptron
    from .provider_options_perplexity import ProviderOptionsPerplexity
    from .provider_options_phala import ProviderOptionsPhala
    from .provider_options_poolside import ProviderOptionsPoolside
    from .provider_options_quiver import ProviderOptionsQuiver
    from .provider_options_recraft import ProviderOptionsRecraft
    from .provider_options_recursal import ProviderOptionsRecursal
    from .provider_options_reflection import ProviderOptionsReflection
    from .provider_options_reka import ProviderOptionsReka
    from .provider_options_relace import ProviderOptionsRelace
    from .provider_options_replicate import ProviderOptionsReplicate
    from .provider_options_runway import ProviderOptionsRunway
    from .provider_options_sail_research import ProviderOptionsSailResearch
    from .provider_options_sakana import ProviderOptionsSakana
    from .provider_options_sakana_ai import ProviderOptionsSakanaAi
    from .provider_options_sambanova import ProviderOptionsSambanova
    from .provider_options_sambanova_cloaked import ProviderOptionsSambanovaCloaked
    from .provider_options_seed import ProviderOptionsSeed
    from .provider_options_sf_compute import ProviderOptionsSfCompute
    from .provider_options_siliconflow import ProviderOptionsSiliconflow
    from .provider_options_sourceful import ProviderOptionsSourceful
    from .provider_options_stealth import ProviderOptionsStealth
    from .provider_options_stepfun import ProviderOptionsStepfun
    from .provider_options_streamlake import ProviderOptionsStreamlake
    from .provider_options_switchpoint import ProviderOptionsSwitchpoint
    from .provider_options_targon import ProviderOptionsTargon
    from .provider_options_tencent import ProviderOptionsTencent
    from .provider_options_tenstorrent import ProviderOptionsTenstorrent
    from .provider_options_thinkingmachines import ProviderOptionsThinkingmachines
    from .provider_options_together import ProviderOptionsTogether
    from .provider_options_together_lite import ProviderOptionsTogetherLite
    from .provider_options_ubicloud import ProviderOptionsUbicloud
    from .provider_options_upstage import ProviderOptionsUpstage
    from .provider_options_venice import ProviderOptionsVenice
    from .provider_options_voyageai import ProviderOptionsVoyageai
    from .provider_options_wafer import ProviderOptionsWafer
    from .provider_options_wandb import ProviderOptionsWandb
    from .provider_options_wandb_legacy import ProviderOptionsWandbLegacy
    from .provider_options_xai import ProviderOptionsXai
    from .provider_options_xiaomi import ProviderOptionsXiaomi
    from .provider_options_z_ai import ProviderOptionsZAi
    from .provider_overloaded_response import ProviderOverloadedResponse
    from .provider_overloaded_response_error_data import (
        ProviderOverloadedResponseErrorData,
    )
    from .provider_overloaded_response_error_data_metadata_type_0 import (
        ProviderOverloadedResponseErrorDataMetadataType0,
    )
    from .provider_overloaded_response_openrouter_metadata_type_0 import (
        ProviderOverloadedResponseOpenrouterMetadataType0,
    )
    from .public_pricing import PublicPricing
    from .reasoning_effort_type_1 import ReasoningEffortType1
    from .reasoning_effort_type_2_type_1 import ReasoningEffortType2Type1
    from .reasoning_effort_type_3_type_1 import ReasoningEffortType3Type1
    from .service_unavailable_response import ServiceUnavailableResponse
    from .service_unavailable_response_error_data import (
        ServiceUnavailableResponseErrorData,
    )
    from .service_unavailable_response_error_data_metadata_type_0 import (
        ServiceUnavailableResponseErrorDataMetadataType0,
    )
    from .service_unavailable_response_openrouter_metadata_type_0 import (
        ServiceUnavailableResponseOpenrouterMetadataType0,
    )
    from .stt_input_audio import STTInputAudio
    from .stt_request import STTRequest
    from .stt_request_provider import STTRequestProvider
    from .stt_request_response_format import STTRequestResponseFormat
    from .stt_response import STTResponse
    from .stt_segment import STTSegment
    from .stt_timestamp_granularity import STTTimestampGranularity
    from .stt_usage import STTUsage
    from .stt_word import STTWord
    from .too_many_requests_response import TooManyRequestsResponse
    from .too_many_requests_response_error_data import TooManyRequestsResponseErrorData
    from .too_many_requests_response_error_data_metadata_type_0 import (
        TooManyRequestsResponseErrorDataMetadataType0,
    )
    from .too_many_requests_response_openrouter_metadata_type_0 import (
        TooManyRequestsResponseOpenrouterMetadataType0,
    )
    from .top_provider_info import TopProviderInfo
    from .unauthorized_response import UnauthorizedResponse
    from .unauthorized_response_error_data import UnauthorizedResponseErrorData
    from .unauthorized_response_error_data_metadata_type_0 import (
        UnauthorizedResponseErrorDataMetadataType0,
    )
    from .unauthorized_response_openrouter_metadata_type_0 import (
        UnauthorizedResponseOpenrouterMetadataType0,
    )

__all__ = (
    "AABenchmarkEntry",
    "BadGatewayResponse",
    "BadGatewayResponseErrorData",
    "BadGatewayResponseErrorDataMetadataType0",
    "BadGatewayResponseOpenrouterMetadataType0",
    "BadRequestResponse",
    "BadRequestResponseErrorData",
    "BadRequestResponseErrorDataMetadataType0",
    "BadRequestResponseOpenrouterMetadataType0",
    "CreateAudioTranscriptionsFilesBody",
    "CreateAudioTranscriptionsFilesBodyResponseFormat",
    "CreateAudioTranscriptionsFilesBodyTimestampGranularitiesItem",
    "DABenchmarkEntry",
    "DefaultParametersType0",
    "EdgeNetworkTimeoutResponse",
    "EdgeNetworkTimeoutResponseErrorData",
    "EdgeNetworkTimeoutResponseErrorDataMetadataType0",
    "EdgeNetworkTimeoutResponseOpenrouterMetadataType0",
    "ForbiddenResponse",
    "ForbiddenResponseErrorData",
    "ForbiddenResponseErrorDataMetadataType0",
    "ForbiddenResponseOpenrouterMetadataType0",
    "GetModelsCategory",
    "GetModelsDistillable",
    "GetModelsRegion",
    "GetModelsSort",
    "GetModelsZdr",
    "InputModality",
    "InstructTypeType1",
    "InstructTypeType2Type1",
    "InstructTypeType3Type1",
    "InternalServerResponse",
    "InternalServerResponseErrorData",
    "InternalServerResponseErrorDataMetadataType0",
    "InternalServerResponseOpenrouterMetadataType0",
    "Model",
    "ModelAliasTarget",
    "ModelArchitecture",
    "ModelBenchmarks",
    "ModelGroup",
    "ModelLinks",
    "ModelReasoning",
    "ModelsListResponse",
    "ModelsListResponseLinks",
    "NotFoundResponse",
    "NotFoundResponseErrorData",
    "NotFoundResponseErrorDataMetadataType0",
    "NotFoundResponseOpenrouterMetadataType0",
    "OutputModality",
    "Parameter",
    "PaymentRequiredResponse",
    "PaymentRequiredResponseErrorData",
    "PaymentRequiredResponseErrorDataMetadataType0",
    "PaymentRequiredResponseOpenrouterMetadataType0",
    "PerRequestLimitsType0",
    "PricingOverride",
    "ProviderOptions",
    "ProviderOptions01Ai",
    "ProviderOptionsAi21",
    "ProviderOptionsAionLabs",
    "ProviderOptionsAkashml",
    "ProviderOptionsAlibaba",
    "ProviderOptionsAmazonBedrock",
    "ProviderOptionsAmazonBedrockclaudeOnAws",
    "ProviderOptionsAmazonNova",
    "ProviderOptionsAmbient",
    "ProviderOptionsAnthropic",
    "ProviderOptionsAnthropic2",
    "ProviderOptionsAnyscale",
    "ProviderOptionsArceeAi",
    "ProviderOptionsAtlasCloud",
    "ProviderOptionsAtoma",
    "ProviderOptionsAvian",
    "ProviderOptionsAzure",
    "ProviderOptionsBaidu",
    "ProviderOptionsBaseten",
    "ProviderOptionsBlackForestLabs",
    "ProviderOptionsByteplus",
    "ProviderOptionsCentml",
    "ProviderOptionsCerebras",
    "ProviderOptionsChutes",
    "ProviderOptionsCirrascale",
    "ProviderOptionsClarifai",
    "ProviderOptionsClaudeOnAws",
    "ProviderOptionsCloudflare",
    "ProviderOptionsCohere",
    "ProviderOptionsCoreweave",
    "ProviderOptionsCrofai",
    "ProviderOptionsCrucible",
    "ProviderOptionsCrusoe",
    "ProviderOptionsDarkbloom",
    "ProviderOptionsDatabricks",
    "ProviderOptionsDecart",
    "ProviderOptionsDeepgram",
    "ProviderOptionsDeepinfra",
    "ProviderOptionsDeepseek",
    "ProviderOptionsDekallm",
    "ProviderOptionsDigitalocean",
    "ProviderOptionsEnfer",
    "ProviderOptionsFakeProvider",
    "ProviderOptionsFeatherless",
    "ProviderOptionsFireworks",
    "ProviderOptionsFishAudio",
    "ProviderOptionsFriendli",
    "ProviderOptionsGmicloud",
    "ProviderOptionsGoogleAiStudio",
    "ProviderOptionsGoogleVertex",
    "ProviderOptionsGopomelo",
    "ProviderOptionsGroq",
    "ProviderOptionsHeygen",
    "ProviderOptionsHuggingface",
    "ProviderOptionsHyperbolic",
    "ProviderOptionsHyperbolicQuantized",
    "ProviderOptionsInception",
    "ProviderOptionsInceptron",
    "ProviderOptionsInferactVllm",
    "ProviderOptionsInferenceNet",
    "ProviderOptionsInfermatic",
    "ProviderOptionsInflection",
    "ProviderOptionsInocloud",
    "ProviderOptionsIoNet",
    "ProviderOptionsIonstream",
    "ProviderOptionsKlusterai",
    "ProviderOptionsKrea",
    "ProviderOptionsLambda",
    "ProviderOptionsLepton",
    "ProviderOptionsLiquid",
    "ProviderOptionsLynn",
    "ProviderOptionsLynnPrivate",
    "ProviderOptionsMakora",
    "ProviderOptionsMancer",
    "ProviderOptionsMancerOld",
    "ProviderOptionsMara",
    "ProviderOptionsMeta",
    "ProviderOptionsMinimax",
    "ProviderOptionsMistral",
    "ProviderOptionsModal",
    "ProviderOptionsModelrun",
    "ProviderOptionsModular",
    "ProviderOptionsMoonshotai",
    "ProviderOptionsMorph",
    "ProviderOptionsNcompass",
    "ProviderOptionsNebius",
    "ProviderOptionsNexAgi",
    "ProviderOptionsNextbit",
    "ProviderOptionsNineteen",
    "ProviderOptionsNovita",
    "ProviderOptionsNvidia",
    "ProviderOptionsOctoai",
    "ProviderOptionsOpenInference",
    "ProviderOptionsOpenai",
    "ProviderOptionsParasail",
    "ProviderOptionsPerceptron",
    "ProviderOptionsPerplexity",
    "ProviderOptionsPhala",
    "ProviderOptionsPoolside",
    "ProviderOptionsQuiver",
    "ProviderOptionsRecraft",
    "ProviderOptionsRecursal",
    "ProviderOptionsReflection",
    "ProviderOptionsReka",
    "ProviderOptionsRelace",
    "ProviderOptionsReplicate",
    "ProviderOptionsRunway",
    "ProviderOptionsSailResearch",
    "ProviderOptionsSakana",
    "ProviderOptionsSakanaAi",
    "ProviderOptionsSambanova",
    "ProviderOptionsSambanovaCloaked",
    "ProviderOptionsSeed",
    "ProviderOptionsSfCompute",
    "ProviderOptionsSiliconflow",
    "ProviderOptionsSourceful",
    "ProviderOptionsStealth",
    "ProviderOptionsStepfun",
    "ProviderOptionsStreamlake",
    "ProviderOptionsSwitchpoint",
    "ProviderOptionsTargon",
    "ProviderOptionsTencent",
    "ProviderOptionsTenstorrent",
    "ProviderOptionsThinkingmachines",
    "ProviderOptionsTogether",
    "ProviderOptionsTogetherLite",
    "ProviderOptionsUbicloud",
    "ProviderOptionsUpstage",
    "ProviderOptionsVenice",
    "ProviderOptionsVoyageai",
    "ProviderOptionsWafer",
    "ProviderOptionsWandb",
    "ProviderOptionsWandbLegacy",
    "ProviderOptionsXai",
    "ProviderOptionsXiaomi",
    "ProviderOptionsZAi",
    "ProviderOverloadedResponse",
    "ProviderOverloadedResponseErrorData",
    "ProviderOverloadedResponseErrorDataMetadataType0",
    "ProviderOverloadedResponseOpenrouterMetadataType0",
    "PublicPricing",
    "ReasoningEffortType1",
    "ReasoningEffortType2Type1",
    "ReasoningEffortType3Type1",
    "STTInputAudio",
    "STTRequest",
    "STTRequestProvider",
    "STTRequestResponseFormat",
    "STTResponse",
    "STTSegment",
    "STTTimestampGranularity",
    "STTUsage",
    "STTWord",
    "ServiceUnavailableResponse",
    "ServiceUnavailableResponseErrorData",
    "ServiceUnavailableResponseErrorDataMetadataType0",
    "ServiceUnavailableResponseOpenrouterMetadataType0",
    "TooManyRequestsResponse",
    "TooManyRequestsResponseErrorData",
    "TooManyRequestsResponseErrorDataMetadataType0",
    "TooManyRequestsResponseOpenrouterMetadataType0",
    "TopProviderInfo",
    "UnauthorizedResponse",
    "UnauthorizedResponseErrorData",
    "UnauthorizedResponseErrorDataMetadataType0",
    "UnauthorizedResponseOpenrouterMetadataType0",
)

_MODULES = {
    "AABenchmarkEntry": ".aa_benchmark_entry",
    "BadGatewayResponse": ".bad_gateway_response",
    "BadGatewayResponseErrorData": ".bad_gateway_response_error_data",
    "BadGatewayResponseErrorDataMetadataType0": ".bad_gateway_response_error_data_metadata_type_0",
    "BadGatewayResponseOpenrouterMetadataType0": ".bad_gateway_response_openrouter_metadata_type_0",
    "BadRequestResponse": ".bad_request_response",
    "BadRequestResponseErrorData": ".bad_request_response_error_data",
    "BadRequestResponseErrorDataMetadataType0": ".bad_request_response_error_data_metadata_type_0",
    "BadRequestResponseOpenrouterMetadataType0": ".bad_request_response_openrouter_metadata_type_0",
    "CreateAudioTranscriptionsFilesBody": ".create_audio_transcriptions_files_body",
    "CreateAudioTranscriptionsFilesBodyResponseFormat": ".create_audio_transcriptions_files_body_response_format",
    "CreateAudioTranscriptionsFilesBodyTimestampGranularitiesItem": ".create_audio_transcriptions_files_body_timestamp_granularities_item",
    "DABenchmarkEntry": ".da_benchmark_entry",
    "DefaultParametersType0": ".default_parameters_type_0",
    "EdgeNetworkTimeoutResponse": ".edge_network_timeout_response",
    "EdgeNetworkTimeoutResponseErrorData": ".edge_network_timeout_response_error_data",
    "EdgeNetworkTimeoutResponseErrorDataMetadataType0": ".edge_network_timeout_response_error_data_metadata_type_0",
    "EdgeNetworkTimeoutResponseOpenrouterMetadataType0": ".edge_network_timeout_response_openrouter_metadata_type_0",
    "ForbiddenResponse": ".forbidden_response",
    "ForbiddenResponseErrorData": ".forbidden_response_error_data",
    "ForbiddenResponseErrorDataMetadataType0": ".forbidden_response_error_data_metadata_type_0",
    "ForbiddenResponseOpenrouterMetadataType0": ".forbidden_response_openrouter_metadata_type_0",
    "GetModelsCategory": ".get_models_category",
    "GetModelsDistillable": ".get_models_distillable",
    "GetModelsRegion": ".get_models_region",
    "GetModelsSort": ".get_models_sort",
    "GetModelsZdr": ".get_models_zdr",
    "InputModality": ".input_modality",
    "InstructTypeType1": ".instruct_type_type_1",
    "InstructTypeType2Type1": ".instruct_type_type_2_type_1",
    "InstructTypeType3Type1": ".instruct_type_type_3_type_1",
    "InternalServerResponse": ".internal_server_response",
    "InternalServerResponseErrorData": ".internal_server_response_error_data",
    "InternalServerResponseErrorDataMetadataType0": ".internal_server_response_error_data_metadata_type_0",
    "InternalServerResponseOpenrouterMetadataType0": ".internal_server_response_openrouter_metadata_type_0",
    "Model": ".model",
    "ModelAliasTarget": ".model_alias_target",
    "ModelArchitecture": ".model_architecture",
    "ModelBenchmarks": ".model_benchmarks",
    "ModelGroup": ".model_group",
    "ModelLinks": ".model_links",
    "ModelReasoning": ".model_reasoning",
    "ModelsListResponse": ".models_list_response",
    "ModelsListResponseLinks": ".models_list_response_links",
    "NotFoundResponse": ".not_found_response",
    "NotFoundResponseErrorData": ".not_found_response_error_data",
    "NotFoundResponseErrorDataMetadataType0": ".not_found_response_error_data_metadata_type_0",
    "NotFoundResponseOpenrouterMetadataType0": ".not_found_response_openrouter_metadata_type_0",
    "OutputModality": ".output_modality",
    "Parameter": ".parameter",
    "PaymentRequiredResponse": ".payment_required_response",
    "PaymentRequiredResponseErrorData": ".payment_required_response_error_data",
    "PaymentRequiredResponseErrorDataMetadataType0": ".payment_required_response_error_data_metadata_type_0",
    "PaymentRequiredResponseOpenrouterMetadataType0": ".payment_required_response_openrouter_metadata_type_0",
    "PerRequestLimitsType0": ".per_request_limits_type_0",
    "PricingOverride": ".pricing_override",
    "ProviderOptions": ".provider_options",
    "ProviderOptions01Ai": ".provider_options_01_ai",
    "ProviderOptionsAi21": ".provider_options_ai_21",
    "ProviderOptionsAionLabs": ".provider_options_aion_labs",
    "ProviderOptionsAkashml": ".provider_options_akashml",
    "ProviderOptionsAlibaba": ".provider_options_alibaba",
    "ProviderOptionsAmazonBedrock": ".provider_options_amazon_bedrock",
    "ProviderOptionsAmazonBedrockclaudeOnAws": ".provider_options_amazon_bedrockclaude_on_aws",
    "ProviderOptionsAmazonNova": ".provider_options_amazon_nova",
    "ProviderOptionsAmbient": ".provider_options_ambient",
    "ProviderOptionsAnthropic": ".provider_options_anthropic",
    "ProviderOptionsAnthropic2": ".provider_options_anthropic_2",
    "ProviderOptionsAnyscale": ".provider_options_anyscale",
    "ProviderOptionsArceeAi": ".provider_options_arcee_ai",
    "ProviderOptionsAtlasCloud": ".provider_options_atlas_cloud",
    "ProviderOptionsAtoma": ".provider_options_atoma",
    "ProviderOptionsAvian": ".provider_options_avian",
    "ProviderOptionsAzure": ".provider_options_azure",
    "ProviderOptionsBaidu": ".provider_options_baidu",
    "ProviderOptionsBaseten": ".provider_options_baseten",
    "ProviderOptionsBlackForestLabs": ".provider_options_black_forest_labs",
    "ProviderOptionsByteplus": ".provider_options_byteplus",
    "ProviderOptionsCentml": ".provider_options_centml",
    "ProviderOptionsCerebras": ".provider_options_cerebras",
    "ProviderOptionsChutes": ".provider_options_chutes",
    "ProviderOptionsCirrascale": ".provider_options_cirrascale",
    "ProviderOptionsClarifai": ".provider_options_clarifai",
    "ProviderOptionsClaudeOnAws": ".provider_options_claude_on_aws",
    "ProviderOptionsCloudflare": ".provider_options_cloudflare",
    "ProviderOptionsCohere": ".provider_options_cohere",
    "ProviderOptionsCoreweave": ".provider_options_coreweave",
    "ProviderOptionsCrofai": ".provider_options_crofai",
    "ProviderOptionsCrucible": ".provider_options_crucible",
    "ProviderOptionsCrusoe": ".provider_options_crusoe",
    "ProviderOptionsDarkbloom": ".provider_options_darkbloom",
    "ProviderOptionsDatabricks": ".provider_options_databricks",
    "ProviderOptionsDecart": ".provider_options_decart",
    "ProviderOptionsDeepgram": ".provider_options_deepgram",
    "ProviderOptionsDeepinfra": ".provider_options_deepinfra",
    "ProviderOptionsDeepseek": ".provider_options_deepseek",
    "ProviderOptionsDekallm": ".provider_options_dekallm",
    "ProviderOptionsDigitalocean": ".provider_options_digitalocean",
    "ProviderOptionsEnfer": ".provider_options_enfer",
    "ProviderOptionsFakeProvider": ".provider_options_fake_provider",
    "ProviderOptionsFeatherless": ".provider_options_featherless",
    "ProviderOptionsFireworks": ".provider_options_fireworks",
    "ProviderOptionsFishAudio": ".provider_options_fish_audio",
    "ProviderOptionsFriendli": ".provider_options_friendli",
    "ProviderOptionsGmicloud": ".provider_options_gmicloud",
    "ProviderOptionsGoogleAiStudio": ".provider_options_google_ai_studio",
    "ProviderOptionsGoogleVertex": ".provider_options_google_vertex",
    "ProviderOptionsGopomelo": ".provider_options_gopomelo",
    "ProviderOptionsGroq": ".provider_options_groq",
    "ProviderOptionsHeygen": ".provider_options_heygen",
    "ProviderOptionsHuggingface": ".provider_options_huggingface",
    "ProviderOptionsHyperbolic": ".provider_options_hyperbolic",
    "ProviderOptionsHyperbolicQuantized": ".provider_options_hyperbolic_quantized",
    "ProviderOptionsInception": ".provider_options_inception",
    "ProviderOptionsInceptron": ".provider_options_inceptron",
    "ProviderOptionsInferactVllm": ".provider_options_inferact_vllm",
    "ProviderOptionsInferenceNet": ".provider_options_inference_net",
    "ProviderOptionsInfermatic": ".provider_options_infermatic",
    "ProviderOptionsInflection": ".provider_options_inflection",
    "ProviderOptionsInocloud": ".provider_options_inocloud",
    "ProviderOptionsIoNet": ".provider_options_io_net",
    "ProviderOptionsIonstream": ".provider_options_ionstream",
    "ProviderOptionsKlusterai": ".provider_options_klusterai",
    "ProviderOptionsKrea": ".provider_options_krea",
    "ProviderOptionsLambda": ".provider_options_lambda",
    "ProviderOptionsLepton": ".provider_options_lepton",
    "ProviderOptionsLiquid": ".provider_options_liquid",
    "ProviderOptionsLynn": ".provider_options_lynn",
    "ProviderOptionsLynnPrivate": ".provider_options_lynn_private",
    "ProviderOptionsMakora": ".provider_options_makora",
    "ProviderOptionsMancer": ".provider_options_mancer",
    "ProviderOptionsMancerOld": ".provider_options_mancer_old",
    "ProviderOptionsMara": ".provider_options_mara",
    "ProviderOptionsMeta": ".provider_options_meta",
    "ProviderOptionsMinimax": ".provider_options_minimax",
    "ProviderOptionsMistral": ".provider_options_mistral",
    "ProviderOptionsModal": ".provider_options_modal",
    "ProviderOptionsModelrun": ".provider_options_modelrun",
    "ProviderOptionsModular": ".provider_options_modular",
    "ProviderOptionsMoonshotai": ".provider_options_moonshotai",
    "ProviderOptionsMorph": ".provider_options_morph",
    "ProviderOptionsNcompass": ".provider_options_ncompass",
    "ProviderOptionsNebius": ".provider_options_nebius",
    "ProviderOptionsNexAgi": ".provider_options_nex_agi",
    "ProviderOptionsNextbit": ".provider_options_nextbit",
    "ProviderOptionsNineteen": ".provider_options_nineteen",
    "ProviderOptionsNovita": ".provider_options_novita",
    "ProviderOptionsNvidia": ".provider_options_nvidia",
    "ProviderOptionsOctoai": ".provider_options_octoai",
    "ProviderOptionsOpenInference": ".provider_options_open_inference",
    "ProviderOptionsOpenai": ".provider_options_openai",
    "ProviderOptionsParasail": ".provider_options_parasail",
    "ProviderOptionsPerceptron": ".provider_options_perceptron",
    "ProviderOptionsPerplexity": ".provider_options_perplexity",
    "ProviderOptionsPhala": ".provider_options_phala",
    "ProviderOptionsPoolside": ".provider_options_poolside",
    "ProviderOptionsQuiver": ".provider_options_quiver",
    "ProviderOptionsRecraft": ".provider_options_recraft",
    "ProviderOptionsRecursal": ".provider_options_recursal",
    "ProviderOptionsReflection": ".provider_options_reflection",
    "ProviderOptionsReka": ".provider_options_reka",
    "ProviderOptionsRelace": ".provider_options_relace",
    "ProviderOptionsReplicate": ".provider_options_replicate",
    "ProviderOptionsRunway": ".provider_options_runway",
    "ProviderOptionsSailResearch": ".provider_options_sail_research",
    "ProviderOptionsSakana": ".provider_options_sakana",
    "ProviderOptionsSakanaAi": ".provider_options_sakana_ai",
    "ProviderOptionsSambanova": ".provider_options_sambanova",
    "ProviderOptionsSambanovaCloaked": ".provider_options_sambanova_cloaked",
    "ProviderOptionsSeed": ".provider_options_seed",
    "ProviderOptionsSfCompute": ".provider_options_sf_compute",
    "ProviderOptionsSiliconflow": ".provider_options_siliconflow",
    "ProviderOptionsSourceful": ".provider_options_sourceful",
    "ProviderOptionsStealth": ".provider_options_stealth",
    "ProviderOptionsStepfun": ".provider_options_stepfun",
    "ProviderOptionsStreamlake": ".provider_options_streamlake",
    "ProviderOptionsSwitchpoint": ".provider_options_switchpoint",
    "ProviderOptionsTargon": ".provider_options_targon",
    "ProviderOptionsTencent": ".provider_options_tencent",
    "ProviderOptionsTenstorrent": ".provider_options_tenstorrent",
    "ProviderOptionsThinkingmachines": ".provider_options_thinkingmachines",
    "ProviderOptionsTogether": ".provider_options_together",
    "ProviderOptionsTogetherLite": ".provider_options_together_lite",
    "ProviderOptionsUbicloud": ".provider_options_ubicloud",
    "ProviderOptionsUpstage": ".provider_options_upstage",
    "ProviderOptionsVenice": ".provider_options_venice",
    "ProviderOptionsVoyageai": ".provider_options_voyageai",
    "ProviderOptionsWafer": ".provider_options_wafer",
    "ProviderOptionsWandb": ".provider_options_wandb",
    "ProviderOptionsWandbLegacy": ".provider_options_wandb_legacy",
    "ProviderOptionsXai": ".provider_options_xai",
    "ProviderOptionsXiaomi": ".provider_options_xiaomi",
    "ProviderOptionsZAi": ".provider_options_z_ai",
    "ProviderOverloadedResponse": ".provider_overloaded_response",
    "ProviderOverloadedResponseErrorData": ".provider_overloaded_response_error_data",
    "ProviderOverloadedResponseErrorDataMetadataType0": ".provider_overloaded_response_error_data_metadata_type_0",
    "ProviderOverloadedResponseOpenrouterMetadataType0": ".provider_overloaded_response_openrouter_metadata_type_0",
    "PublicPricing": ".public_pricing",
    "ReasoningEffortType1": ".reasoning_effort_type_1",
    "ReasoningEffortType2Type1": ".reasoning_effort_type_2_type_1",
    "ReasoningEffortType3Type1": ".reasoning_effort_type_3_type_1",
    "ServiceUnavailableResponse": ".service_unavailable_response",
    "ServiceUnavailableResponseErrorData": ".service_unavailable_response_error_data",
    "ServiceUnavailableResponseErrorDataMetadataType0": ".service_unavailable_response_error_data_metadata_type_0",
    "ServiceUnavailableResponseOpenrouterMetadataType0": ".service_unavailable_response_openrouter_metadata_type_0",
    "STTInputAudio": ".stt_input_audio",
    "STTRequest": ".stt_request",
    "STTRequestProvider": ".stt_request_provider",
    "STTRequestResponseFormat": ".stt_request_response_format",
    "STTResponse": ".stt_response",
    "STTSegment": ".stt_segment",
    "STTTimestampGranularity": ".stt_timestamp_granularity",
    "STTUsage": ".stt_usage",
    "STTWord": ".stt_word",
    "TooManyRequestsResponse": ".too_many_requests_response",
    "TooManyRequestsResponseErrorData": ".too_many_requests_response_error_data",
    "TooManyRequestsResponseErrorDataMetadataType0": ".too_many_requests_response_error_data_metadata_type_0",
    "TooManyRequestsResponseOpenrouterMetadataType0": ".too_many_requests_response_openrouter_metadata_type_0",
    "TopProviderInfo": ".top_provider_info",
    "UnauthorizedResponse": ".unauthorized_response",
    "UnauthorizedResponseErrorData": ".unauthorized_response_error_data",
    "UnauthorizedResponseErrorDataMetadataType0": ".unauthorized_response_error_data_metadata_type_0",
    "UnauthorizedResponseOpenrouterMetadataType0": ".unauthorized_response_openrouter_metadata_type_0",
}


def __getattr__(name: str) -> Any:
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(_MODULES[name], __name__), name)
    globals()[name] = value  # loaded once: later lookups are plain attribute reads
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_MODULES})
