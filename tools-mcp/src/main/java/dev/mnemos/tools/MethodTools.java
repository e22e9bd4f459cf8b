package dev.mnemos.tools;

import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecifications;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.service.tool.DefaultToolExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Tools written as Java methods annotated with LangChain4j's {@link Tool}: LangChain4j derives each one's name,
 * description and schema ({@link ToolSpecifications}) and runs it ({@link DefaultToolExecutor}); the methods run on
 * {@link ToolWorkers}, since they may block.
 */
public final class MethodTools {

    private static final ObjectMapper JSON = new ObjectMapper();

    private MethodTools() {}

    /** The {@code @Tool} methods of an object, each with {@link ToolDefinition#DEFAULT_TIMEOUT}. */
    public static List<ToolDefinition> of(Object target, ToolWorkers workers) {
        return of(target, workers, ToolDefinition.DEFAULT_TIMEOUT);
    }

    /**
     * The {@code @Tool} methods of an object as tool definitions.
     *
     * @param target the object whose methods run
     * @param workers where they run
     * @param timeout how long one call may take
     * @throws IllegalArgumentException when two methods claim the same tool name (LangChain4j's check)
     */
    public static List<ToolDefinition> of(Object target, ToolWorkers workers, Duration timeout) {
        ToolSpecifications.validateSpecifications(ToolSpecifications.toolSpecificationsFrom(target));
        var definitions = new ArrayList<ToolDefinition>();
        for (var method : target.getClass().getDeclaredMethods()) {
            if (!method.isAnnotationPresent(Tool.class)) {
                continue;
            }
            var specification = ToolSpecifications.toolSpecificationFrom(method);
            var executor = new DefaultToolExecutor(target, method);
            ToolHandler handler = arguments -> workers.run(() -> {
                var request = ToolExecutionRequest.builder()
                        .name(specification.name())
                        .arguments(JSON.writeValueAsString(arguments))
                        .build();
                var result = executor.executeWithContext(request, InvocationContext.builder().build());
                return result.isError() ? ToolOutput.failure(result.resultText()) : ToolOutput.text(result.resultText());
            });
            definitions.add(new ToolDefinition(specification.name(), specification.description(),
                    ToolSchema.from(specification.parameters()), timeout, handler));
        }
        return definitions;
    }
}
