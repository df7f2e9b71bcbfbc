#!/usr/bin/env bash
# Issue 5 verification runs on Fashion-MNIST, then the seed002 grid.
cd /work/main
export CI=true
NJ="/usr/lib/jvm/temurin-25-jdk-amd64/bin/java --add-modules jdk.incubator.vector -Djava.awt.headless=true -XX:+UseParallelGC -jar /tmp/verify/nabla.jar"
run() { name=$1; shift; echo "=== $name $(date -u +%T)"; /usr/bin/time -f "WALL $name %e s" $NJ train "$@" --out /tmp/verify/$name 2>&1 | tail -3; }
run mlp-numpy-default --recipe mlp-numpy-default --dataset fashion-mnist
run adam-784-100-10 --dataset fashion-mnist --hidden 100 --optimizer adam --lr 1e-3 --batch-size 128 --epochs 10 --init pytorch
run cnn-default --recipe cnn-default --dataset fashion-mnist
run mlp-elu-bn-adam --recipe mlp-elu-bn-adam --dataset fashion-mnist
run mlp-grid-best --recipe mlp-grid-best --dataset fashion-mnist
run mnist-sigmoid --recipe mnist-sigmoid --dataset fashion-mnist
run mnist-sigmoid-online --recipe mnist-sigmoid-online --dataset fashion-mnist
run synth --recipe synth
run twolayer-l2 --recipe twolayer-l2 --dataset fashion-mnist
echo "=== grid $(date -u +%T)"
/usr/bin/time -f "WALL grid %e s" $NJ grid /tmp/verify/seed002-mlp.yaml --out /tmp/verify/seed002 --workers 2 > /tmp/verify/grid.log 2>&1
echo "=== done $(date -u +%T)"
