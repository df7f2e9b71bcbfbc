#!/bin/bash
# waits for the paired runs, then more independent seeds on each side, one process at a time
while pgrep -f runpaired.sh >/dev/null; do sleep 5; done
export OMP_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin
for S in $(seq 6 29); do
  [ -f p$S/accs.txt ] || $J/java --add-modules jdk.incubator.vector -cp classes:/work/main/nabla-core/target/classes:$(cat cp.txt) Exp $S 10 /tmp/gap/p$S 2>/dev/null
  echo "nabla seed $S last $(tail -1 p$S/accs.txt)"
done
/usr/bin/python3 pytorch_check.py adam $(seq 0 29) | sed 's/^/torch /'
