package dev.nabla.autograd;

import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import dev.nabla.tensor.Workspace;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The autograd engine: links op outputs to their {@link Node}s, and runs backward over the recorded
 * graph in reverse topological order, so that each node's backward runs once, after every consumer of
 * its output has contributed its gradient. Gradients reaching the same tensor along several paths are
 * summed; leaves accumulate into {@code .grad}.
 */
public final class Graph {
    private Graph() {}

    static Tensor record(Tensor out, Node node) {
        Tensor recorded = out.withGradFn(node);
        node.output = recorded;
        return recorded;
    }

    /**
     * Backpropagates from {@code root}; {@link Tensor#backward()} and its overloads call this.
     *
     * @param gradient dL/d(root), or null for a scalar root (then 1)
     * @param retainGraph keep saved tensors so that backward can run through this graph again
     */
    public static void backward(Tensor root, Tensor gradient, boolean retainGraph) {
        if (!root.requiresGrad()) {
            throw new IllegalStateException("backward(): this tensor does not require grad. None of the tensors it"
                    + " was computed from has requiresGrad(true), or it was computed inside a NoGrad scope.");
        }
        Tensor seed = seedGradient(root, gradient);
        if (root.gradFn() == null) {
            root.accumulateGrad(seed);
            return;
        }
        List<Node> order = topologicalOrder(root.gradFn());
        Map<Node, Tensor> pending = new IdentityHashMap<>();
        pending.put(root.gradFn(), seed);
        long mark = Workspace.mark();
        List<Tensor> finished = new ArrayList<>();
        try (NoGrad ignored = NoGrad.enter()) {
            for (Node node : order) {
                Tensor g = pending.remove(node);
                if (g == null) {
                    continue;
                }
                if (node.output != null && node.output.retainsGrad()) {
                    node.output.accumulateGrad(g);
                }
                Tensor[] inputGrads = node.runBackward(g);
                finished.add(g);
                propagate(node, inputGrads, pending, finished, mark);
                if (!retainGraph) {
                    node.free();
                }
                // Gradients this pass created and no longer needs go back to the step's workspace, so the
                // rest of the pass reuses their arrays; one still pending (a pass-through) is kept.
                for (Tensor t : finished) {
                    Workspace.giveBack(t, mark, pending.values());
                }
                finished.clear();
            }
        }
    }

    private static Tensor seedGradient(Tensor root, Tensor gradient) {
        if (gradient == null) {
            if (root.numel() != 1) {
                throw new IllegalStateException("backward(): a gradient can be created implicitly only for a scalar"
                        + " output, but this tensor has shape " + Shape.str(root.shape())
                        + ". Call backward(gradient) with a gradient of that shape, or reduce it first (e.g. .sum()).");
            }
            return Tensor.ones(root.dtype(), root.shape());
        }
        if (!Arrays.equals(gradient.shape(), root.shape()) || gradient.dtype() != root.dtype()) {
            throw new IllegalArgumentException("backward(gradient): the gradient has shape " + Shape.str(gradient.shape())
                    + " and dtype " + gradient.dtype() + ", but the tensor has shape " + Shape.str(root.shape())
                    + " and dtype " + root.dtype());
        }
        return gradient;
    }

    /** Hands each input gradient to its producer (summed with what it has) or to its leaf; {@code finished}
     * gets the gradients that this consumed. */
    private static void propagate(Node node, Tensor[] inputGrads, Map<Node, Tensor> pending, List<Tensor> finished,
            long mark) {
        if (inputGrads == null || inputGrads.length != node.inputCount()) {
            throw new IllegalStateException(node.name() + ".backward returned "
                    + (inputGrads == null ? "null" : inputGrads.length + " gradients") + " for "
                    + node.inputCount() + " inputs: return one per input (null where none is needed)");
        }
        for (int i = 0; i < inputGrads.length; i++) {
            Tensor input = node.input(i);
            Tensor g = inputGrads[i];
            if (input == null || g == null || !input.requiresGrad()) {
                continue;
            }
            if (!Arrays.equals(g.shape(), input.shape()) || g.dtype() != input.dtype()) {
                throw new IllegalStateException(node.name() + ".backward returned a gradient of shape "
                        + Shape.str(g.shape()) + " (" + g.dtype() + ") for input " + i + " of shape "
                        + Shape.str(input.shape()) + " (" + input.dtype() + ")");
            }
            Node producer = input.gradFn();
            if (producer == null) {
                // A new leaf gradient that nothing else holds becomes the leaf's .grad without a copy.
                boolean adopted = mark >= 0 && input.grad() == null
                        && Workspace.adoptAsGrad(input, g, mark, stillHeld(pending, inputGrads, i));
                if (!adopted) {
                    input.accumulateGrad(g);
                    finished.add(g);
                }
            } else {
                Tensor before = pending.get(producer);
                if (before == null) {
                    pending.put(producer, g);
                } else {
                    pending.put(producer, before.add(g));
                    finished.add(before);
                    finished.add(g);
                }
            }
        }
    }

    /** The gradients still in use besides input {@code i}'s: every pending one and the node's others. */
    private static List<Tensor> stillHeld(Map<Node, Tensor> pending, Tensor[] inputGrads, int i) {
        List<Tensor> held = new ArrayList<>(pending.values());
        for (int j = 0; j < inputGrads.length; j++) {
            if (j != i && inputGrads[j] != null) {
                held.add(inputGrads[j]);
            }
        }
        return held;
    }

    /** Nodes reachable from {@code root}, each before every node it consumes the output of. */
    private static List<Node> topologicalOrder(Node root) {
        List<Node> postOrder = new ArrayList<>();
        Set<Node> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {root, 0});
        visited.add(root);
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            Node node = (Node) frame[0];
            int next = (Integer) frame[1];
            if (next < node.inputCount()) {
                frame[1] = next + 1;
                Tensor in = node.input(next);
                Node child = in == null ? null : in.gradFn();
                if (child != null && visited.add(child)) {
                    stack.push(new Object[] {child, 0});
                }
            } else {
                stack.pop();
                postOrder.add(node);
            }
        }
        Collections.reverse(postOrder);
        return postOrder;
    }
}
