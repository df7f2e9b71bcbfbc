/**
 * Parameter-free nonlinearities, each a Module with its Function: ReLU, LeakyReLU, ELU, Sigmoid, Tanh, and
 * Softmax/LogSoftmax along a dimension. All are stable at ±1000 (no NaN or infinity from the naive
 * formulas) in float32 and float64.
 */
package dev.nabla.nn.activations;
