"""ui: the Streamlit workbench (a later issue). It will call the same functions as the CLI (assistant.policy, …)."""
