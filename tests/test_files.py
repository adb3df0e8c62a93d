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
