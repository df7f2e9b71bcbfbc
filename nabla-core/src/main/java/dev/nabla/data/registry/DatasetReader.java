package dev.nabla.data.registry;

import dev.nabla.data.ImageDataset;
import dev.nabla.data.InvalidDataException;
import dev.nabla.data.Labels;
import dev.nabla.data.TrainTest;
import dev.nabla.data.format.CifarFormat;
import dev.nabla.data.format.CifarFormat.Records;
import dev.nabla.data.format.Compression;
import dev.nabla.data.format.IdxFormat;
import dev.nabla.data.registry.DatasetSpec.Kind;
import dev.nabla.data.registry.FileCheck.Status;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a located dataset with the loader of its format and checks each file's SHA-256 in the same pass:
 * the file's bytes and, for IDX, the decompressed content are hashed as the parser consumes them.
 */
final class DatasetReader {
    private DatasetReader() {}

    /**
     * Reads the dataset at {@code location}, appending one checksum verdict per file to {@code checks} as
     * each file is read (so a caller that catches a parse error still has the verdicts so far).
     */
    static TrainTest read(DatasetSpec spec, Location location, boolean coarse, List<FileCheck> checks) {
        TrainTest data = switch (spec.kind()) {
            case IDX -> readIdx(spec, location, checks);
            case CIFAR10, CIFAR100 -> readCifar(spec, location, coarse, checks);
            case SYNTH -> throw new IllegalArgumentException(spec.name() + " is generated, not read from files");
        };
        requireCount(spec, location, "training", data.train().size(), spec.trainCount());
        requireCount(spec, location, "test", data.test().size(), spec.testCount());
        return data;
    }

    /** The checksum verdict on every file at {@code location}, in catalog order, without parsing. */
    static List<FileCheck> checksums(DatasetSpec spec, Location location) {
        List<RemoteFile> expected = location.layout() == Location.Layout.EXTRACTED ? spec.members() : spec.files();
        List<FileCheck> checks = new ArrayList<>();
        for (RemoteFile f : expected) {
            checks.add(checksum(spec, f, location.files().get(f.fileName())));
        }
        return checks;
    }

    /**
     * The checksum verdict on one file, without parsing; IDX files are also hashed decompressed. A truncated
     * {@code .gz} has no whole content to hash, so its verdict comes from its own bytes: a mismatch.
     */
    static FileCheck checksum(DatasetSpec spec, RemoteFile f, Path path) {
        try (HashingInputStream file = new HashingInputStream(Files.newInputStream(path))) {
            if (spec.kind() != Kind.IDX) {
                return check(f, path, file.sha256(), null);
            }
            try (InputStream decompressed = Compression.decompressed(file, path.toString())) {
                String contentSha = contentSha256(decompressed);
                return check(f, path, file.sha256(), contentSha);
            }
        } catch (IOException e) {
            throw cannotRead(path, e);
        }
    }

    /** The SHA-256 of all of {@code decompressed}, or null when it is truncated. */
    private static String contentSha256(InputStream decompressed) throws IOException {
        try {
            return new HashingInputStream(decompressed).sha256();
        } catch (InvalidDataException e) {
            return null;
        }
    }

    private static TrainTest readIdx(DatasetSpec spec, Location location, List<FileCheck> checks) {
        List<RemoteFile> files = spec.files();
        Path[] paths = new Path[4];
        IdxFormat.Images[] images = new IdxFormat.Images[2];
        int[][] labels = new int[2][];
        for (int i = 0; i < 4; i++) {
            RemoteFile f = files.get(i);
            paths[i] = location.files().get(f.fileName());
            String source = paths[i].toString();
            try (HashingInputStream file = new HashingInputStream(Files.newInputStream(paths[i]));
                    HashingInputStream content = new HashingInputStream(Compression.decompressed(file, source))) {
                if (i % 2 == 0) {
                    images[i / 2] = IdxFormat.readImages(content, source);
                } else {
                    labels[i / 2] = IdxFormat.readLabels(content, source);
                }
                String contentSha = content.sha256();
                checks.add(check(f, paths[i], file.sha256(), contentSha));
            } catch (IOException e) {
                throw cannotRead(paths[i], e);
            }
        }
        return new TrainTest(idxSplit(spec, "train", images[0], paths[0], labels[0], paths[1]),
                idxSplit(spec, "test", images[1], paths[2], labels[1], paths[3]));
    }

