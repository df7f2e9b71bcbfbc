package dev.nabla.lab.grid;

import dev.nabla.lab.RunConfig;
import java.util.Map;

/**
 * One run of a grid: configuration number {@code config} (0-based, in the order of the product), repeat
 * {@code repeat} (0-based; its seed is the base seed + repeat), its folder name and full configuration.
 *
 * @param values the configuration's value for each varied option, as shown in tables ("100-100", "0.01")
 */
public record GridPoint(int config, int repeat, String id, Map<String, String> values, RunConfig runConfig) {
    /** The configuration without the repeat, e.g. "lr=0.01,optimizer=adam,hidden=100-100". */
    public String label() {
        return label(values);
    }

    /** Values as "key=value,key=value"; "base" when nothing is varied. */
    public static String label(Map<String, String> values) {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ",").append(k).append('=').append(v));
        return sb.isEmpty() ? "base" : sb.toString();
    }
}
