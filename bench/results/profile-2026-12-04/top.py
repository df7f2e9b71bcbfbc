"""Self and inclusive shares of the methods in a JFR recording's execution samples.
Usage: jfr print --stack-depth 64 --events jdk.ExecutionSample rec.jfr | python3 top.py [N]"""
import collections
import re
import sys

n_top = int(sys.argv[1]) if len(sys.argv) > 1 else 20
self_c, incl_c, total = collections.Counter(), collections.Counter(), 0
for event in sys.stdin.read().split("jdk.ExecutionSample")[1:]:
    frames = re.findall(r"^\s+([\w.$<>]+)\(", event, re.M)
    if not frames:
        continue
    total += 1
    self_c[frames[0]] += 1
    for f in set(frames):
        incl_c[f] += 1
print("samples", total)
print("-- self")
for f, c in self_c.most_common(n_top):
    print("%5.1f%%  %s" % (100.0 * c / total, f))
print("-- inclusive (dev.nabla only)")
for f, c in [x for x in incl_c.most_common() if x[0].startswith("dev.nabla")][:n_top]:
    print("%5.1f%%  %s" % (100.0 * c / total, f))
