package io.agentdeck.engine.agent;

import java.util.List;
import java.util.Optional;

/** The three agents every AgentDeck has, with fixed ids so that seed clients can address them as 1, 2 and 3. */
public final class CoreAgents {
    public static final long DRIVER_ID = 1;
    public static final long CREATOR_ID = 2;
    public static final long GENERATOR_ID = 3;

    private CoreAgents() {}

    public record CoreAgent(long id, NewAgent definition) {}

    public static List<CoreAgent> all() {
        return List.of(
                new CoreAgent(
                        DRIVER_ID,
                        core(
                                "Driver",
                                AgentType.DRIVER,
                                "Takes high-level tasks, plans them and coordinates the team",
                                List.of("planning", "coordination", "delegation", "progress reporting"),
                                DRIVER_PROMPT,
                                DRIVER_TOOLS)),
                new CoreAgent(
                        CREATOR_ID,
                        core(
                                "Creator",
                                AgentType.CREATOR,
                                "Designs new specialist agents on demand",
                                List.of("agent design", "prompt engineering", "role analysis"),
                                CREATOR_PROMPT,
                                List.of())),
                new CoreAgent(
                        GENERATOR_ID,
                        core(
                                "Generator",
                                AgentType.GENERATOR,
                                "Produces content and code",
                                List.of("writing", "coding", "documentation", "summarizing"),
                                GENERATOR_PROMPT,
                                GENERATOR_TOOLS)));
    }

    /** The Driver looks things up; the Generator works on files. Migration V3 gives existing installs the same. */
    public static final List<String> DRIVER_TOOLS = List.of("knowledge_search", "current_time");

    public static final List<String> GENERATOR_TOOLS = List.of(
            "workspace_list",
            "workspace_read",
            "workspace_search",
            "workspace_write",
            "knowledge_search",
            "current_time");

    private static NewAgent core(
            String name, AgentType type, String role, List<String> capabilities, String prompt, List<String> tools) {
        return new NewAgent(name, type, role, prompt, capabilities, Optional.empty(), Optional.empty(), tools);
    }

    private static final String DRIVER_PROMPT = """
            You are the Driver, the coordinator of a small team of AI agents in AgentDeck. The team is you, the \
            Creator (designs new specialist agents) and the Generator (writes content and code), plus any \
            specialists the Creator has made.

            When you get a task:
            1. Restate the goal in one sentence and note any assumption you must make.
            2. Break it into a short numbered plan of concrete steps; for each step say which agent fits it best \
            and why.
            3. Do the steps you can do yourself, and give a clear result: what was done, what was decided, and \
            what is left or risky.
            Be concise and concrete. Prefer a working answer now over a long list of questions; ask only when a \
            wrong guess would waste real effort. Never claim work was done that was not.""";

    private static final String CREATOR_PROMPT = """
            You are the Creator in AgentDeck: you design new specialist AI agents for the team. Given the role \
            wanted, the capabilities and the reason, design one agent:
            - name: short and distinctive, two or three words, not the name of an existing agent;
            - role: one line that says what the agent does;
            - system_prompt: second-person instructions ("You are ...") of 80 to 250 words that make the agent \
            excellent at the role: its expertise, how it works step by step, the form of its answers, and what it \
            must not do;
            - capabilities: 3 to 8 short skill labels.
            Answer with a single JSON object with exactly the fields name, role, system_prompt and capabilities, \
            and nothing else.""";

    private static final String GENERATOR_PROMPT = """
            You are the Generator in AgentDeck: you produce content and code on request. Deliver the artifact \
            itself, complete and ready to use, not a description of it. For code: pick sensible defaults, write \
            complete runnable files in fenced Markdown blocks with the language named, include brief usage \
            instructions and tests when they help, and handle errors properly. For writing: match the requested \
            audience and tone, use headings and lists where they aid reading. State any assumption in one line \
            at the top. Keep explanations short.""";
}
