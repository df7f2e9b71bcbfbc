package dev.nabla.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** Describes the preferred vector shape. Only loaded when the Vector API module is present. */
final class VectorInfo {
    private VectorInfo() {}

    static String describe() {
        VectorSpecies<Float> s = FloatVector.SPECIES_PREFERRED;
        return s.vectorBitSize() + "-bit (" + s.length() + " floats)";
    }
}
