package dev.nabla.nn.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MlpSpecTest {
    @Test
    void writesAndReadsJson() {
        MlpSpec spec = new MlpSpec(3072, List.of(400, 400), MlpSpec.Activation.LEAKY_RELU, true, 0.2, 10,
                MlpSpec.InitScheme.NORMAL, 1e-4);
        String json = spec.toJson();
        assertThat(json.replaceAll("\\s", "")).isEqualTo("{\"input_size\":3072,\"hidden_sizes\":[400,400],"
                + "\"activation\":\"leaky_relu\",\"batch_norm\":true,\"dropout\":0.2,\"output_size\":10,"
                + "\"init\":\"normal\",\"init_std\":1.0E-4}");
        assertThat(MlpSpec.fromJson(json)).isEqualTo(spec);
    }

    @Test
    void optionalKeysTakeTheirDefaults() {
        MlpSpec spec = MlpSpec.fromJson("{\"input_size\": 784, \"output_size\": 10}");
        assertThat(spec).isEqualTo(MlpSpec.of(784, List.of(), 10));
        assertThat(spec.activation()).isEqualTo(MlpSpec.Activation.RELU);
        assertThat(spec.init()).isEqualTo(MlpSpec.InitScheme.PYTORCH);
        assertThat(MlpSpec.fromJson("{\"input_size\": 784, \"hidden_sizes\": [300], \"activation\": \"sigmoid\","
                + " \"output_size\": 10}").activation()).isEqualTo(MlpSpec.Activation.SIGMOID);
    }

    @Test
    void unknownOrRepeatedKeysAreErrors() {
        assertThatThrownBy(() -> MlpSpec.fromJson("{\"input_size\": 784, \"output_size\": 10, \"hiden_sizes\": [100]}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid MLP spec: ")
                .hasMessageContaining("hiden_sizes");
        assertThatThrownBy(() -> MlpSpec.fromJson("{\"input_size\": 784, \"output_size\": 10, \"output_size\": 5}"))
                .hasMessageContaining("output_size");
    }

    @Test
    void invalidValuesAreErrors() {
        assertThatThrownBy(() -> MlpSpec.fromJson("{\"output_size\": 10}"))
                .hasMessageContaining("\"input_size\" and \"output_size\" are required");
        assertThatThrownBy(() -> MlpSpec.fromJson("{\"input_size\": 784, \"output_size\": 10, \"dropout\": 1.5}"))
                .hasMessageContaining("dropout must be in [0, 1), got 1.5");
        assertThatThrownBy(() -> MlpSpec.fromJson("{\"input_size\": 784, \"output_size\": 10, \"hidden_sizes\": [0]}"))
                .hasMessageContaining("hidden sizes must be positive");
        assertThatThrownBy(() -> MlpSpec.fromJson("{\"input_size\": 784, \"output_size\": 10, \"activation\": \"gelu\"}"))
                .hasMessageContaining("gelu");
        assertThatThrownBy(() -> MlpSpec.seedDefault(784).withInit(MlpSpec.InitScheme.NORMAL, 0))
                .hasMessageContaining("positive init_std");
        assertThatThrownBy(() -> MlpSpec.fromJson("{\"input_size\": 784,"))
                .hasMessageStartingWith("Invalid MLP spec: ");
    }

    @Test
    void seedDefaultIsTheReportsNetwork() {
        MlpSpec spec = MlpSpec.seedDefault(3072);
        assertThat(spec.hiddenSizes()).containsExactly(100);
        assertThat(spec.outputSize()).isEqualTo(10);
        assertThat(spec.init()).isEqualTo(MlpSpec.InitScheme.NORMAL);
        assertThat(spec.initStd()).isEqualTo(1e-4);
    }
}
