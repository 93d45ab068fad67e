package io.agentdeck.engine.chat;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import io.agentdeck.engine.agent.Agent;
import io.agentdeck.engine.knowledge.KnowledgeRetriever;
import io.agentdeck.engine.knowledge.Passage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds what the model sees: the agent's system prompt with relevant knowledge, the thread's remembered turns,
 * then the new message. The system prompt is not stored in memory, so editing an agent takes effect at once.
 */
public final class PromptBuilder {
    private final KnowledgeRetriever knowledge;

    public PromptBuilder(KnowledgeRetriever knowledge) {
        this.knowledge = knowledge;
    }

    public ChatRequest build(
            Agent agent, List<ChatMessage> remembered, String text, Optional<ResponseFormat> responseFormat) {
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(SystemMessage.from(systemPrompt(agent, text)));
        messages.addAll(remembered);
        messages.add(UserMessage.from(text));
        ChatRequest.Builder request = ChatRequest.builder().messages(messages);
        responseFormat.ifPresent(request::responseFormat);
        return request.build();
    }

    private String systemPrompt(Agent agent, String text) {
        List<Passage> passages = knowledge.retrieve(text);
        if (passages.isEmpty()) {
            return agent.systemPrompt();
        }
        StringBuilder prompt = new StringBuilder(agent.systemPrompt())
                .append("\n\nRelevant passages from the knowledge base. Use them when they help, say which source you"
                        + " used, and do not invent facts they do not contain:\n");
        for (int i = 0; i < passages.size(); i++) {
            Passage passage = passages.get(i);
            prompt.append("\n[")
                    .append(i + 1)
                    .append("] (")
                    .append(passage.source())
                    .append(")\n")
                    .append(passage.text().strip())
                    .append('\n');
        }
        return prompt.toString();
    }
}
