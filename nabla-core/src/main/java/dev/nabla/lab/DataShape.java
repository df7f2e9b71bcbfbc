package dev.nabla.lab;

import dev.nabla.data.format.IdxFolder;
import dev.nabla.data.registry.DatasetSpec;
import dev.nabla.data.registry.Datasets;
import dev.nabla.tensor.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What a model needs to know about a dataset, found without loading it: the shape of one sample and the
 * number of classes. A registry name is answered by the catalog; a folder of IDX files by its image header
 * and its label files.
 *
 * @param dataset the name or folder, for messages
 * @param sampleShape [C, H, W] for images, [D] for feature rows
 */
public record DataShape(String dataset, int[] sampleShape, int classes) {
    public DataShape {
        sampleShape = sampleShape.clone();
        if (sampleShape.length == 0 || Arrays.stream(sampleShape).anyMatch(d -> d <= 0) || classes < 2) {
            throw new IllegalArgumentException("invalid data shape " + Shape.str(sampleShape) + " with " + classes
                    + " classes: samples need a positive size and there must be at least 2 classes");
        }
    }

    @Override
    public int[] sampleShape() {
        return sampleShape.clone();
    }

    /** The shape of {@code dataset}: a folder of IDX files, or a name the registry knows. */
    public static DataShape of(String dataset, Datasets datasets) {
        Path folder = Path.of(dataset);
        if (Files.isDirectory(folder)) {
            return new DataShape(dataset, IdxFolder.sampleShape(folder), IdxFolder.classes(folder));
        }
        DatasetSpec spec = datasets.catalog().get(dataset);
        return new DataShape(dataset, spec.sampleShape(), spec.classNames().size());
    }
}
