"""Exports for other tools: Datasette metadata, Frictionless data packages, Excel.

Each module is imported only by ``tzcli export`` when its format is asked for;
all of them describe the same tables (``tzcli.exports.tables``).
"""
