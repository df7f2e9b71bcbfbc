package dev.nabla.cli;

import dev.nabla.lab.RunConfig;
import java.lang.reflect.Field;
import java.util.Locale;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import tools.jackson.databind.JsonNode;

/**
 * Shows each training option's default in {@code --help}, taken from {@link RunConfig#defaults()} so the
 * help can never disagree with what a run does.
 */
final class RunDefaults implements IDefaultValueProvider {
    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option)) {
            return null;
        }
        String key = configKey(option);
        JsonNode v = key == null ? null : RunConfig.defaults().toJsonTree().get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isArray()) {
            StringBuilder sb = new StringBuilder();
            v.forEach(x -> sb.append(sb.isEmpty() ? "" : ",").append(x.asString()));
            return sb.toString();
        }
        return v.asString();
    }

    /** The run-configuration key an option sets: its field's name in snake case ({@code batchSize} → batch_size). */
    static String configKey(OptionSpec option) {
        if (!(option.userObject() instanceof Field field)) {
            return null;
        }
        return field.getName().replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
    }
}
