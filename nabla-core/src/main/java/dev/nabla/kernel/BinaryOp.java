package dev.nabla.kernel;

/** Elementwise binary operations; comparisons give 1 for true and 0 for false. */
public enum BinaryOp {
    ADD("add") {
        @Override public float apply(float a, float b) { return a + b; }
        @Override public double apply(double a, double b) { return a + b; }
    },
    SUB("sub") {
        @Override public float apply(float a, float b) { return a - b; }
        @Override public double apply(double a, double b) { return a - b; }
    },
    MUL("mul") {
        @Override public float apply(float a, float b) { return a * b; }
        @Override public double apply(double a, double b) { return a * b; }
    },
    DIV("div") {
        @Override public float apply(float a, float b) { return a / b; }
        @Override public double apply(double a, double b) { return a / b; }
    },
    POW("pow") {
        @Override public float apply(float a, float b) { return (float) Math.pow(a, b); }
        @Override public double apply(double a, double b) { return Math.pow(a, b); }
    },
    /** Larger of the two; NaN if either is NaN (as torch.maximum). */
    MAXIMUM("maximum") {
        @Override public float apply(float a, float b) { return Math.max(a, b); }
        @Override public double apply(double a, double b) { return Math.max(a, b); }
    },
    MINIMUM("minimum") {
        @Override public float apply(float a, float b) { return Math.min(a, b); }
        @Override public double apply(double a, double b) { return Math.min(a, b); }
    },
    EQ("eq") {
        @Override public float apply(float a, float b) { return a == b ? 1f : 0f; }
        @Override public double apply(double a, double b) { return a == b ? 1 : 0; }
    },
    NE("ne") {
        @Override public float apply(float a, float b) { return a != b ? 1f : 0f; }
        @Override public double apply(double a, double b) { return a != b ? 1 : 0; }
    },
    LT("lt") {
        @Override public float apply(float a, float b) { return a < b ? 1f : 0f; }
        @Override public double apply(double a, double b) { return a < b ? 1 : 0; }
    },
    LE("le") {
        @Override public float apply(float a, float b) { return a <= b ? 1f : 0f; }
        @Override public double apply(double a, double b) { return a <= b ? 1 : 0; }
    },
    GT("gt") {
        @Override public float apply(float a, float b) { return a > b ? 1f : 0f; }
        @Override public double apply(double a, double b) { return a > b ? 1 : 0; }
    },
    GE("ge") {
        @Override public float apply(float a, float b) { return a >= b ? 1f : 0f; }
        @Override public double apply(double a, double b) { return a >= b ? 1 : 0; }
    };

    private final String opName;

    BinaryOp(String opName) {
        this.opName = opName;
    }

    public abstract float apply(float a, float b);

    public abstract double apply(double a, double b);

    /** The name used in error messages, as in PyTorch. */
    public String opName() {
        return opName;
    }
}
