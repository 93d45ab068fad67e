package io.agentdeck.engine.tool;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Every tool an agent could be given: the built-in ones and those of the connected MCP servers, which come and go as
 * servers start, stop and fail; so the catalog asks its sources each time.
 */
public final class ToolCatalog {
    private final List<Tool> builtins;
    private final List<Supplier<List<Tool>>> sources = new CopyOnWriteArrayList<>();

    public ToolCatalog(List<Tool> builtins) {
        this.builtins = List.copyOf(builtins);
    }

    /** Adds a source of tools, such as the MCP servers; asked whenever the catalog is read. */
    public void addSource(Supplier<List<Tool>> source) {
        sources.add(source);
    }

    public List<Tool> all() {
        List<Tool> all = new ArrayList<>(builtins);
        for (Supplier<List<Tool>> source : sources) {
            all.addAll(source.get());
        }
        return all;
    }

    public Optional<Tool> find(String name) {
        return all().stream().filter(tool -> tool.info().name().equals(name)).findFirst();
    }
}
