#!/bin/bash
# GEMM comparison session: OpenBLAS (its default Haswell kernel and, forced, its SkylakeX kernel) and nabla,
# 1 and 2 threads, then the plain-Java fallback and the layers' transposed calls at 2 threads.
set -u
cd /work/wt/gemm
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
CP=nabla-core/target/classes:nabla-bench/target/classes:$(cat /tmp/nabla-bench.cp)
O=/tmp/final
{ date -u; lscpu | grep -E "Model name|^CPU\(s\)|L1d|L2|L3"; uname -r; $J -version 2>&1 | head -1; } > $O/machine.txt
/tmp/peak > $O/peak.txt
q() { python3 /work/shared/bench/wait_quiet.py 10 600; }
q > $O/openblas1.txt; OPENBLAS_NUM_THREADS=1 /tmp/bench_sgemm 1.0 >> $O/openblas1.txt
q > $O/openblas1_skylakex.txt; OPENBLAS_CORETYPE=SkylakeX OPENBLAS_NUM_THREADS=1 /tmp/bench_sgemm 1.0 >> $O/openblas1_skylakex.txt
q > $O/nabla1.txt; $J --add-modules jdk.incubator.vector -cp "$CP" dev.nabla.bench.GemmBenchmark 1 1.0 >> $O/nabla1.txt 2>&1
q > $O/openblas2.txt; OPENBLAS_NUM_THREADS=2 /tmp/bench_sgemm 1.0 >> $O/openblas2.txt
q > $O/openblas2_skylakex.txt; OPENBLAS_CORETYPE=SkylakeX OPENBLAS_NUM_THREADS=2 /tmp/bench_sgemm 1.0 >> $O/openblas2_skylakex.txt
q > $O/nabla2.txt; $J --add-modules jdk.incubator.vector -cp "$CP" dev.nabla.bench.GemmBenchmark 2 1.0 >> $O/nabla2.txt 2>&1
q > $O/fallback2.txt; $J -cp "$CP" dev.nabla.bench.GemmBenchmark 2 1.0 >> $O/fallback2.txt 2>&1
q > $O/layers2.txt; $J --add-modules jdk.incubator.vector -cp "$CP" dev.nabla.bench.GemmBenchmark 2 1.0 200x3072x100:NT 100x200x3072:TN 200x100x3072 32x784x300:NT 300x32x784:TN 32x300x10:NT 200x100x10:NT 1x3072x100:NT >> $O/layers2.txt 2>&1
/tmp/peak >> $O/peak.txt
date -u >> $O/machine.txt
