package dev.mnemos.agents;

import dev.mnemos.kernel.context.Prompts;
import dev.mnemos.kernel.process.AgentConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The system prompts of the agent types, read from {@code dev/mnemos/agents/prompts/}. Each is the
 * kernel's own system prompt (how the memory tiers and tools work) followed by what the type adds:
 * the kernel's text is not repeated in these files.
 */
final class AgentPrompts {

    private static final String ROOT = "/dev/mnemos/agents/prompts/";

    private AgentPrompts() {}

    /** The kernel's system prompt, then the type's prompt file with its placeholders filled. */
    static String system(String file, Map<String, ?> values) {
        return Prompts.standard().systemPrompt() + "\n\n" + Prompts.fill(resource(file), values);
    }

    /** The kernel's compact system prompt, then the type's compact prompt file: for a small window. */
    static String compactSystem(String file, Map<String, ?> values) {
        return Prompts.standard().compactSystemPrompt() + "\n\n" + Prompts.fill(resource(file), values);
    }

    /** {@code base} with this system prompt and tool table; model settings, pager and step limit stay. */
    static AgentConfig config(AgentConfig base, String systemPrompt, List<String> tools) {
        return new AgentConfig(systemPrompt, base.contextWindowTokens(), base.modelName(), base.temperature(), base.maxOutputTokens(),
                base.pager(), base.maxStepsPerInterrupt(), tools);
    }

    /** A prompt file as it is. */
    static String resource(String file) {
        try (InputStream in = Objects.requireNonNull(AgentPrompts.class.getResourceAsStream(ROOT + file), "missing resource " + ROOT + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
