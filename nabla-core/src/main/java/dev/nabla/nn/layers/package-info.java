/**
 * Layers with parameters or state: {@link dev.nabla.nn.layers.Linear}, {@link dev.nabla.nn.layers.BatchNorm1d},
 * {@link dev.nabla.nn.layers.BatchNorm2d}, {@link dev.nabla.nn.layers.LayerNorm}, {@link dev.nabla.nn.layers.Dropout}
 * and {@link dev.nabla.nn.layers.Flatten}. Each file holds the Module and, nested in it, the Function with its
 * hand-derived backward, whose Javadoc states the derivative and the shapes (N batch, C channels, L length,
 * H/W height/width, D_in/D_out features). The normalisation layers exist fused and composed
 * ({@link dev.nabla.nn.layers.NormImpl}).
 */
package dev.nabla.nn.layers;
