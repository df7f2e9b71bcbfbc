/**
 * Datasets in memory and the pipeline that feeds them to a model.
 *
 * <ul>
 *   <li>{@link dev.nabla.data.Dataset}: labelled samples read one at a time; {@link dev.nabla.data.ImageDataset}
 *   keeps images as uint8, {@link dev.nabla.data.TabularDataset} keeps feature rows;
 *   {@link dev.nabla.data.Synthetic} generates seed 003's two-class data.</li>
 *   <li>{@link dev.nabla.data.Split}: seeded (optionally stratified) train/validation splits.</li>
 *   <li>{@link dev.nabla.data.DataLoader}: batches as tensors, seeded per-epoch shuffling that a resumed run
 *   can rebuild, background prefetch.</li>
 * </ul>
 * File formats are in {@code format}, per-sample transforms in {@code transform}, and named datasets
 * (lookup, download, checksums) in {@code registry}.
 *
 * <pre>{@code
 * TrainTest data = Datasets.defaults().load("fashion-mnist");
 * Standardize norm = Standardize.fit(data.train(), new ScaleToUnit());   // record norm.mean(), norm.std()
 * try (DataLoader loader = DataLoader.builder(data.train()).batchSize(200).shuffle(42).flatten(true)
 *         .transforms(new ScaleToUnit(), norm).build()) {
 *     for (Batch b : loader.epoch(0)) { model.forward(b.inputs()); ... b.labels() ... }
 * }
 * }</pre>
 */
package dev.nabla.data;
