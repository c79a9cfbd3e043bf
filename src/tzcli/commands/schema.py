"""tzcli schema."""

from __future__ import annotations

import sys

import click

from tzcli.commands.common import TzcliCommand
from tzcli.render import write_utf8
from tzcli.render.machine import json_document
from tzcli.schema import json_schema


@click.command(cls=TzcliCommand)
def schema() -> None:
    """Print the JSON Schema of the dataset format (for editors such as taplo)."""
    write_utf8(json_document(json_schema()), sys.stdout)
