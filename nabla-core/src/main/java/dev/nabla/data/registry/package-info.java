/**
 * Named datasets: the {@link dev.nabla.data.registry.Catalog} of names, files, URLs and SHA-256 checksums;
 * {@link dev.nabla.data.registry.Datasets}, which finds them on disk, downloads them atomically and
 * verified, checks and loads them; and the results behind {@code nabla data list|info|verify|download}.
 * Progress is reported through {@link dev.nabla.data.registry.ProgressListener}, so the core needs no
 * terminal library.
 */
package dev.nabla.data.registry;
