"""A server's copy of the index kept on its local disk, so that a restarted server loads it in seconds
instead of rebuilding it from every stored vector (minutes for a million listings).

Layout, under ``settings.MATCHING_SNAPSHOT_DIR`` (``None``: no snapshots)::

    <encoder>/<epoch>-<generation>/<kind>.<language>/   one VectorIndex.save() folder per (kind, language)
    <encoder>/<epoch>-<generation>/state.json           written last: a folder without it is ignored

A snapshot belongs to one epoch (hence to that epoch's centring means) and holds every stored vector up to
its generation; the server that loads it catches up on the rows changed since, as it would have done had
it never stopped. Anything unreadable — a half-written folder, another format, a full disk — only costs the
rebuild from the database that would have happened anyway.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from hatchway.matching.engine import VectorIndex

logger = logging.getLogger(__name__)

_FORMAT = 1
_SAFE = re.compile(r"[^A-Za-z0-9_+-]")


@dataclass(frozen=True)
class Snapshot:
    """A copy of the index read from disk: every stored vector of its epoch up to ``generation``."""

    generation: int
    indexes: dict[tuple[str, str], VectorIndex]


def snapshot_root(encoder: str) -> Path | None:
    """The folder of ``encoder``'s snapshots, or ``None`` when snapshots are switched off."""
    configured = settings.MATCHING_SNAPSHOT_DIR
    if not configured:
        return None
    return Path(configured) / _SAFE.sub("_", encoder)


def _name(epoch: str, generation: int) -> str:
    return f"{_SAFE.sub('_', epoch)}-{generation}"


def _complete(root: Path, epoch: str) -> list[tuple[int, Path]]:
    """The complete snapshots of ``epoch`` under ``root`` with their generations, newest first."""
    prefix = _SAFE.sub("_", epoch) + "-"
    found = []
    for folder in root.glob(prefix + "*"):
        generation = folder.name.removeprefix(prefix)
        if generation.isdigit() and (folder / "state.json").is_file():
            found.append((int(generation), folder))
    return sorted(found, reverse=True)


def save_snapshot(
    encoder: str, epoch: str, generation: int, indexes: Mapping[tuple[str, str], VectorIndex]
) -> Path | None:
    """Write this copy to disk (unless switched off or already there) and drop this encoder's older
    snapshots; return the folder, or ``None`` if nothing was written.

    Several processes of one server may save at once: each writes a private folder and renames it into
    place, the first rename wins and the others find the snapshot there.
    """
    root = snapshot_root(encoder)
    if root is None or not epoch:
        return None
    target = root / _name(epoch, generation)
    if (target / "state.json").is_file():
        return target
    partial = root / f".partial-{uuid.uuid4().hex}"
    try:
        partial.mkdir(parents=True)
        for (kind, language), index in indexes.items():
            index.save(partial / f"{kind}.{language}")
        state = {
            "format": _FORMAT,
            "encoder": encoder,
            "epoch": epoch,
            "generation": generation,
            "indexes": [[kind, language] for kind, language in indexes],
        }
        (partial / "state.json").write_text(json.dumps(state), encoding="utf-8")
        os.replace(partial, target)
    except OSError as error:
        # Another process of this server wrote the same snapshot first, or the disk is full or read-only.
        logger.warning("Index snapshot not written to %s: %s", target, error)
        shutil.rmtree(partial, ignore_errors=True)
        return target if (target / "state.json").is_file() else None
    written = (target / "state.json").stat().st_mtime
    for folder in root.iterdir():
        if folder == target:
            continue
        if folder.name.startswith(".partial-"):  # another process writing now, or a crashed one's leftovers
            stale = folder.stat().st_mtime < written - 3600
        else:  # older snapshots go; one another process of this server wrote meanwhile may be newer
            marker = folder / "state.json"
            stale = not marker.is_file() or marker.stat().st_mtime <= written
        if stale:
            shutil.rmtree(folder, ignore_errors=True)
    logger.info("Index snapshot written to %s", target)
    return target


def load_snapshot(encoder: str, epoch: str, generation: int) -> Snapshot | None:
    """The newest complete snapshot of ``epoch`` that is not ahead of ``generation``, or ``None``."""
    root = snapshot_root(encoder)
    if root is None or not epoch or not root.is_dir():
        return None
    for saved, folder in _complete(root, epoch):
        if saved > generation:
            continue  # written by a server that saw a later state than this one: wait for it
        try:
            state = json.loads((folder / "state.json").read_text(encoding="utf-8"))
            if (state.get("format"), state.get("encoder"), state.get("epoch")) != (_FORMAT, encoder, epoch):
                continue
            indexes = {
                (kind, language): VectorIndex.load(folder / f"{kind}.{language}")
                for kind, language in state["indexes"]
            }
        except (OSError, ValueError, KeyError, TypeError, RuntimeError) as error:
            logger.warning("Index snapshot %s unreadable, rebuilding from the database: %s", folder, error)
            continue
        return Snapshot(saved, indexes)
    return None


__all__ = ["Snapshot", "load_snapshot", "save_snapshot", "snapshot_root"]
