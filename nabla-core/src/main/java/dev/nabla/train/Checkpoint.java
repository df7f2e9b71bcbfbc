package dev.nabla.train;

import dev.nabla.data.DataLoader.Position;
import dev.nabla.io.Safetensors;
import dev.nabla.nn.Module;
import dev.nabla.optim.LRScheduler;
import dev.nabla.optim.Optimizer;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A resumable checkpoint in one safetensors file, written atomically: the model's state dict under
 * {@code model.}, the optimizer's under {@code optimizer.}, a learning-rate schedule's (if any) under
 * {@code schedule.}, and the {@link TrainingState} as JSON in the
 * file's metadata. One file means one rename, so a run killed at any moment leaves either the previous
 * checkpoint or the new one, never a mix.
 */
public final class Checkpoint {
    static final String MODEL = "model.";
    static final String OPTIMIZER = "optimizer.";
    static final String SCHEDULE = "schedule.";
    static final String STATE_KEY = "nabla.training_state";
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .build();

    private Checkpoint() {}

    /** Saves the model, the optimizer, the schedule (null for none) and the training state. */
    public static void save(Path file, Module model, Optimizer optimizer, LRScheduler schedule, TrainingState state)
            throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        model.stateDict().forEach((k, v) -> tensors.put(MODEL + k, v));
        optimizer.stateDict().forEach((k, v) -> tensors.put(OPTIMIZER + k, v));
        if (schedule != null) {
            schedule.stateDict().forEach((k, v) -> tensors.put(SCHEDULE + k, v));
        }
        Safetensors.write(file, tensors, Map.of(STATE_KEY, toJson(state)));
    }

    /**
     * Restores the model, the optimizer and the models' random generators from a checkpoint, and returns
     * the training state to continue from.
     *
     * @throws IOException for an unreadable file or one that is not a nabla checkpoint
     * @throws IllegalArgumentException when the checkpoint does not fit this model or optimizer
     */
    public static TrainingState restore(Path file, Module model, Optimizer optimizer, LRScheduler schedule)
            throws IOException {
        Safetensors.Contents c = Safetensors.read(file);
        String json = c.metadata().get(STATE_KEY);
        if (json == null) {
            throw new IOException(file + " is not a nabla training checkpoint (no " + STATE_KEY + " metadata)");
        }
        Map<String, Tensor> modelState = new LinkedHashMap<>();
        Map<String, Tensor> optimizerState = new LinkedHashMap<>();
        Map<String, Tensor> scheduleState = new LinkedHashMap<>();
        c.tensors().forEach((k, v) -> {
            if (k.startsWith(MODEL)) {
                modelState.put(k.substring(MODEL.length()), v);
            } else if (k.startsWith(OPTIMIZER)) {
                optimizerState.put(k.substring(OPTIMIZER.length()), v);
            } else if (k.startsWith(SCHEDULE)) {
                scheduleState.put(k.substring(SCHEDULE.length()), v);
            }
        });
        TrainingState state = fromJson(file, json);
        if ((schedule == null) != scheduleState.isEmpty()) {
            throw new IllegalArgumentException("checkpoint " + file + (schedule == null
                    ? " has a learning-rate schedule but this run has none" : " has no learning-rate schedule but this run has one"));
        }
        model.loadStateDict(modelState);
        optimizer.loadStateDict(optimizerState);
        if (schedule != null) {
            schedule.loadStateDict(scheduleState);
        }
        Map<String, Rng> rngs = model.namedRngs();
        if (!rngs.keySet().equals(state.rngStates().keySet())) {
            throw new IllegalArgumentException("checkpoint " + file + " has random generators "
                    + state.rngStates().keySet() + " but the model has " + rngs.keySet());
        }
        rngs.forEach((k, rng) -> rng.setState(state.rngStates().get(k)));
        return state;
    }

    static String toJson(TrainingState s) {
        ObjectNode root = JSON.createObjectNode();
        root.put("step", s.step());
        root.put("epoch", s.position().epoch());
        root.put("index", s.position().index());
        ObjectNode rngs = root.putObject("rng");
        s.rngStates().forEach((k, v) -> {
            ArrayNode a = rngs.putArray(k);
            for (long x : v) {
                a.add(x);
            }
        });
        ArrayNode rows = root.putArray("history");
        for (Evaluation e : s.history()) {
            rows.addArray().add(e.step()).add(e.epoch()).add(e.trainLoss()).add(e.trainAcc()).add(e.testLoss())
                    .add(e.testAcc()).add(e.lr()).add(e.seconds());
        }
        root.put("seconds", s.seconds());
        return JSON.writeValueAsString(root);
    }

    static TrainingState fromJson(Path file, String json) throws IOException {
        try {
            JsonNode r = JSON.readTree(json);
            Map<String, long[]> rngs = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : r.get("rng").properties()) {
                long[] v = new long[e.getValue().size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = e.getValue().get(i).asLong();
                }
                rngs.put(e.getKey(), v);
            }
            List<Evaluation> history = new ArrayList<>();
            for (JsonNode row : r.get("history")) {
                history.add(new Evaluation(row.get(0).asLong(), row.get(1).asInt(), row.get(2).asDouble(),
                        row.get(3).asDouble(), row.get(4).asDouble(), row.get(5).asDouble(), row.get(6).asDouble(),
                        row.get(7).asDouble()));
            }
            return new TrainingState(r.get("step").asLong(), new Position(r.get("epoch").asInt(), r.get("index").asInt()),
                    rngs, history, r.get("seconds").asDouble());
        } catch (JacksonException | NullPointerException e) {
            throw new IOException(file + ": the training state in the checkpoint is malformed: " + e.getMessage(), e);
        }
    }
}
