package io.agentdeck.engine.tool;

import io.agentdeck.engine.EngineException;
import java.util.Locale;

/** Whether a tool runs when an agent calls it: at once, after a person approves the call, or never. */
public enum ToolPolicy {
    ALLOW,
    ASK,
    DENY;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ToolPolicy parse(String text) {
        for (ToolPolicy policy : values()) {
            if (policy.wireName().equals(text)) {
                return policy;
            }
        }
        throw EngineException.invalid("'policy' must be one of allow, ask, deny; was \"" + text + "\".");
    }

    /** Read-only tools run without asking; anything that may change something asks first. */
    public static ToolPolicy defaultFor(ToolInfo tool) {
        return tool.readOnly() ? ALLOW : ASK;
    }
}
