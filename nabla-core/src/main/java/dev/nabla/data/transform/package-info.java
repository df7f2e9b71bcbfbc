/**
 * Per-sample transforms the {@link dev.nabla.data.DataLoader} applies while it builds a batch: scaling,
 * standardisation fitted on the training split, and seeded augmentation (random crop, horizontal flip)
 * that is deterministic per (seed, epoch, sample).
 */
package dev.nabla.data.transform;
