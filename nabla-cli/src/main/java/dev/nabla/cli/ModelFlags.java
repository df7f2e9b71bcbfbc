package dev.nabla.cli;

import picocli.CommandLine.Option;

/**
 * The options that define the network itself, shared by {@code train}, {@code explain} and {@code gradcheck}
 * (a picocli mixin). Each field is named after its run-configuration key ({@link RunDefaults#configKey}).
 */
final class ModelFlags {
    @Option(names = "--model", paramLabel = "mlp|cnn|FILE", description = "mlp, the seeds' VGG-like cnn, or a JSON spec file.")
    String model;

    @Option(names = {"--hidden", "--dnn_hidden_units"}, paramLabel = "W,W,...", description = "Hidden layer widths of the MLP.")
    String hidden;

    @Option(names = "--activation", paramLabel = "NAME", description = "relu, elu, sigmoid, tanh or leaky_relu.")
    String activation;

    @Option(names = "--batchnorm", negatable = true, description = "BatchNorm after each hidden activation (seed 001).")
    Boolean batchnorm;

    @Option(names = "--dropout", paramLabel = "P", description = "Dropout probability after each hidden block.")
    Double dropout;

    @Option(names = "--init", paramLabel = "SCHEME", description = "normal (N(0, init_std^2)), pytorch, kaiming or xavier.")
    String init;

    @Option(names = "--init-std", paramLabel = "STD", description = "Standard deviation for --init normal.")
    Double initStd;
}
