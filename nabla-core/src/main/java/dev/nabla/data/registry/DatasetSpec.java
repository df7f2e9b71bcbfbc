package dev.nabla.data.registry;

import java.net.URI;
import java.util.List;

/**
 * What nabla knows about a named dataset: its format, shape and classes, the files its publisher
 * distributes, where to download them and how to check them.
 *
 * @param name the name used on the command line, e.g. {@code fashion-mnist}
 * @param kind the format the files are read with
 * @param baseUrls where {@link #files()} can be downloaded, tried in order ({@code base + fileName})
 * @param files the files to download: four IDX {@code .gz} files (train images, train labels, test images,
 *     test labels, in that order), or one CIFAR archive
 * @param members for CIFAR, the batch files inside the archive, checkable once extracted; else empty
 * @param debianPackage a Debian package that installs the files into {@code /usr/share/datasets/<name>}, or null
 */
public record DatasetSpec(String name, String title, Kind kind, List<URI> baseUrls, List<RemoteFile> files,
        List<RemoteFile> members, int[] sampleShape, int trainCount, int testCount, List<String> classNames,
        String homepage, String debianPackage) {

    /** How a dataset's files are read. */
    public enum Kind {
        /** Four IDX files of the MNIST family. */
        IDX,
        /** The CIFAR-10 binary archive or its extracted folder. */
        CIFAR10,
        /** The CIFAR-100 binary archive or its extracted folder. */
        CIFAR100,
        /** Generated on demand; no files. */
        SYNTH
    }

    public DatasetSpec {
        baseUrls = List.copyOf(baseUrls);
        files = List.copyOf(files);
        members = List.copyOf(members);
        sampleShape = sampleShape.clone();
        classNames = List.copyOf(classNames);
    }

    @Override
    public int[] sampleShape() {
        return sampleShape.clone();
    }

    /** The official URLs of every file, in download order. */
    public List<URI> urls(RemoteFile file) {
        return baseUrls.stream().map(base -> base.resolve(file.fileName())).toList();
    }

    /** The file of {@link #files()} or {@link #members()} with this name, or null. */
    public RemoteFile file(String fileName) {
        for (RemoteFile f : files) {
            if (f.fileName().equals(fileName)) {
                return f;
            }
        }
        for (RemoteFile f : members) {
            if (f.fileName().equals(fileName)) {
                return f;
            }
        }
        return null;
    }
}