    private static ImageDataset idxSplit(DatasetSpec spec, String split, IdxFormat.Images images, Path imagesPath,
            int[] labels, Path labelsPath) {
        Labels.requireSameCount(images.count(), imagesPath.toString(), labels.length, labelsPath.toString());
        Labels.requireInRange(labels, spec.classNames().size(), labelsPath.toString());
        return new ImageDataset(spec.name() + "/" + split, images.pixels(), labels, 1, images.rows(), images.cols(),
                spec.classNames());
    }

    private static TrainTest readCifar(DatasetSpec spec, Location location, boolean coarse, List<FileCheck> checks) {
        CifarFormat.Variant variant = spec.kind() == Kind.CIFAR10 ? CifarFormat.Variant.CIFAR10
                : CifarFormat.Variant.CIFAR100;
        if (location.layout() == Location.Layout.ARCHIVE) {
            RemoteFile archive = spec.files().get(0);
            Path path = location.files().get(archive.fileName());
            TrainTest data;
            try (HashingInputStream file = new HashingInputStream(Files.newInputStream(path))) {
                data = CifarFormat.readArchive(file, path.toString(), variant, coarse);
                checks.add(check(archive, path, file.sha256(), null));
            } catch (IOException e) {
                throw cannotRead(path, e);
            }
            return data;
        }
        Map<String, Records> records = new HashMap<>();
        for (RemoteFile member : spec.members()) {
            Path path = location.files().get(member.fileName());
            try (HashingInputStream file = new HashingInputStream(Files.newInputStream(path))) {
                records.put(member.fileName(), CifarFormat.readRecords(new BufferedInputStream(file, 1 << 16),
                        Files.size(path), path.toString(), variant, coarse));
                checks.add(check(member, path, file.sha256(), null));
            } catch (IOException e) {
                throw cannotRead(path, e);
            }
        }
        return CifarFormat.fromRecords(records, variant, coarse);
    }

    /**
     * The verdict on one file from its SHA-256 and, for IDX, that of its decompressed content (equal to the
     * file's own when the file is not compressed).
     */
    static FileCheck check(RemoteFile f, Path path, String fileSha, String contentSha) {
        if (fileSha.equalsIgnoreCase(f.sha256())) {
            return new FileCheck(path, Status.OFFICIAL, f.sha256(), fileSha);
        }
        boolean unpacked = fileSha.equals(contentSha);
        if (contentSha != null && f.contentSha256() != null) {
            return contentSha.equalsIgnoreCase(f.contentSha256())
                    ? new FileCheck(path, Status.SAME_CONTENT, f.contentSha256(), contentSha)
                    : new FileCheck(path, Status.MISMATCH, unpacked ? f.contentSha256() : f.sha256(),
                            unpacked ? contentSha : fileSha);
        }
        if (unpacked) {
            return new FileCheck(path, Status.NOT_PUBLISHED, null, contentSha);
        }
        return new FileCheck(path, Status.MISMATCH, f.sha256(), fileSha);
    }

    private static UncheckedIOException cannotRead(Path path, IOException e) {
        return new UncheckedIOException("Cannot read " + path + ": " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
    }

    private static void requireCount(DatasetSpec spec, Location location, String split, int found, int expected) {
        if (found != expected) {
            throw new InvalidDataException(location.folder() + ": the " + spec.name() + " " + split + " set has " + found
                    + " samples, expected " + expected + ": a file is missing, truncated or from another dataset");
        }
    }
}
