package dev.nabla.data.registry;

import dev.nabla.data.Synthetic;
import dev.nabla.data.format.CifarFormat;
import dev.nabla.data.registry.DatasetSpec.Kind;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The datasets nabla knows by name. {@link #standard()} holds the built-in ones; a program can build its
 * own catalog of {@link DatasetSpec}s (with its own checksums) and hand it to {@link Datasets.Builder#catalog}.
 *
 * <h2>Where every checksum comes from</h2>
 * No value here was made up, and none was computed from a download of ours (these machines cannot reach
 * the publishers):
 * <ul>
 *   <li><b>{@code sha256} of the published files</b> (the four {@code .gz} of MNIST, Fashion-MNIST and
 *   KMNIST, the two CIFAR archives): TensorFlow Datasets' checksum files
 *   {@code tensorflow_datasets/url_checksums/{mnist,fashion_mnist,kmnist,cifar10,cifar100}.txt}, which also
 *   give the sizes. The same values are pinned by torchvision's Ruby port (ankane/torchvision-ruby,
 *   {@code lib/torchvision/datasets/*.rb}).</li>
 *   <li><b>{@code sha256} of the CIFAR batch files</b> ({@code data_batch_1.bin} ... {@code test_batch.bin},
 *   {@code train.bin}, {@code test.bin}), used to check an extracted folder: ankane/torchvision-ruby,
 *   {@code lib/torchvision/datasets/cifar10.rb} and {@code cifar100.rb}.</li>
 *   <li><b>{@code contentSha256} of the decompressed IDX files of Fashion-MNIST</b>: published by several
 *   third-party projects that pin the unpacked files; they equal the SHA-256 of the decompressed content of
 *   Debian's {@code dataset-fashion-mnist} 0.0~git20200523.55506a9-1 files, which we hashed. Debian's
 *   {@code .gz} files themselves differ from the published ones (recompressed without the original file name
 *   in the gzip header, 23-24 bytes shorter), so they match only by content.</li>
 *   <li><b>{@code contentSha256} of the decompressed IDX files of MNIST</b>: published by several
 *   third-party projects that pin the unpacked files (the publisher gives none).</li>
 *   <li><b>KMNIST's decompressed files</b>: no published SHA-256 was found, so an unpacked KMNIST copy can
 *   be parsed but not checked; its {@code .gz} files are checked as published.</li>
 * </ul>
 */
public final class Catalog {
    private static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    private static final List<String> FASHION = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    private static final List<String> KMNIST = List.of("o", "ki", "su", "tsu", "na", "ha", "ma", "ya", "re", "wo");
    private static final int[] IDX_SHAPE = {1, 28, 28};
    private static final int[] CIFAR_SHAPE = {CifarFormat.CHANNELS, CifarFormat.SIDE, CifarFormat.SIDE};
    private static final long CIFAR10_BATCH_BYTES = 10_000L * CifarFormat.Variant.CIFAR10.recordBytes();

    private static final Catalog STANDARD = new Catalog(List.of(
            new DatasetSpec("mnist", "MNIST handwritten digits", Kind.IDX,
                    // The publisher's page is last: it has refused automated downloads at times.
                    urls("https://storage.googleapis.com/cvdf-datasets/mnist/",
                            "https://ossci-datasets.s3.amazonaws.com/mnist/",
                            "http://yann.lecun.com/exdb/mnist/"),
                    List.of(
                            new RemoteFile("train-images-idx3-ubyte.gz",
                                    "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
                                    "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db", 9_912_422),
                            new RemoteFile("train-labels-idx1-ubyte.gz",
                                    "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
                                    "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5", 28_881),
                            new RemoteFile("t10k-images-idx3-ubyte.gz",
                                    "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
                                    "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7", 1_648_877),
                            new RemoteFile("t10k-labels-idx1-ubyte.gz",
                                    "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
                                    "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2", 4_542)),
                    List.of(), IDX_SHAPE, 60_000, 10_000, DIGITS, "http://yann.lecun.com/exdb/mnist/", null),
            new DatasetSpec("fashion-mnist", "Fashion-MNIST (Zalando article images)", Kind.IDX,
                    urls("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
                    List.of(
                            new RemoteFile("train-images-idx3-ubyte.gz",
                                    "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
                                    "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888", 26_421_880),
                            new RemoteFile("train-labels-idx1-ubyte.gz",
                                    "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
                                    "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9", 29_515),
                            new RemoteFile("t10k-images-idx3-ubyte.gz",
                                    "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
                                    "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b", 4_422_102),
                            new RemoteFile("t10k-labels-idx1-ubyte.gz",
                                    "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5",
                                    "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34", 5_148)),
                    List.of(), IDX_SHAPE, 60_000, 10_000, FASHION, "https://github.com/zalandoresearch/fashion-mnist",
                    "dataset-fashion-mnist"),
            new DatasetSpec("kmnist", "Kuzushiji-MNIST (cursive Japanese hiragana)", Kind.IDX,
                    urls("http://codh.rois.ac.jp/kmnist/dataset/kmnist/"),
                    List.of(
                            new RemoteFile("train-images-idx3-ubyte.gz",
                                    "51467d22d8cc72929e2a028a0428f2086b092bb31cfb79c69cc0a90ce135fde4", null,
                                    18_165_135),
                            new RemoteFile("train-labels-idx1-ubyte.gz",
                                    "e38f9ebcd0f3ebcdec7fc8eabdcdaef93bb0df8ea12bee65224341c8183d8e17", null, 29_497),
                            new RemoteFile("t10k-images-idx3-ubyte.gz",
                                    "edd7a857845ad6bb1d0ba43fe7e794d164fe2dce499a1694695a792adfac43c5", null,
                                    3_041_136),
                            new RemoteFile("t10k-labels-idx1-ubyte.gz",
                                    "20bb9a0ef54c7db3efc55a92eef5582c109615df22683c380526788f98e42a1c", null, 5_120)),
                    List.of(), IDX_SHAPE, 60_000, 10_000, KMNIST, "https://github.com/rois-codh/kmnist", null),
            new DatasetSpec("cifar10", "CIFAR-10 (32×32 colour images, 10 classes)", Kind.CIFAR10,
                    urls("https://www.cs.toronto.edu/~kriz/"),
                    List.of(new RemoteFile("cifar-10-binary.tar.gz",
                            "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd", null, 170_052_171)),
                    List.of(
                            new RemoteFile("data_batch_1.bin",
                                    "cee916563c9f80d84e3cc88e17fdc0941787f1244f00a67874d45b261883ada5", null,
                                    CIFAR10_BATCH_BYTES),
                            new RemoteFile("data_batch_2.bin",
                                    "a591ca11fa1708a91ee40f54b3da4784ccd871ecf2137de63f51ada8b3fa57ed", null,
                                    CIFAR10_BATCH_BYTES),
                            new RemoteFile("data_batch_3.bin",
                                    "bbe8596564c0f86427f876058170b84dac6670ddf06d79402899d93ceea26f67", null,
                                    CIFAR10_BATCH_BYTES),
                            new RemoteFile("data_batch_4.bin",
                                    "014e562d6e23c72197cc727519169a60359f5eccd8945ad5a09d710285ff4e48", null,
                                    CIFAR10_BATCH_BYTES),
                            new RemoteFile("data_batch_5.bin",
                                    "755304fc0b379caeae8c14f0dac912fbc7d6cd469eb67a1029a08a39453a9add", null,
                                    CIFAR10_BATCH_BYTES),
                            new RemoteFile("test_batch.bin",
                                    "8e2eb146ae340b09e24670f29cabc6326dba54da8789dab6768acf480273f65b", null,
                                    CIFAR10_BATCH_BYTES)),
                    CIFAR_SHAPE, 50_000, 10_000, CifarFormat.CIFAR10_CLASSES,
                    "https://www.cs.toronto.edu/~kriz/cifar.html", null),
            new DatasetSpec("cifar100", "CIFAR-100 (32×32 colour images, 100 classes in 20 superclasses)",
                    Kind.CIFAR100, urls("https://www.cs.toronto.edu/~kriz/"),
                    List.of(new RemoteFile("cifar-100-binary.tar.gz",
                            "58a81ae192c23a4be8b1804d68e518ed807d710a4eb253b1f2a199162a40d8ec", null, 168_513_733)),
                    List.of(
                            new RemoteFile("train.bin",
                                    "f31298fc616915fa142368359df1c4ca2ae984d6915ca468b998a5ec6aeebf29", null,
                                    50_000L * CifarFormat.Variant.CIFAR100.recordBytes()),
                            new RemoteFile("test.bin",
                                    "d8b1e6b7b3bee4020055f0699b111f60b1af1e262aeb93a0b659061746f8224a", null,
                                    10_000L * CifarFormat.Variant.CIFAR100.recordBytes())),
                    CIFAR_SHAPE, 50_000, 10_000, CifarFormat.CIFAR100_FINE,
                    "https://www.cs.toronto.edu/~kriz/cifar.html", null),
            new DatasetSpec("synth", "Seed 003's synthetic 2-class data: x ~ N(0, I2), label xᵀQx > 0.6",
                    Kind.SYNTH, List.of(), List.of(), List.of(), new int[] {2}, Synthetic.DEFAULT_TRAIN,
                    Synthetic.DEFAULT_TEST, List.of("0", "1"), null, null)));

    private final Map<String, DatasetSpec> specs = new LinkedHashMap<>();

    private Catalog(List<DatasetSpec> specs) {
        for (DatasetSpec s : specs) {
            if (this.specs.put(s.name(), s) != null) {
                throw new IllegalArgumentException("Two datasets are named " + s.name());
            }
        }
    }

    /** The built-in datasets: mnist, fashion-mnist, kmnist, cifar10, cifar100, synth. */
    public static Catalog standard() {
        return STANDARD;
    }

    /** A catalog of the given datasets. */
    public static Catalog of(List<DatasetSpec> specs) {
        return new Catalog(specs);
    }

    /** This catalog with {@code spec} added (or replacing the dataset of the same name). */
    public Catalog with(DatasetSpec spec) {
        List<DatasetSpec> all = new ArrayList<>(specs.values());
        all.removeIf(s -> s.name().equals(spec.name()));
        all.add(spec);
        return new Catalog(all);
    }

    /** Every dataset, in a stable order. */
    public List<DatasetSpec> all() {
        return List.copyOf(specs.values());
    }

    /** The dataset called {@code name}; the message lists the known names otherwise. */
    public DatasetSpec get(String name) {
        DatasetSpec spec = specs.get(name);
        if (spec == null) {
            throw new IllegalArgumentException("Unknown dataset '" + name + "'. Known datasets: "
                    + String.join(", ", specs.keySet()) + ". For your own data use a CSV file (CsvFormat) or IDX"
                    + " files (IdxFormat).");
        }
        return spec;
    }

    private static List<URI> urls(String... bases) {
        return Arrays.stream(bases).map(URI::create).toList();
    }
}
