"""Test doubles that ship with the package, for try-outs without Google."""
