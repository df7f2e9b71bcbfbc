package dev.nabla.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.data.format.CsvFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvFormatTest {
    @TempDir
    Path dir;

    private Path csv(String text) throws IOException {
        return Files.writeString(dir.resolve("data.csv"), text);
    }

    private static float[] row(Dataset d, int i) {
        float[] x = new float[d.sampleSize()];
        d.readSample(i, x, 0);
        return x;
    }

    @Test
    void lastColumnIsTheLabelByDefault() throws IOException {
        TabularDataset d = CsvFormat.read(csv("x1,x2,y\n1.5,-2,1\n\n0,3e-1,0\n4,5,2\n"));
        assertThat(d.size()).isEqualTo(3);
        assertThat(d.sampleShape()).containsExactly(2);
        assertThat(row(d, 0)).containsExactly(1.5f, -2f);
        assertThat(row(d, 1)).containsExactly(0f, 0.3f);
        assertThat(d.labels()).containsExactly(1, 0, 2);
        assertThat(d.classNames()).containsExactly("0", "1", "2");
    }

    @Test
    void columnNamedLabelWinsOverTheLastOne() throws IOException {
        TabularDataset d = CsvFormat.read(csv("Label,a,b\n1,10,20\n0,30,40\n"));
        assertThat(d.labels()).containsExactly(1, 0);
        assertThat(row(d, 1)).containsExactly(30f, 40f);
    }

    @Test
    void labelColumnByNameAndNamedClasses() throws IOException {
        Path f = csv("\"species\",len,width\nsetosa,1,2\nvirginica,3,4\nsetosa,5,6\n");
        TabularDataset d = CsvFormat.read(f, "species", null);
        assertThat(d.classNames()).containsExactly("setosa", "virginica");
        assertThat(d.labels()).containsExactly(0, 1, 0);
        assertThat(row(d, 2)).containsExactly(5f, 6f);
        TabularDataset test = CsvFormat.read(Files.writeString(dir.resolve("test.csv"), "species,len,width\nvirginica,7,8\n"),
                "species", d.classNames());
        assertThat(test.labels()).containsExactly(1);
    }

    @Test
    void unreadableNumberNamesLineColumnAndValue() throws IOException {
        Path f = csv("a,b,label\n1,2,0\n3,abc,1\n");
        assertThatThrownBy(() -> CsvFormat.read(f)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining(f + " line 3, column 'b' (2 of 3): expected a finite number, found 'abc'");
    }

    @Test
    void nonFiniteNumbersAreRejected() throws IOException {
        Path f = csv("a,label\nNaN,0\n");
        assertThatThrownBy(() -> CsvFormat.read(f)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("line 2, column 'a'").hasMessageContaining("found 'NaN'");
    }

    @Test
    void wrongFieldCount() throws IOException {
        Path f = csv("a,b,label\n1,2,0\n1,2\n");
        assertThatThrownBy(() -> CsvFormat.read(f)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining(f + " line 3: 2 fields, but the header has 3 (a, b, label)");
    }

    @Test
    void unknownLabelColumn() throws IOException {
        Path f = csv("a,b,label\n1,2,0\n");
        assertThatThrownBy(() -> CsvFormat.read(f, "target", null)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("no column named 'target'").hasMessageContaining("a, b, label");
    }

    @Test
    void emptyFileAndHeaderOnly() throws IOException {
        Path empty = csv("\n\n");
        assertThatThrownBy(() -> CsvFormat.read(empty)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("the file is empty; expected a header line");
        Path header = csv("a,label\n");
        assertThatThrownBy(() -> CsvFormat.read(header)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("no data rows after the header");
    }

    @Test
    void labelNotAmongGivenClasses() throws IOException {
        Path f = csv("a,label\n1,cat\n");
        assertThatThrownBy(() -> CsvFormat.read(f, null, List.of("dog", "bird"))).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("label 'cat' in column 'label' is not one of the 2 classes [dog, bird]");
    }
}
