package io.agentdeck.engine.tool;

import java.util.function.Function;

/** A tool whose work is one function of its arguments: the built-in tools. */
record FunctionTool(ToolInfo info, Function<ToolArguments, String> body) implements Tool {
    @Override
    public String run(ToolArguments arguments) {
        return body.apply(arguments);
    }
}
