package dev.nabla.data.transform;

/**
 * Maps raw 8-bit pixel values 0..255 to [0, 1]: {@code x / 255}, a true float32 division (not a multiply by
 * 1/255) so the values are bit-identical to torchvision's {@code ToTensor}.
 */
public final class ScaleToUnit implements PointwiseTransform {

    @Override
    public float map(float v, int channel) {
        return v / 255f;
    }

    @Override
    public void apply(float[] x, int offset, int[] shape, int epoch, int index) {
        int n = numel(shape);
        for (int i = offset, end = offset + n; i < end; i++) {
            x[i] /= 255f;
        }
    }

    static int numel(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    @Override
    public String toString() {
        return "ScaleToUnit()";
    }
}
