"""Numbers the scenario tools take from the source tree (error codes, pool
and table limits, the compiled form's codes), so they cannot drift from the
kernel and the actor."""
import os
import re

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def read_defines(relpath, prefix, fallback):
    """#define PREFIX... NUMBER lines of a header of the tree, as a dict."""
    found = {}
    try:
        with open(os.path.join(REPO, relpath)) as f:
            for line in f:
                m = re.match(r"^\s*#define\s+(%s\w*)\s+(-?\d+)\b" % prefix, line)
                if m:
                    found[m.group(1)] = int(m.group(2))
    except OSError:
        pass
    return found or dict(fallback)


ERRNO = read_defines("kern/abi/hinge/errno.h", "HE_",
                     {"HE_OK": 0, "HE_FAULT": -2, "HE_INVAL": -3, "HE_NOMEM": -4, "HE_PERM": -5,
                      "HE_NOENT": -6, "HE_BADHANDLE": -7, "HE_NOSPACE": -8, "HE_REVOKED": -9,
                      "HE_AGAIN": -10, "HE_DEPTH": -11, "HE_DEAD": -12, "HE_NOCALL": -13,
                      "HE_STALE": -14})
ERRNAME = {v: k for k, v in ERRNO.items() if k != "HE_OK"}
LIMITS = read_defines("kern/config.h", "MAX_",
                      {"MAX_DOMAINS": 32, "MAX_THREADS": 64, "MAX_HANDLES": 32,
                       "MAX_DOORS": 64, "MAX_ACTS_PER_DOOR": 8})
# The actor's own table sizes (usr/actor.c): a scenario the actor could not
# hold is refused on the host, before booting.
ACTOR = read_defines("usr/actor.c", "", {"FILE_MAX": 16384, "MAX_SCRIPTS": 32, "MAX_STEPS": 16,
                                         "MAX_OWN_DOORS": 8, "MAX_THREADS_EXTRA": 8,
                                         "MAX_MUTEXES": 16, "SCN_DOORS": 96})
MAX_INJECTS = read_defines("kern/scenario/manifest.h", "MAX_INJECTS", {"MAX_INJECTS": 16})["MAX_INJECTS"]
INJECT_AFTER_MAX = 10 ** 12   # +N instructions (kern/scenario/manifest.h INJECT_AFTER_MAX)
BOOTFILE_MAX = read_defines("kern/config.h", "BOOTFILE_MAX", {"BOOTFILE_MAX": 131072})["BOOTFILE_MAX"]
COUNT_MAX = 1000000000   # compute and sleep counts the actor accepts
# The compiled form's codes (kern/abi/hinge/scn.h); no fallback: the
# compiler must use the kernel's and the actor's numbers.
SCN = read_defines("kern/abi/hinge/scn.h", "SCN_", {})

HOW = {1: "exit", 2: "fault", 3: "kill"}                # struct hinge_death.how
# RISC-V scause values a user fault can end a domain with.
SCAUSE = {0: "instruction address misaligned", 1: "instruction access fault",
          2: "illegal instruction", 3: "breakpoint", 4: "load address misaligned",
          5: "load access fault", 6: "store address misaligned", 7: "store access fault",
          8: "environment call", 12: "instruction page fault", 13: "load page fault",
          15: "store page fault"}
