/**
 * The seeds' "NumPy" MLP (mlp_numpy.py): modules whose forward and backward are written out by hand over
 * nabla tensors, with no autograd. Each forward caches what its backward needs; backward takes dL/d(out)
 * and returns dL/d(in), storing parameter gradients in named fields. The tests check these gradients
 * against autograd's on the same network, which is the point of the exercise: the derivations of seeds
 * 001–004 (dW = dYᵀ·X, db = Σₙ dY, dX = dY·W, softmax + cross-entropy = (p − onehot)/N) are right.
 */
package dev.nabla.nn.manual;
