package dev.nabla.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.data.DataLoader.Position;
import dev.nabla.data.transform.RandomCrop;
import dev.nabla.data.transform.RandomHorizontalFlip;
import dev.nabla.data.transform.ScaleToUnit;
import dev.nabla.data.transform.Standardize;
import dev.nabla.data.transform.Transform;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DataLoaderTest {
    /** 23 images of [2, 3, 4] whose pixels encode their index; label = index mod 5. */
    private static ImageDataset images(int n) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 5;
        }
        return new ImageDataset("pattern", TestFiles.patternPixels(n, 2, 3, 4), labels, 2, 3, 4,
                List.of("a", "b", "c", "d", "e"));
    }

    private static List<int[]> indicesOf(BatchIterator it) {
        List<int[]> out = new ArrayList<>();
        for (Batch b : it) {
            out.add(b.indices());
        }
        return out;
    }

    private static int[] concat(List<int[]> parts) {
        return parts.stream().flatMapToInt(Arrays::stream).toArray();
    }

    @Test
    void unshuffledBatchesInOrderWithSmallerLastBatch() {
        try (DataLoader loader = DataLoader.builder(images(23)).batchSize(5).prefetch(0).build()) {
            List<Batch> batches = new ArrayList<>();
            loader.epoch(0).forEachRemaining(batches::add);
            assertThat(batches).hasSize(5);
            assertThat(loader.batchesPerEpoch()).isEqualTo(5);
            assertThat(batches.get(4).size()).isEqualTo(3);
            assertThat(batches.get(4).inputs().shape()).containsExactly(3, 2, 3, 4);
            assertThat(batches.get(1).indices()).containsExactly(5, 6, 7, 8, 9);
            assertThat(batches.get(1).labels()).containsExactly(0, 1, 2, 3, 4);
            // Row 2 of batch 1 is image 7: channel 1, row 2, column 3 holds 31·7 + 53 + 14 + 3.
            assertThat(batches.get(1).inputs().get(2, 1, 2, 3)).isEqualTo((float) ((31 * 7 + 53 + 14 + 3) & 0xFF));
        }
    }

    @Test
    void flattenAndDropLast() {
        try (DataLoader loader = DataLoader.builder(images(23)).batchSize(5).flatten(true).dropLast(true).build()) {
            List<int[]> batches = indicesOf(loader.epoch(0));
            assertThat(batches).hasSize(4).allMatch(b -> b.length == 5);
            assertThat(loader.samplesPerEpoch()).isEqualTo(20);
            assertThat(loader.batchShape(5)).containsExactly(5, 24);
        }
    }

    @Test
    void shuffleIsReproduciblePerEpochAndDiffersBetweenEpochs() {
        Dataset data = images(23);
        try (DataLoader a = DataLoader.builder(data).batchSize(4).shuffle(42).build();
                DataLoader b = DataLoader.builder(data).batchSize(4).shuffle(42).build();
                DataLoader c = DataLoader.builder(data).batchSize(4).shuffle(43).build()) {
            int[] a0 = concat(indicesOf(a.epoch(0)));
            int[] a1 = concat(indicesOf(a.epoch(1)));
            assertThat(concat(indicesOf(b.epoch(0)))).containsExactly(a0);
            assertThat(concat(indicesOf(b.epoch(1)))).containsExactly(a1);
            assertThat(a1).isNotEqualTo(a0);
            assertThat(concat(indicesOf(c.epoch(0)))).isNotEqualTo(a0);
            assertThat(a0).containsExactlyInAnyOrder(a.order(5));
            assertThat(a0).containsExactly(a.order(0));
        }
    }

    @Test
    void resumingFromAPositionGivesTheSameBatches() {
        Dataset data = images(23);
        try (DataLoader loader = DataLoader.builder(data).batchSize(4).shuffle(7).build()) {
            List<int[]> straight = new ArrayList<>();
            Position saved = null;
            try (BatchIterator it = loader.stream()) {
                for (int step = 0; step < 20; step++) {
                    straight.add(it.next().indices());
                    if (step == 8) {
                        saved = it.position();
                    }
                }
            }
            // 6 batches per epoch: after 9 batches we are 3 batches (12 samples) into epoch 1.
            assertThat(saved).isEqualTo(new Position(1, 12));
            try (BatchIterator resumed = loader.stream(saved)) {
                for (int step = 9; step < 20; step++) {
                    assertThat(resumed.next().indices()).containsExactly(straight.get(step));
                }
            }
            List<int[]> rest = indicesOf(loader.epoch(new Position(1, 12)));
            assertThat(rest).hasSize(3);
            assertThat(rest.get(0)).containsExactly(straight.get(9));
        }
    }

    @Test
    void positionAfterTheLastBatchIsTheNextEpoch() {
        try (DataLoader loader = DataLoader.builder(images(10)).batchSize(5).build()) {
            BatchIterator it = loader.epoch(3);
            it.next();
            assertThat(it.position()).isEqualTo(new Position(3, 5));
            it.next();
            assertThat(it.position()).isEqualTo(new Position(4, 0));
            assertThat(it.hasNext()).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void prefetchGivesIdenticalBatches(int depth) {
        Dataset data = images(23);
        Transform[] transforms = {new ScaleToUnit(), new RandomHorizontalFlip(5), new RandomCrop(1, 6)};
        try (DataLoader plain = DataLoader.builder(data).batchSize(4).shuffle(9).transforms(transforms).prefetch(0).build();
                DataLoader fetched = DataLoader.builder(data).batchSize(4).shuffle(9).transforms(transforms)
                        .prefetch(depth).build()) {
            for (int epoch = 0; epoch < 3; epoch++) {
                List<Batch> a = new ArrayList<>();
                List<Batch> b = new ArrayList<>();
                plain.epoch(epoch).forEachRemaining(a::add);
                fetched.epoch(epoch).forEachRemaining(b::add);
                assertThat(b).hasSameSizeAs(a);
                for (int i = 0; i < a.size(); i++) {
                    assertThat(b.get(i).inputs().toFloatArray()).containsExactly(a.get(i).inputs().toFloatArray());
                    assertThat(b.get(i).labels()).containsExactly(a.get(i).labels());
                }
            }
        }
    }

    @Test
    void augmentationDependsOnSampleNotBatch() {
        Dataset data = images(12);
        Transform flip = new RandomHorizontalFlip(3);
        float[] byFour = rowOf(data, 4, flip, 9);
        float[] byThree = rowOf(data, 3, flip, 9);
        assertThat(byFour).containsExactly(byThree);
    }

    private static float[] rowOf(Dataset data, int batch, Transform t, int index) {
        try (DataLoader loader = DataLoader.builder(data).batchSize(batch).shuffle(1).flatten(true).transforms(t).build()) {
            for (Batch b : loader.epoch(2)) {
                for (int r = 0; r < b.size(); r++) {
                    if (b.indices()[r] == index) {
                        return Arrays.copyOfRange(b.inputs().toFloatArray(), r * 24, (r + 1) * 24);
                    }
                }
            }
        }
        throw new AssertionError("sample " + index + " not served");
    }

    @Test
    void errorInTheLoaderThreadReachesTheConsumer() {
        Transform failing = (x, offset, shape, epoch, index) -> {
            if (index == 13) {
                throw new IllegalStateException("sample 13 is broken");
            }
        };
        try (DataLoader loader = DataLoader.builder(images(23)).batchSize(5).transforms(failing).prefetch(2).build()) {
            BatchIterator it = loader.epoch(0);
            it.next();
            it.next();
            assertThatThrownBy(it::next).isInstanceOf(IllegalStateException.class).hasMessage("sample 13 is broken");
            assertThat(it.hasNext()).isFalse();
        }
    }

    @Test
    void closingStopsThePrefetchThread() throws InterruptedException {
        DataLoader loader = DataLoader.builder(images(23)).batchSize(2).prefetch(2).build();
        BatchIterator it = loader.stream();
        it.next();
        assertThat(prefetchThreads()).isPositive();
        loader.close();
        assertThat(it.hasNext()).isFalse();
        for (int i = 0; i < 100 && prefetchThreads() > 0; i++) {
            Thread.sleep(10);
        }
        assertThat(prefetchThreads()).isZero();
    }

    private static long prefetchThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("nabla-data-prefetch") && t.isAlive()).count();
    }

    @Test
    void eightBitImagesReadThroughTablesGiveTheBitsOfTheTransformsAppliedInTurn() {
        int n = 40;
        byte[] pixels = new byte[n * 3 * 5 * 6];
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i < 256 ? i : random.nextInt(256));    // every value 0..255 occurs
        }
        int[] labels = new int[n];
        ImageDataset d = new ImageDataset("rgb", pixels, labels, 3, 5, 6, List.of("x"));
        Dataset train = d.subset("rgb/train", java.util.stream.IntStream.range(3, n).toArray());
        Standardize norm = Standardize.fit(train, new ScaleToUnit());
        Transform[] transforms = {new ScaleToUnit(), norm, new RandomHorizontalFlip(5)};
        int[] shape = train.sampleShape();
        try (DataLoader loader = DataLoader.builder(train).batchSize(8).shuffle(3).transforms(transforms).build()) {
            for (int epoch = 0; epoch < 2; epoch++) {
                for (Batch b : loader.epoch(epoch)) {
                    float[] got = b.inputs().toFloatArray();
                    for (int row = 0; row < b.size(); row++) {
                        float[] expected = new float[train.sampleSize()];
                        train.readSample(b.indices()[row], expected, 0);
                        for (Transform t : transforms) {
                            t.apply(expected, 0, shape, epoch, b.indices()[row]);
                        }
                        float[] actual = Arrays.copyOfRange(got, row * expected.length, (row + 1) * expected.length);
                        assertThat(actual).as("sample %d, epoch %d", b.indices()[row], epoch)
                                .usingElementComparator((x, y) -> Integer.compare(Float.floatToRawIntBits(x),
                                        Float.floatToRawIntBits(y)))
                                .containsExactly(expected);
                    }
                }
            }
        }
        Standardize rgb = new Standardize(new double[] {0, 0, 0}, new double[] {1, 1, 1});
        assertThatThrownBy(() -> DataLoader.builder(images(3)).transforms(rgb).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("statistics for 3 channels but the sample has shape [2, 3, 4]");
    }

    @Test
    void badConfigurationsAreExplained() {
        assertThatThrownBy(() -> DataLoader.builder(images(3)).batchSize(5).dropLast(true).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pattern (3 samples) with batch size 5 and dropLast would produce no batch");
        assertThatThrownBy(() -> DataLoader.builder(images(3)).batchSize(0))
                .hasMessage("Invalid batch size: 0");
        try (DataLoader loader = DataLoader.builder(images(3)).build()) {
            assertThatThrownBy(() -> loader.epoch(new Position(0, 4)))
                    .hasMessageContaining("past the end of an epoch of 3 samples");
            BatchIterator it = loader.epoch(0);
            it.iterator();
            assertThatThrownBy(it::iterator).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("only once");
        }
    }
}
