"""python -m bench.peak CMD...: run a command and print, last, the peak resident memory (MB)
of the largest process it started (the build itself, or one of its drawing workers)."""
import resource
import subprocess
import sys

if __name__ == "__main__":
    code = subprocess.run(sys.argv[1:]).returncode
    print(f"peak-rss-mb: {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f}")
    sys.exit(code)
