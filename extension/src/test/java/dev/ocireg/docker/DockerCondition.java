package dev.ocireg.docker;

import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Disables {@link RequiresDocker} tests, saying why, where Docker or busybox-static is missing. */
public final class DockerCondition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<String> reason = DockerCli.unavailableReason();
        return reason.map(ConditionEvaluationResult::disabled)
                .orElseGet(() ->
                        ConditionEvaluationResult.enabled("a Docker daemon answers and busybox-static is installed"));
    }
}
