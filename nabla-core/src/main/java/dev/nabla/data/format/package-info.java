/**
 * Readers of the published file formats: IDX (the MNIST family, gzip or raw), the CIFAR-10/100 binary
 * batches (extracted or straight from the {@code .tar.gz}), and CSV feature tables. Each reader checks its
 * input and throws {@link dev.nabla.data.InvalidDataException} naming the file, what it expected and what
 * it found; nothing partly read is ever returned.
 */
package dev.nabla.data.format;
