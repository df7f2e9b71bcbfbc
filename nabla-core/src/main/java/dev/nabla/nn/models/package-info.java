/**
 * Whole networks built from a spec: {@link dev.nabla.nn.models.Mlp} from an {@link dev.nabla.nn.models.MlpSpec}
 * (a record that reads and writes as JSON).
 */
package dev.nabla.nn.models;
