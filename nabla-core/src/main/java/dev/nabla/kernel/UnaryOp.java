package dev.nabla.kernel;

/**
 * Elementwise unary operations. Float versions compute in double where that is what keeps them exact
 * and stable (exp, log, tanh), then round once.
 */
public enum UnaryOp {
    NEG {
        @Override public float apply(float x) { return -x; }
        @Override public double apply(double x) { return -x; }
    },
    EXP {
        @Override public float apply(float x) { return (float) Math.exp(x); }
        @Override public double apply(double x) { return Math.exp(x); }
    },
    LOG {
        @Override public float apply(float x) { return (float) Math.log(x); }
        @Override public double apply(double x) { return Math.log(x); }
    },
    SQRT {
        @Override public float apply(float x) { return (float) Math.sqrt(x); }
        @Override public double apply(double x) { return Math.sqrt(x); }
    },
    ABS {
        @Override public float apply(float x) { return Math.abs(x); }
        @Override public double apply(double x) { return Math.abs(x); }
    },
    /** sign(x): -1, 0 or 1. */
    SIGN {
        @Override public float apply(float x) { return Math.signum(x); }
        @Override public double apply(double x) { return Math.signum(x); }
    },
    RECIPROCAL {
        @Override public float apply(float x) { return 1f / x; }
        @Override public double apply(double x) { return 1.0 / x; }
    },
    RELU {
        @Override public float apply(float x) { return Math.max(x, 0f); }
        @Override public double apply(double x) { return Math.max(x, 0.0); }
    },
    /** 1/(1+e^-x), evaluated so that neither branch overflows at ±1000. */
    SIGMOID {
        @Override public float apply(float x) { return (float) apply((double) x); }
        @Override public double apply(double x) {
            if (x >= 0) {
                return 1.0 / (1.0 + Math.exp(-x));
            }
            double e = Math.exp(x);
            return e / (1.0 + e);
        }
    },
    /** Math.tanh saturates to ±1 instead of computing (e^x - e^-x)/(e^x + e^-x) = inf/inf. */
    TANH {
        @Override public float apply(float x) { return (float) Math.tanh(x); }
        @Override public double apply(double x) { return Math.tanh(x); }
    };

    public abstract float apply(float x);

    public abstract double apply(double x);

    /** The name used in error messages. */
    public String opName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
