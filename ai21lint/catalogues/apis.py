"""What an AI21 completion request looks like, in every style SPEC.md names. Data only; `analysis.recognition` reads it.

Names here are fully resolved dotted names, as the interpreter computes them through imports and aliases.
"""

from __future__ import annotations

import re

# ai21 SDK v1: a module-level function.
SDK_V1_COMPLETION = frozenset({"ai21.Completion.execute"})

# ai21 SDK v2+: client classes (their last dotted segment, under the `ai21` package) ...
SDK_CLIENT_CLASSES = frozenset(
    {
        "AI21Client",
        "AsyncAI21Client",
        "AI21BedrockClient",
        "AsyncAI21BedrockClient",
        "AI21AzureClient",
        "AsyncAI21AzureClient",
        "AI21VertexClient",
        "AsyncAI21VertexClient",
        "AI21SageMakerClient",
        "AsyncAI21SageMakerClient",
    }
)

# ... and the attribute paths on an instance that make a completion request, with the API style they are.
SDK_CLIENT_METHODS: dict[tuple[str, ...], str] = {
    ("completion", "create"): "sdk-completion",
    ("chat", "create"): "sdk-chat",
    ("chat", "completions", "create"): "sdk-chat-completions",
}

# LangChain and LlamaIndex model classes: (package roots, class names, methods that send a prompt).
LANGCHAIN_ROOTS = frozenset({"langchain", "langchain_community", "langchain_ai21", "langchain_core"})
LANGCHAIN_LLM_CLASSES = frozenset({"AI21", "AI21LLM", "ChatAI21"})
LANGCHAIN_LLM_METHODS = frozenset(
    {
        "invoke",
        "ainvoke",
        "predict",
        "apredict",
        "predict_messages",
        "apredict_messages",
        "generate",
        "agenerate",
        "stream",
        "astream",
        "batch",
        "abatch",
        "call_as_llm",
        "__call__",
    }
)
LANGCHAIN_TEMPLATE_CLASSES = frozenset(
    {
        "PromptTemplate",
        "ChatPromptTemplate",
        "SystemMessagePromptTemplate",
        "HumanMessagePromptTemplate",
        "AIMessagePromptTemplate",
    }
)
LANGCHAIN_CHAIN_CLASSES = frozenset({"LLMChain"})
LANGCHAIN_CHAIN_METHODS = frozenset(
    {"invoke", "ainvoke", "run", "arun", "predict", "apredict", "stream", "astream", "batch", "abatch", "__call__"}
)

LLAMAINDEX_ROOTS = frozenset({"llama_index"})
LLAMAINDEX_LLM_CLASSES = frozenset({"AI21"})
LLAMAINDEX_COMPLETE_METHODS = frozenset({"complete", "acomplete", "stream_complete", "astream_complete"})
LLAMAINDEX_CHAT_METHODS = frozenset({"chat", "achat", "stream_chat", "astream_chat"})

# Message classes whose `content`/`text` holds chat text (ai21 SDK, LangChain, LlamaIndex).
MESSAGE_CLASSES = frozenset(
    {"ChatMessage", "Message", "SystemMessage", "UserMessage", "AssistantMessage", "HumanMessage", "AIMessage"}
)
MESSAGE_TEXT_FIELDS = ("content", "text")

# Amazon Bedrock: boto3 runtime methods, and the model-id prefix that makes them AI21 requests.
BEDROCK_ROOTS = frozenset({"boto3", "aioboto3", "botocore"})
BEDROCK_INVOKE_METHODS = frozenset({"invoke_model", "invoke_model_with_response_stream"})
BEDROCK_CONVERSE_METHODS = frozenset({"converse", "converse_stream"})
BEDROCK_AI21_MODEL = re.compile(r"^(?:[a-z]{2,4}\.)?ai21\.")

# REST: HTTP functions and client classes, by resolved name, and how they take the URL and the body.
HTTP_FUNCTIONS = frozenset(
    {"requests.post", "requests.request", "httpx.post", "httpx.request", "requests.api.post", "requests.api.request"}
)
HTTP_CLIENT_CLASSES = frozenset(
    {
        "requests.Session",
        "requests.session",
        "requests.sessions.Session",
        "httpx.Client",
        "httpx.AsyncClient",
        "aiohttp.ClientSession",
        "urllib3.PoolManager",
    }
)
HTTP_CLIENT_METHODS = frozenset({"post", "request"})
URLLIB_REQUEST = frozenset({"urllib.request.Request", "urllib.request.urlopen", "urllib2.Request"})

AI21_STUDIO_URL = re.compile(r"api\.ai21\.com/studio/v1/")
# Segments after /studio/v1/ that are AI21 task APIs, not completions.
TASK_ENDPOINTS = frozenset(
    {
        "paraphrase",
        "summarize",
        "summarize-by-segment",
        "segmentation",
        "gec",
        "improvements",
        "answer",
        "library",
        "experimental",
        "tokenize",
        "dataset",
        "custom-model",
        "conversational-rag",
        "demos",
    }
)
