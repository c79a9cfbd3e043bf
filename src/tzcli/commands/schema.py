"""tzcli schema."""

from __future__ import annotations

import sys

import click

from tzcli.commands.boundary import TzcliCommand
from tzcli.render import write_utf8
from tzcli.render.machine import json_document
from tzcli.schema import json_schema


@click.command(
    cls=TzcliCommand,
    examples=[
        ("Write the schema for an editor:", "tzcli schema > tzcli.schema.json"),
        ("Its first lines:", "tzcli schema | head -n 5"),
    ],
)
def schema() -> None:
    """Print the JSON Schema of the dataset format (for editors such as taplo)."""
    write_utf8(json_document(json_schema()), sys.stdout)
