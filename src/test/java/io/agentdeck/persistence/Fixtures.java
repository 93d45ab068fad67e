package io.agentdeck.persistence;

import io.agentdeck.engine.agent.AgentType;
import io.agentdeck.engine.agent.NewAgent;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

final class Fixtures {
    private Fixtures() {}

    static DatabaseConfig config(Path dir) {
        return DatabaseConfig.h2File(dir.resolve("db").resolve("agentdeck"));
    }

    static Database open(Path dir) {
        return Database.open(config(dir));
    }

    static NewAgent dynamicAgent(String name) {
        return new NewAgent(
                name,
                AgentType.DYNAMIC,
                "Researches " + name,
                "You are " + name + ".",
                List.of("search", "summarise"),
                Optional.empty(),
                Optional.of("needed for tests"));
    }

    static NewAgent coreAgent(String name, AgentType type) {
        return new NewAgent(
                name, type, name + " role", "You are " + name + ".", List.of(), Optional.empty(), Optional.empty());
    }
}
