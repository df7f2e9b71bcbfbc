#!/bin/bash
export OMP_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin
for S in 42 0 1 2 3 4 5; do
  $J/java --add-modules jdk.incubator.vector -cp classes:/work/main/nabla-core/target/classes:$(cat cp.txt) Exp $S 10 /tmp/gap/p$S 2>/dev/null
  echo "seed $S nabla $(tr '\n' ' ' < p$S/accs.txt)"
  NPREP=1 /usr/bin/python3 replay.py p$S 10 > p$S/replay_nprep.txt
  /usr/bin/python3 replay.py p$S 10 > p$S/replay_numpy.txt
  echo "seed $S torch-nprep $(grep 'torch accs' p$S/replay_nprep.txt)"
  echo "seed $S torch-numpy $(grep 'torch accs' p$S/replay_numpy.txt)"
done
