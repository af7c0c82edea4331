"""The rules every front end shares: diagnostic codes (`codes`), messages (`messages`), the weights
name grammar (`names`) and the front-end-neutral decisions (`legacy`, `meta`).

No mypy, libcst or torch import here or in any submodule. Import the submodule you need: `codes`,
`messages` and `names` are cheap (the runtime uses them); `legacy` and `meta` read catalog records.
"""
