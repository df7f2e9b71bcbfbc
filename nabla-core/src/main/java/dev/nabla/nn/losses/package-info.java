/**
 * Loss functions: {@link dev.nabla.nn.losses.CrossEntropyLoss} (fused log-softmax, integer targets),
 * {@link dev.nabla.nn.losses.NLLLoss}, {@link dev.nabla.nn.losses.MSELoss} and the weight penalty
 * {@link dev.nabla.nn.losses.L2Penalty}. A loss is not a Module: {@code forward(scores, targets)} returns a
 * scalar tensor to call {@code backward()} on.
 */
package dev.nabla.nn.losses;
