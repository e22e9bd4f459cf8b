package dev.mnemos.cli.serve.letta;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.mnemos.cli.serve.Bodies.ToolBody;
import dev.mnemos.cli.serve.Caller;
import dev.mnemos.cli.serve.ErrorResponses;
import dev.mnemos.cli.serve.ToolResource;
import dev.mnemos.cli.serve.letta.LettaBodies.Tool;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * Letta's {@code /v1/tools}: the tools of the caller's organisation (what its agents are offered: mnemos' syscalls
 * and the tools of the MCP servers they attached), listed by name, and one by its id ({@code tool-NAME}). Tools are
 * not created here: mnemos' come with the kernel, the others with an MCP server.
 */
@Path("/v1/tools")
@Produces(MediaType.APPLICATION_JSON)
public class LettaOrganizationToolResource {

    @Inject
    ToolResource tools;

    @Inject
    Caller caller;

    @GET
    public List<Tool> list(@QueryParam("name") String name, @QueryParam("before") String before, @QueryParam("after") String after,
                           @QueryParam("limit") Integer limit) {
        return page(tools.organization(caller.organization()), name, before, after, limit);
    }

    /** A page of {@code tools} as Letta's tools: those named {@code name} (all when null), by id. */
    static List<Tool> page(List<ToolSpecification> tools, String name, String before, String after, Integer limit) {
        List<Tool> all = tools.stream().filter(t -> name == null || t.name().equals(name)).map(ToolBody::of).map(Tool::of).toList();
        return ArrayPages.page(all, Tool::id, before, after, limit);
    }

    @GET
    @Path("/{tool_id}")
    public Tool retrieve(@PathParam("tool_id") String toolId) {
        return Tool.of(ToolBody.of(find(tools.organization(caller.organization()), toolId)));
    }

    /**
     * The tool of that Letta id among {@code tools}.
     *
     * @throws ErrorResponses.NotFound when there is none
     */
    static ToolSpecification find(List<ToolSpecification> tools, String toolId) {
        return tools.stream().filter(t -> Tool.id(t.name()).equals(toolId)).findFirst()
                .orElseThrow(() -> new ErrorResponses.NotFound("no tool '" + toolId + "' (ids are tool-NAME; GET /v1/tools lists them)"));
    }
}
