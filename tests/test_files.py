"""Scratch and temporary folders (cbod/files.py): in memory only when it has room, and never
left behind for long by a build that was killed."""
import os
import shutil
import subprocess

from cbod import files


def test_scratch_folders_go_to_the_disk_when_memory_is_small(tmp_path, monkeypatch):
    """A container's /dev/shm is often 64 MB: the render's scratch folder would not fit."""
    free = {"blocks": (64 << 20) // 4096}  # 4 KiB blocks free in /dev/shm
    monkeypatch.setattr(files.os, "statvfs",
                        lambda _: os.statvfs_result((4096, 4096, 0, 0, free["blocks"], 0, 0, 0, 0, 255)))
    small = files.scratch("small-", tmp_path / "disk")
    assert small.parent == tmp_path / "disk"
    free["blocks"] = (2 << 30) // 4096
    roomy = files.scratch("roomy-", tmp_path / "disk")
    try:
        assert roomy.parent == (files.MEMORY if os.access(files.MEMORY, os.W_OK) else tmp_path / "disk")
    finally:
        shutil.rmtree(roomy)


def test_a_killed_build_leaves_no_scratch_folder_behind_for_long(tmp_path):
    """Scratch folders carry the id of the process that made them: the next build removes those
    of a process that is gone (a killed build), and leaves those of one still running."""
    gone = subprocess.Popen(["true"])
    gone.wait()
    dead = tmp_path / f".site-{gone.pid}-abc"
    (dead / "site").mkdir(parents=True)
    alive = tmp_path / f".site-{os.getpid()}-def"
    alive.mkdir()
    other = tmp_path / "site"  # not a scratch folder
    other.mkdir()
    made = files.private_folder(tmp_path, ".site-")
    assert not dead.exists() and alive.is_dir() and other.is_dir() and made.is_dir()
    assert made.name.startswith(f".site-{os.getpid()}-")


def test_files_are_written_new_or_replaced_never_rewritten_in_place(tmp_path):
    """write_if_changed and link_if_changed: a file that does not exist is made, folders and
    all; one that holds the same bytes is left alone; one that differs is replaced by a new
    file, so a hard link to the old one (site/ and the staging folder share theirs) keeps
    its bytes."""
    target = tmp_path / "a" / "b" / "page.html"
    assert files.write_if_changed(target, b"one") and target.read_bytes() == b"one"
    inode = target.stat().st_ino
    assert not files.write_if_changed(target, b"one") and target.stat().st_ino == inode
    shared = tmp_path / "shared.html"
    os.link(target, shared)
    assert files.write_if_changed(target, b"two") and target.read_bytes() == b"two"
    assert shared.read_bytes() == b"one" and target.stat().st_ino != inode
    assert not list(target.parent.glob(".*.tmp"))  # no temporary file left

    source = tmp_path / "cache" / "card.png"
    source.parent.mkdir()
    source.write_bytes(b"png")
    linked = tmp_path / "static" / "x" / "card.png"
    assert files.link_if_changed(source, linked) and os.path.samefile(source, linked)
    assert not files.link_if_changed(source, linked)
    copy = tmp_path / "static" / "copy.png"
    copy.write_bytes(b"png")
    assert not files.link_if_changed(source, copy) and not os.path.samefile(source, copy)  # same bytes
    copy.write_bytes(b"other")
    assert files.link_if_changed(source, copy) and os.path.samefile(source, copy)
    try:
        files.link_if_changed(tmp_path / "missing.png", tmp_path / "static" / "never.png")
    except FileNotFoundError:
        pass
    else:
        raise AssertionError("a missing source was linked")
    assert not (tmp_path / "static" / "never.png").exists()
