"""Writing output so that a rebuild touches only what changed (used by render and publish alike).

Writing a new file is the slow part of a build on this kind of disk (about 1.5 ms a file,
against 0.05 ms in memory), and an untouched file keeps its modification time, which is
what lets MkDocs rebuild only the pages that changed. So:

- `scratch()` gives a folder in memory (/dev/shm) when the machine has one with room;
- render writes everything there, and `sync_tree` moves into place only the files whose
  bytes differ and removes the ones no longer produced;
- `write_if_changed` and `link_if_changed` never rewrite a file in place: a changed file is
  a new file renamed over the old one, so a hard link to the old one (the published site
  shares files with the staging folder this way) never sees the change."""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from importlib import metadata
from pathlib import Path

MEMORY = Path("/dev/shm")
# Free space in memory below which scratch folders go to the disk: a container's /dev/shm is
# often 64 MB, which the render's folder alone (about 40 MB, growing with the data) would fill.
MEMORY_ROOM = 1 << 30


def in_memory(room: int = MEMORY_ROOM) -> bool:
    """Whether /dev/shm exists, may be written and has `room` bytes free."""
    try:
        stats = os.statvfs(MEMORY)
    except OSError:
        return False
    return os.access(MEMORY, os.W_OK) and stats.f_bavail * stats.f_frsize >= room


def scratch(prefix: str, fallback: Path) -> Path:
    """A new empty folder, in memory when it has room (else under `fallback`)."""
    return private_folder(MEMORY if in_memory() else fallback, f"cbod-{prefix}")


def private_folder(base: Path, tag: str) -> Path:
    """A new empty folder under `base`, named <tag><process id>-<random>. A build removes its
    own when done; one killed before it could is found here by the next build (its process
    is gone) and removed. A folder of a process still running is left alone."""
    base.mkdir(parents=True, exist_ok=True)
    for entry in base.glob(f"{tag}*"):
        pid = entry.name[len(tag):].split("-", 1)[0]
        if pid.isdigit() and entry.is_dir() and not _running(int(pid)):
            shutil.rmtree(entry, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f"{tag}{os.getpid()}-", dir=base))


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def fingerprint(files: list[str | Path], packages: tuple[str, ...] = ()) -> str:
    """What a cached output depends on besides its data: the code that makes it (`files`) and
    the versions of the installed `packages` that it runs on. Part of a cache key, so that an
    output made by other code or libraries is made again, not served."""
    digest = hashlib.sha256()
    for file in files:
        digest.update(Path(file).read_bytes() + b"\0")
    for name in packages:
        digest.update(f"{name}={metadata.version(name)}\0".encode())
    return digest.hexdigest()


def walk_files(root: Path) -> list[str]:
    """The files under `root` (symbolic links included, not followed), as sorted relative POSIX
    paths; [] when it does not exist. (os.scandir: several times faster than Path.rglob on the
    site's 4,000 files.)"""
    out: list[str] = []
    stack = [("", os.fspath(root))]
    while stack:
        prefix, folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                stack.append((prefix + entry.name + "/", entry.path))
            else:
                out.append(prefix + entry.name)
    out.sort()
    return out


def _same(file: Path, data: bytes) -> bool | None:
    """Does `file` hold exactly `data`? None when there is no such file."""
    try:
        return file.stat().st_size == len(data) and file.read_bytes() == data
    except FileNotFoundError:
        return None
    except (NotADirectoryError, IsADirectoryError):
        return False


def _create(file: Path, make) -> bool:
    """Make a file that does not exist yet, in place (`make(path)`; nobody can be reading a file
    that did not exist): no temporary file to rename, and its folder made only when missing
    (a clean build writes some 50,000 files at ×100). False when the file exists after all."""
    for attempt in (0, 1):
        try:
            make(file)
            return True
        except FileExistsError:
            return False
        except FileNotFoundError:
            if attempt:
                raise
            file.parent.mkdir(parents=True, exist_ok=True)
    return False


def _write_new(file: Path, data: bytes) -> None:
    with open(file, "xb") as fh:
        try:
            fh.write(data)
        except BaseException:
            os.unlink(file)  # never leave a part of it
            raise


def write_if_changed(file: Path, data: bytes) -> bool:
    """Write `data` unless the file already holds exactly it; True when written. An existing
    file is replaced (a new file renamed over it), never rewritten in place."""
    same = _same(file, data)
    if same:
        return False
    if same is None and _create(file, lambda f: _write_new(f, data)):
        return True
    file.parent.mkdir(parents=True, exist_ok=True)
    tmp = file.with_name(f".{file.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(file)
    return True


def link_if_changed(source: Path, target: Path) -> bool:
    """Make `target` a hard link to `source` (same file system) unless it already is one or
    holds the same bytes; True when changed."""
    try:
        if os.path.samefile(source, target):
            return False
        if os.path.getsize(target) == os.path.getsize(source) and _same(target, source.read_bytes()):
            return False
    except FileNotFoundError:
        # no target yet: nothing to read (a clean build links a thousand megabytes at ×100)
        if not source.exists():
            raise
        if _create(target, lambda t: os.link(source, t)):
            return True
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    os.link(source, tmp)
    tmp.replace(target)
    return True


def place(source: Path, target: Path) -> bool:
    """`target` with the bytes of `source`: a hard link to it where the file system allows
    (a cached file, never rewritten in place), else a copy. True when changed."""
    try:
        return link_if_changed(source, target)
    except FileNotFoundError:
        raise
    except OSError:  # another file system, or one without hard links
        return write_if_changed(target, source.read_bytes())


def sync_tree(new: Path, old: Path, keep: set[str] = frozenset()) -> dict[str, int]:
    """Make `old` hold exactly the files of `new` (plus the relative paths in `keep`, written by
    someone else), then remove `new`. Returns how many files changed, were removed, stayed."""
    counts = {"changed": 0, "removed": 0, "unchanged": 0}
    produced = set()
    for rel in walk_files(new):
        produced.add(rel)
        if write_if_changed(old / rel, (new / rel).read_bytes()):
            counts["changed"] += 1
        else:
            counts["unchanged"] += 1
    counts["removed"] = _prune(old, produced | set(keep))
    shutil.rmtree(new, ignore_errors=True)
    return counts


def mirror_links(source: Path, target: Path) -> dict[str, int]:
    """Make `target` hold exactly the files of `source`, as hard links to them (a file that
    already holds the same bytes stays); `source` is left as it is. Returns how many files
    changed, were removed, stayed."""
    files = walk_files(source)
    changed = sum(link_if_changed(source / rel, target / rel) for rel in files)
    return {"changed": changed, "removed": _prune(target, set(files)), "unchanged": len(files) - changed}


def _prune(folder: Path, wanted: set[str]) -> int:
    """Remove the files under `folder` that are not `wanted`, then its empty folders."""
    if not folder.is_dir():
        return 0
    removed = 0
    for rel in walk_files(folder):
        if rel not in wanted:
            (folder / rel).unlink()
            removed += 1
    for sub in sorted((p for p in folder.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
        if not any(sub.iterdir()):
            sub.rmdir()
    return removed
