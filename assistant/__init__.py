"""assistant: rule engine, workspace, question answering, LLM adapter and the `pingshen` CLI.

Nothing here builds a client at import; front ends load :class:`assistant.settings.Settings`
once and pass it down.
"""
__version__ = "0.1.0"
