package io.agentdeck.persistence;

import io.agentdeck.engine.agent.AgentType;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "agents")
class AgentEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "name", nullable = false)
    private String name;

    /** The lower-cased name, unique: names clash regardless of case. */
    @Column(name = "name_key", nullable = false)
    private String nameKey;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(name = "type", nullable = false)
    private AgentType type;

    @Column(name = "role", nullable = false)
    private String role;

    @Column(name = "system_prompt", nullable = false)
    private String systemPrompt;

    @Convert(converter = StringListJsonConverter.class)
    @Column(name = "capabilities", nullable = false)
    private List<String> capabilities;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "created_by")
    private Long createdBy;

    @Column(name = "reason")
    private String reason;

    /** Null: the settings' default number of generations at once. */
    @Column(name = "max_parallel")
    private Integer maxParallel;

    /** Null for agents stored before tools existed: no tools. */
    @Convert(converter = StringListJsonConverter.class)
    @Column(name = "tools")
    private List<String> tools;

    protected AgentEntity() {}

    AgentEntity(
            String name,
            AgentType type,
            String role,
            String systemPrompt,
            List<String> capabilities,
            Instant createdAt,
            Long createdBy,
            String reason,
            List<String> tools) {
        this.name = name;
        this.nameKey = keyOf(name);
        this.type = type;
        this.role = role;
        this.systemPrompt = systemPrompt;
        this.capabilities = List.copyOf(capabilities);
        this.createdAt = createdAt;
        this.createdBy = createdBy;
        this.reason = reason;
        this.tools = List.copyOf(tools);
    }

    List<String> tools() {
        return tools == null ? List.of() : tools;
    }

    void setTools(List<String> names) {
        this.tools = List.copyOf(names);
    }

    static String keyOf(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    long id() {
        return id;
    }

    String name() {
        return name;
    }

    AgentType type() {
        return type;
    }

    String role() {
        return role;
    }

    String systemPrompt() {
        return systemPrompt;
    }

    List<String> capabilities() {
        return capabilities;
    }

    Instant createdAt() {
        return createdAt;
    }

    Long createdBy() {
        return createdBy;
    }

    String reason() {
        return reason;
    }

    Integer maxParallel() {
        return maxParallel;
    }

    void setMaxParallel(Integer value) {
        this.maxParallel = value;
    }
}
