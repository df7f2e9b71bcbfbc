package dev.nabla.testing;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Keeps the {@code *WithoutVectorTest} classes out of a JVM that has {@code jdk.incubator.vector}. They
 * belong to nabla-core's {@code without-vector-module} surefire execution, whose JVM lacks the module; the
 * default execution excludes them by name, but a {@code -Dtest=...} selection replaces surefire's
 * excludes, and then this condition skips them there instead of letting them fail. Registered through
 * META-INF/services, with extension autodetection switched on in nabla-core's surefire configuration.
 */
public final class VectorModuleCondition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        boolean withoutVectorTest = context.getTestClass()
                .map(c -> c.getSimpleName().endsWith("WithoutVectorTest"))
                .orElse(false);
        if (withoutVectorTest && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            return ConditionEvaluationResult.disabled("this JVM has jdk.incubator.vector; the test runs in the"
                    + " without-vector-module execution");
        }
        return ConditionEvaluationResult.enabled("no Vector API requirement");
    }
}
