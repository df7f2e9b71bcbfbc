package dev.nabla.optim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Python's repr(float), as printed by /usr/bin/python3 for the same values. */
class PyFloatTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "-1.0|-1.0", "-1e-08|-1e-08", "0.001|0.001", "1e-05|1e-05", "0.0001|0.0001", "1e16|1e+16",
        "1e15|1000000000000000.0", "1.5|1.5", "100|100.0", "123456789|123456789.0",
        "0.30000000000000004|0.30000000000000004", "-0.0|-0.0", "0|0.0", "1.5e-10|1.5e-10", "2.5e20|2.5e+20",
        "0.3333333333333333|0.3333333333333333", "12345678901234567|1.2345678901234568e+16", "4.9e-324|5e-324",
        "1.7976931348623157e308|1.7976931348623157e+308", "0.999|0.999", "NaN|nan", "-Infinity|-inf"})
    void formatsAsPythonRepr(double value, String python) {
        assertThat(PyFloat.repr(value)).isEqualTo(python);
    }
}
